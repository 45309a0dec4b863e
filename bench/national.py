"""The national run of issue 13: a generated country loaded through the public APIs of the whole stack, each goal
measured and divided by a ceiling measured in the same run, in one table.

    .venv/bin/python bench/national.py [--scale 1.0] [--quick] [--clients 32] [--data-dir DIR]

It starts the development stack (``grassroots_cli.stack.Stack``: embedded PostgreSQL with durable settings,
nats-server, the four services as uvicorn processes), measures the ceilings (``national_ceilings``), imports the
organisations (``POST /api/v1/orgs/import``, one request per province) and the members (``POST /api/v1/imports``,
CSV files of at most 500,000 rows) until every province's total in reporting is exact, posts members at
``--clients`` clients while a prober times write → visible in reporting, reads a province's summary and
breakdown, and finally rebuilds reporting from the streams. ``--quick`` is a small scale (0.002: about 11,000
members and 700 organisations) with shorter timed phases. The machine's load average is printed before and
after: on a shared machine a raw figure means little, the ratio to the ceiling of the same run is the result.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
import psutil

sys.path.insert(0, str(Path(__file__).parent))
import loadgen
import national_ceilings as ceilings
from national_country import FULL_MEMBERS, Country, country, write_members
from national_load import cpu_seconds, import_file, import_orgs, org_ids, post_members, read_p99, wait_totals

from grassroots_cli.stack import Stack
from shared.auth import mint_token


@dataclass
class Line:
    figure: str
    value: float
    unit: str
    ceiling: float | None = None
    ceiling_name: str = ""
    goal: str = ""
    passed: bool | None = None

    @property
    def ratio(self) -> str:
        return f"{self.value / self.ceiling:.2f}" if self.ceiling else "—"


def fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def print_table(lines: list[Line], load_before: tuple[float, ...], load_after: tuple[float, ...], note: str) -> None:
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    print(f"\nnational bench ({note}) on {platform.node()}, {os.cpu_count()} cores, {when}")
    before, after = (f"{x[0]:.2f} / {x[1]:.2f} / {x[2]:.2f}" for x in (load_before, load_after))
    print(f"load average (1 / 5 / 15 min) before {before}, after {after}")
    print("| figure | value | ceiling (same run) | ratio | goal | pass |")
    print("|---|---|---|---|---|---|")
    for x in lines:
        ceiling = f"{fmt(x.ceiling)} ({x.ceiling_name})" if x.ceiling else "—"
        verdict = "—" if x.passed is None else ("pass" if x.passed else "FAIL")
        print(f"| {x.figure} | {fmt(x.value)} {x.unit} | {ceiling} | {x.ratio} | {x.goal or '—'} | {verdict} |")


def progress(message: str) -> None:
    print(f"{datetime.now(UTC):%H:%M:%S} load {os.getloadavg()[0]:.1f}: {message}", file=sys.stderr, flush=True)


def start_stack(data_dir: Path, membership_processes: int = 1) -> Stack:
    """The whole stack, with ``membership_processes - 1`` replicas of membership beside its first process (each
    on its own port with its own relay, consumers and webhook dispatcher, as the runbook scales a service)."""
    stack = Stack(data_dir, db_prefix="national")
    progress(f"starting the stack in {data_dir}")
    stack.start_servers()
    stack.migrate()
    stack.start_services(default_ports=False)
    for _ in range(membership_processes - 1):
        stack.start_replica("membership")
    stack.wait_ready(timeout=180)
    return stack


def membership_urls(stack: Stack) -> list[str]:
    """Membership's first process and its replicas: the write phase's load generator spreads over them."""
    return [stack.url(name) for name in stack.processes if stack.service_of(name) == "membership"]


async def pending_members(stack: Stack) -> int:
    """Messages of the MEMBERSHIP stream not yet acknowledged by every durable consumer."""
    import nats

    nc = await nats.connect(stack.nats_url)
    try:
        infos = await nc.jetstream().consumers_info("MEMBERSHIP")
        return sum((i.num_pending or 0) + (i.num_ack_pending or 0) for i in infos)
    finally:
        await nc.close()


@dataclass
class Run:
    """What the phases share: the stack, clients of each service, the country and the ceilings."""

    stack: Stack
    args: argparse.Namespace
    clients: dict[str, httpx.AsyncClient]
    headers: dict[str, str]
    dsn: str
    ceilings: dict[str, float]
    lines: list[Line]

    @property
    def membership(self) -> httpx.AsyncClient:
        return self.clients["membership"]

    @property
    def reporting(self) -> httpx.AsyncClient:
        return self.clients["reporting"]


async def measure(stack: Stack, args: argparse.Namespace, work: Path) -> list[Line]:
    dsn = stack.database_url("membership").replace("postgresql+asyncpg://", "postgresql://")
    token = mint_token(stack.jwt_secret, subject="national-bench", org="*", roles=["admin"])
    # Idle connections are dropped after 2 s, before uvicorn's 5 s keep-alive closes them: at 5 s on both sides a
    # writer could send on a connection the server was closing (a ReadError after the long import phase).
    limits = httpx.Limits(max_connections=64, keepalive_expiry=2.0)
    headers = {"Authorization": f"Bearer {token}"}
    progress("ceilings")
    measured = {
        "nats": await ceilings.nats_fetch_ack(stack.nats_url, args.ceiling_messages),
        "pg": await ceilings.asyncpg_upsert(dsn, args.ceiling_messages),
        "http": await ceilings.http_ceiling(membership_urls(stack), args.clients, args.write_seconds, args.client),
    }
    clients = {
        s: httpx.AsyncClient(base_url=stack.url(s), headers=headers, timeout=120, limits=limits) for s in stack.ports
    }
    run = Run(stack, args, clients, headers, dsn, measured, [])
    try:
        made = country(args.scale)
        ids = await load_country(run, made, work)
        await write_phase(run, [ids[b.code] for b in made.branches if b.code in ids], made)
        await read_phase(run, ids[made.provinces[0].code])
    finally:
        for client in clients.values():
            await client.aclose()
    run.lines.extend(await rebuild_lines(stack, made.members, measured["nats"], measured["pg"], args.rebuild_workers))
    return run.lines


async def load_country(run: Run, made: Country, work: Path) -> dict[str, str]:
    """Organisations by parallel POSTs, then the members' files imported until reporting's totals are exact."""
    files = write_members(made, work, 500_000)
    progress(f"importing {made.org_count:,} organisations, one request per province")
    started = time.perf_counter()
    await import_orgs(run.membership, made, parallel=2)
    rate = made.org_count / (time.perf_counter() - started)
    run.lines.append(Line("organisations imported (POST /orgs/import per province)", rate, "orgs/s"))
    ids = await org_ids(run.membership, "province", len(made.provinces))
    ids |= await org_ids(run.membership, "branch", max(2, min(2000, len(made.branches) // 10)))
    expected = {ids[p.code]: sum(counts[p.code] for _, counts in files) for p in made.provinces}
    processes = run.stack.processes
    cpu_before = {s: cpu_seconds(p.pid) for s, p in processes.items()}
    progress(f"importing {made.members:,} members in {len(files)} file(s)")
    started = time.perf_counter()
    for path, _ in files:
        await import_file(run.membership, path)
    imported = time.perf_counter()
    visible = await wait_totals(run.reporting, expected, timeout=max(600.0, made.members / 200))
    while await pending_members(run.stack):  # noqa: ASYNC110 - every member consumer done, so its CPU is counted
        await asyncio.sleep(0.5)
    cpu = {s: cpu_seconds(p.pid) - cpu_before[s] for s, p in processes.items()}
    alone, end_to_end = made.members / (imported - started), made.members / (visible - started)
    run.lines.append(Line("import, membership alone (upload → job done)", alone, "rows/s"))
    run.lines.append(
        Line("import end to end (upload → province totals exact)", end_to_end, "rows/s", alone, "import alone",
             "≥ 5,000 rows/s", end_to_end >= 5000)
    )  # fmt: skip
    per_event = {s: cpu[s] / made.members * 1e6 for s in cpu}
    for service in ("meetings", "inspection"):
        run.lines.append(
            Line(f"{service} CPU per member event", per_event[service], "µs", per_event["reporting"], "reporting's",
                 "≤ reporting's", per_event[service] <= per_event["reporting"])
        )  # fmt: skip
    return ids


async def write_phase(run: Run, branches: list[str], made: Country) -> None:
    clients, seconds = run.args.clients, run.args.write_seconds
    progress(f"POST /members at {clients} clients for {seconds:.0f} s ({run.args.client} load generator)")
    membership = loadgen.client_for(run.args.client, membership_urls(run.stack), run.headers)
    reporting = loadgen.client_for(run.args.client, run.stack.url("reporting"), run.headers)
    try:
        write = await post_members(membership, reporting, branches, clients, seconds, made.members + 1)
    finally:
        await membership.aclose()
        await reporting.aclose()
    progress(f"POST /members answered {write.status_counts}")
    run.lines += [
        Line(f"POST /members, {clients} clients", write.rate, "req/s", run.ceilings["http"], "GET /healthz",
             "≥ 400 req/s", write.rate >= 400 and write.errors == 0),
        Line("POST /members p99", write.p99_ms, "ms", goal="< 250 ms", passed=write.p99_ms < 250),
        Line("write → visible in reporting p99", write.visible_p99_ms, "ms", goal="< 1,000 ms",
             passed=write.visible_p99_ms < 1000),
    ]  # fmt: skip


async def read_phase(run: Run, province: str) -> None:
    reads, path = run.args.reads, f"/api/v1/reports/{province}"
    progress(f"reading a province's summary and breakdown {reads} times each")
    lean = loadgen.LeanClient(run.stack.url("reporting"), run.headers)
    before = loadgen.HttpxConnection(run.reporting)  # the client of the runs before the lean one, for comparison
    try:
        figures = {
            (kind, client): await read_p99(client_of, f"{path}/{kind}", params, reads)
            for client, client_of in (("lean", lean.connection()), ("httpx", before))
            for kind, params in (("summary", {"period": "2026"}), ("breakdown", {"period": "2026", "limit": "50"}))
        }
    finally:
        await lean.aclose()
    group_by = await group_by_ms(run.dsn, province, max(5, reads // 20))
    summary, breakdown = figures["summary", "lean"], figures["breakdown", "lean"]
    run.lines += [
        Line("report summary of a province p99", summary, "ms", goal="< 20 ms", passed=summary < 20),
        Line("summary speed-up over GROUP BY on members", group_by / summary, "×", goal="≥ 100×",
             passed=group_by / summary >= 100),
        Line("report breakdown of a province p99", breakdown, "ms", goal="< 50 ms", passed=breakdown < 50),
        Line("… summary p99 through httpx (the client of the runs before)", figures["summary", "httpx"], "ms"),
        Line("… breakdown p99 through httpx (the client of the runs before)", figures["breakdown", "httpx"], "ms"),
    ]  # fmt: skip


async def group_by_ms(dsn: str, org_id: str, runs: int) -> float:
    """The median of the query a user would write: members of the subtree grouped by status and gender."""
    conn, samples = await asyncpg.connect(dsn), []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            await conn.fetch(
                "SELECT m.status, m.gender, count(*) FROM members m JOIN org_nodes o ON o.id = m.org_id "
                "WHERE o.path LIKE (SELECT path FROM org_nodes WHERE id = $1) || '%' GROUP BY 1, 2",
                org_id,
            )
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        await conn.close()
    return statistics.median(samples)


def postgres_cpu(stack: Stack) -> float:
    """CPU seconds of the embedded PostgreSQL so far: the postmaster, its live backends and those that exited."""
    if stack.postgres is None:
        return 0.0
    pid = int((stack.postgres.cluster_dir / "pgdata" / "postmaster.pid").read_text().split()[0])
    postmaster = psutil.Process(pid)
    own = postmaster.cpu_times()
    total = own.user + own.system + own.children_user + own.children_system
    for child in postmaster.children():
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            total += times.user + times.system
    return total


async def rebuild_lines(
    stack: Stack, members: int, nats_ceiling: float, pg_ceiling: float, workers: int = 1
) -> list[Line]:
    """Reporting stopped, then rebuilt from the streams through the consumers' handlers (an ordered consumer; with
    ``workers`` > 1, MEMBERSHIP split over that many processes, whose CPU counts in the rebuilding process's)."""
    from reporting.rebuild import rebuild
    from reporting.settings import Settings

    progress("rebuilding reporting from the streams")
    stack.stop_service("reporting")
    settings = Settings(
        database_url=stack.database_url("reporting"), nats_url=stack.nats_url, jwt_secret=stack.jwt_secret
    )
    started, cpu_before, pg_before = time.perf_counter(), _own_cpu(), postgres_cpu(stack)
    report = await rebuild(settings, workers=workers)
    seconds = time.perf_counter() - started
    applied = max(1, sum(report.applied.values()))
    cpu = (_own_cpu() - cpu_before) / applied * 1e6
    pg = (postgres_cpu(stack) - pg_before) / applied * 1e6
    rate = applied / seconds
    national = seconds * FULL_MEMBERS / members / 60
    return [
        Line("rebuild CPU per event: the rebuilding process", cpu, "µs"),
        Line("rebuild CPU per event: PostgreSQL (every backend, the idle services' too)", pg, "µs"),
        Line(
            "reporting consumers through NATS (rebuild replay)",
            rate,
            "events/s",
            nats_ceiling,
            "nats fetch+ack",
            "≥ 20,000 and ≥ 0.5 of ceiling",
            rate >= 20_000 and rate >= 0.5 * nats_ceiling,
        ),
        Line("reporting consumers vs bare asyncpg of the same shape", rate, "events/s", pg_ceiling, "asyncpg upsert"),
        Line("rebuild of 5.6 M members (extrapolated)", national, "min", goal="< 15 min", passed=national < 15),
    ]


