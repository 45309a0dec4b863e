"""The write path of issue 13 alone: ``POST /api/v1/members`` at N clients beside ``GET /healthz`` at N clients,
on the whole development stack, without loading a country first (minutes instead of ``national.py``'s tens).

    .venv/bin/python bench/membership_write.py [--clients 32] [--seconds 20] [--rounds 3] [--scale 0.0005]
        [--client lean|httpx] [--membership-processes 1] [--pool N]

It starts the stack as ``national.py`` does, imports a small tree (``--scale`` of the country's organisations),
waits until reporting knows the probe branch, then runs ``--rounds`` rounds of: the ceiling (``GET /healthz``),
then ``POST /members`` with a prober timing write → visible in reporting. Each round prints a line; the medians
close the run with the load average before and after. The ratio to the ceiling of the same round is the figure
that means something on a shared machine. ``--hold S`` keeps the stack up S seconds after the rounds (to drive
it and attach py-spy), then stops it (an interrupted run left its servers behind). ``--client`` picks the load
generator of the ceiling and the writes: ``lean`` (``bench/loadgen.py``, the default) or ``httpx`` (the former one,
to compare with the figures measured before the lean one existed). ``--membership-processes N`` starts N − 1
replicas of membership beside its first process (``Stack.start_replica``, as the runbook scales a service: each
on its own port with its own relay, consumers and webhook dispatcher); the load generator's connections are
shared among them in turn and the CPU figures add up every membership process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
import loadgen
import national_ceilings as ceilings
from national import membership_urls, progress, start_stack
from national_country import country
from national_load import cpu_seconds, import_orgs, org_ids, post_members, server_cpu

from grassroots_cli.stack import Stack
from shared.auth import mint_token


async def wait_known(reporting: httpx.AsyncClient, org_id: str, timeout: float = 120) -> None:
    deadline = time.perf_counter() + timeout
    while (await reporting.get(f"/api/v1/reports/{org_id}/summary", params={"period": "2026"})).status_code != 200:
        if time.perf_counter() > deadline:
            raise TimeoutError("reporting never learnt the probe branch")
        await asyncio.sleep(0.25)


def postgres_cpu(stack: Stack) -> float:
    """CPU seconds of the PostgreSQL server so far: the postmaster, its live backends and those that exited."""
    assert stack.postgres is not None
    return server_cpu(int((stack.postgres.cluster_dir / "pgdata" / "postmaster.pid").read_text().split()[0]))


async def sessions(stack: Stack) -> tuple[int, int]:
    """Connections opened so far to membership's database, and its transactions (committed and rolled back; a
    statement outside ``BEGIN`` is one): ``pg_stat_database``'s ``sessions`` and ``xact_commit + xact_rollback``."""
    import asyncpg

    dsn = stack.database_url("membership").replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    try:
        row = await conn.fetchrow(
            "SELECT sessions, xact_commit + xact_rollback AS xacts FROM pg_stat_database"
            " WHERE datname = current_database()"
        )
        return int(row["sessions"]), int(row["xacts"])
    finally:
        await conn.close()


async def measure(stack: Stack, args: argparse.Namespace) -> None:
    token = mint_token(stack.jwt_secret, subject="write-bench", org="*", roles=["admin"])
    # idle connections dropped before uvicorn's 5 s keep-alive ends them under a request (a ReadError)
    headers, limits = {"Authorization": f"Bearer {token}"}, httpx.Limits(max_connections=64, keepalive_expiry=2)
    membership, reporting = (
        httpx.AsyncClient(base_url=stack.url(s), headers=headers, timeout=120, limits=limits)
        for s in ("membership", "reporting")
    )
    made = country(args.scale)
    await import_orgs(membership, made, parallel=2)
    ids = await org_ids(membership, "branch", len(made.branches))
    branches = [ids[b.code] for b in made.branches if b.code in ids]
    await wait_known(reporting, branches[0])
    rows: list[tuple[float, ...]] = []
    first = 10_000_000
    load = [
        loadgen.client_for(args.client, membership_urls(stack), headers),
        loadgen.client_for(args.client, stack.url("reporting"), headers),
    ]
    for n in range(args.rounds):
        rows.append(await one_round(stack, load[0], load[1], branches, args, first, n + 1))
        first += 1_000_000
    for client in load:
        await client.aclose()
    med = [statistics.median(r[i] for r in rows) for i in range(6)]
    print(
        f"median of {args.rounds}: healthz {med[0]:,.0f} req/s, POST /members {med[1]:,.0f} req/s "
        f"(ratio {med[1] / med[0]:.2f}), p99 {med[2]:,.0f} ms, visible p99 {med[3]:,.0f} ms, "
        f"CPU per POST: membership {med[4]:,.0f} µs, PostgreSQL {med[5]:,.0f} µs"
    )
    if args.hold:
        print(f"membership pid {stack.processes['membership'].pid}; holding {args.hold:.0f} s", flush=True)
        await asyncio.sleep(args.hold)
    await membership.aclose()
    await reporting.aclose()


async def one_round(
    stack: Stack,
    membership: loadgen.Client,
    reporting: loadgen.Client,
    branches: list[str],
    args: argparse.Namespace,
    first: int,
    n: int,
) -> tuple[float, ...]:
    """The ceiling then the writes; the CPU each request cost membership, PostgreSQL and this process (the load
    generator: its clients and the prober), and the share of a core membership used while the writes ran (on two
    shared cores, a membership short of one core is not what bounds the rate)."""
    pids = [p.pid for name, p in stack.processes.items() if stack.service_of(name) == "membership"]

    def membership_cpu() -> float:
        return sum(cpu_seconds(pid) for pid in pids)

    urls = membership_urls(stack)
    idle, mine, started = membership_cpu(), time.process_time(), time.perf_counter()
    ceiling = await ceilings.http_ceiling(urls, args.clients, args.seconds / 2, args.client)
    gets = ceiling * (time.perf_counter() - started)
    per_get = [(membership_cpu() - idle) / gets * 1e6, (time.process_time() - mine) / gets * 1e6]
    cpu, opened = (membership_cpu(), postgres_cpu(stack), time.process_time()), await sessions(stack)
    spy = spy_on(pids[0], args) if args.spy and n == args.rounds else None
    write = await post_members(membership, reporting, branches, args.clients, args.seconds, first)
    posts = write.rate * args.seconds
    now, counts = (membership_cpu(), postgres_cpu(stack), time.process_time()), await sessions(stack)
    if spy is not None:
        spy.wait()
    opened, xacts = counts[0] - opened[0], (counts[1] - opened[1]) / posts
    used = [(after - before) / posts * 1e6 for before, after in zip(cpu, now, strict=True)]
    print(
        f"round {n}: healthz {ceiling:,.0f} req/s, POST /members {write.rate:,.0f} req/s "
        f"(ratio {write.rate / ceiling:.2f}), p99 {write.p99_ms:,.0f} ms, visible p99 "
        f"{write.visible_p99_ms:,.0f} ms, errors {write.errors} ({write.status_counts}); CPU per POST: "
        f"membership {used[0]:,.0f} µs, "
        f"PostgreSQL (all databases) {used[1]:,.0f} µs, load generator {used[2]:,.0f} µs; CPU per GET /healthz: "
        f"membership {per_get[0]:,.0f} µs, load generator {per_get[1]:,.0f} µs; membership busy "
        f"{used[0] * write.rate / 1e6:.2f} core during the writes; connections opened by membership {opened}; "
        f"transactions in membership's database per POST {xacts:.2f}; "
        f"load {os.getloadavg()[0]:.1f}; {args.client} load generator; {len(pids)} membership process(es)",
        flush=True,
    )
    return (ceiling, write.rate, write.p99_ms, write.visible_p99_ms, used[0], used[1])


def spy_on(pid: int, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    """py-spy on membership's first process through the last round's writes (``--spy FILE``: a flame graph, or
    collapsed stacks when FILE ends in ``.txt``), sampling at 200 Hz without pausing it; ``PY_SPY`` names the
    binary when it is not on the PATH."""
    raw = args.spy.endswith(".txt")
    command = [os.environ.get("PY_SPY", "py-spy"), "record", "--pid", str(pid), "--rate", "200", "--nonblocking"]
    command += ["--duration", str(max(1, int(args.seconds) - 1)), "--output", args.spy]
    return subprocess.Popen([*command, *(["--format", "raw"] if raw else [])], stdout=subprocess.DEVNULL)


def discard_cluster(stack: Stack) -> None:
    """A durable embedded server kept outside the run's folder (running as root, in the shared root) is kept by
    ``stop``: a benchmark's data is thrown away with its folder."""
    if stack.postgres is not None and stack.postgres.cluster_dir != stack.postgres.data_dir:
        shutil.rmtree(stack.postgres.cluster_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.0005, help="fraction of the country's organisations")
    parser.add_argument("--client", choices=("lean", "httpx"), default="lean", help="the load generator")
    parser.add_argument("--hold", type=float, default=0.0, help="seconds to keep the stack up after the rounds")
    parser.add_argument("--membership-processes", type=int, default=1, help="membership's processes (replicas)")
    parser.add_argument("--spy", default=None, help="py-spy output of the last round's writes (.svg, or .txt)")
    parser.add_argument("--pool", type=int, default=None, help="membership's database pool size (default: its own)")
    args = parser.parse_args()
    if args.pool is not None:  # the stack's processes inherit the environment
        os.environ["MEMBERSHIP_DATABASE_POOL_SIZE"] = str(args.pool)
    if args.membership_processes > 1 and args.client != "lean":
        parser.error("--membership-processes above 1 takes the lean load generator")
    before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="write-bench-") as folder:
        stack = start_stack(Path(folder) / "stack", args.membership_processes)
        try:
            asyncio.run(measure(stack, args))
        finally:
            stack.stop()
            discard_cluster(stack)
    after = os.getloadavg()
    print(f"load average (1/5/15) before {before[0]:.2f}/{before[1]:.2f}/{before[2]:.2f}, "
          f"after {after[0]:.2f}/{after[1]:.2f}/{after[2]:.2f}; {os.cpu_count()} cores")  # fmt: skip


if __name__ == "__main__":
    progress("write bench")
    main()