def _own_cpu() -> float:
    """This process's CPU with its joined children's (a rebuild's worker processes)."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--scale", type=float, default=None, help="fraction of the 5.6 M-member country (default 1)")
    parser.add_argument("--quick", action="store_true", help="scale 0.002 and short timed phases")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--rebuild-workers", type=int, default=1, help="processes rebuilding membership's stream")
    parser.add_argument("--pool", type=int, default=None, help="membership's database pool size (default: its own)")
    parser.add_argument("--membership-processes", type=int, default=1, help="membership's processes (replicas)")
    parser.add_argument("--write-seconds", type=float, default=None, help="length of the POST /members phase")
    parser.add_argument("--client", choices=("lean", "httpx"), default="lean", help="the write phase's load generator")
    parser.add_argument("--data-dir", type=Path, default=None, help="where the servers keep their data (temporary)")
    args = parser.parse_args()
    if args.membership_processes > 1 and args.client != "lean":
        parser.error("--membership-processes above 1 takes the lean load generator")
    args.scale = args.scale if args.scale is not None else (0.002 if args.quick else 1.0)
    write_seconds, args.reads = (5.0, 100) if args.quick else (30.0, 500)
    args.write_seconds = args.write_seconds or write_seconds
    if args.pool is not None:  # the stack's processes inherit the environment
        os.environ["MEMBERSHIP_DATABASE_POOL_SIZE"] = str(args.pool)
    args.ceiling_messages = 20_000 if args.quick else 200_000
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="national-") as folder:
        work = Path(folder)
        stack = start_stack(args.data_dir or work / "stack", args.membership_processes)
        try:
            lines = asyncio.run(measure(stack, args, work))
        finally:
            stack.stop()
    pool = f", membership pool {args.pool}" if args.pool is not None else ""
    pool += f", {args.membership_processes} membership processes" if args.membership_processes > 1 else ""
    note = f"scale {args.scale:g}{', quick' if args.quick else ''}, {args.clients} {args.client} clients{pool}"
    print_table(lines, load_before, os.getloadavg(), note)


if __name__ == "__main__":
    main()
