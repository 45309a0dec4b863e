"""Membership's bulk import: 250,000 generated members from a CSV file into a real database.

Builds a tree (1 province, 10 districts, 100 communes, 1,000 branches), writes the CSV to a temporary file, then
runs the import exactly as ``POST /api/v1/imports`` does after spooling the upload: the structural pre-pass
(``count_rows``), then chunks of ``--chunk`` rows, each committing its members, history rows, audit rows, outbox
events and job progress. It then imports the same file again (nothing changes, nothing is published) and prints
rows per second for both runs, the CPU spent per row (this process; with ``--embedded`` the PostgreSQL server's
too, its exited backends included) and the peak memory: the process's peak RSS, and with ``--tracemalloc`` the
peak of Python allocations (tracemalloc slows the run down, so rows/s is not comparable then).

With ``--relay`` an embedded nats-server runs beside it and the service's outbox relay publishes the events in
this process while the import runs, as in the service: the first import is then timed until its last event is
acknowledged by JetStream, and the CPU per row includes the relay's (and nats-server's, printed apart).

    .venv/bin/python bench/membership_import.py [--rows 250000] [--chunk 1000] [--embedded] [--relay] [--tracemalloc]

The database server is ``GRASSROOTS_BENCH_DATABASE_URL`` (an admin URL; default the local PostgreSQL), or an
embedded one with ``--embedded``. The benchmark database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import gc
import os
import random
import resource
import tempfile
import time
import tracemalloc
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psutil
from bench_database import DEFAULT_ADMIN, POSTMASTERS, bench_database

from membership.app import SERVICE_DIR
from membership.imports import commands
from membership.imports.plan import ImportRun
from membership.imports.readers import ImportFormat, Limits
from shared import orgtree
from shared.auth import NATIONAL, Principal, Role
from shared.db import Context, Database, make_engine

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Hoa", "Lan", "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Yến"]
ETHNIC = ["Kinh"] * 8 + ["Tày", "Dao", "H'Mông", "Thái", "Nùng"]


async def build_tree(db: Database) -> list[str]:
    branches: list[str] = []
    async with db.uow() as uow:
        on = date(2020, 1, 1)

        async def node(parent: str | None, kind: str, code: str) -> str:
            org_id = str(uuid.uuid4())
            await orgtree.insert_node(
                uow.session, org_id=org_id, parent_id=parent, kind=kind, name=code, code=code, established_on=on
            )
            return org_id

        province = await node(None, "province", "P")
        for d in range(10):
            district = await node(province, "district", f"D{d}")
            for c in range(10):
                commune = await node(district, "grassroots_committee", f"C{d}-{c}")
                for b in range(10):
                    await node(commune, "branch", f"B{d}-{c}-{b}")
                    branches.append(f"B{d}-{c}-{b}")
        await uow.commit()
    return branches


def write_csv(path: Path, rows: int, branches: list[str], seed: int = 11) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "external_id",
                "full_name",
                "gender",
                "birth_date",
                "ethnicity",
                "national_id",
                "org_code",
                "status",
                "admission_date",
                "phone",
                "email",
                "hometown",
            ]
        )
        for i in range(rows):
            female = rng.random() < 0.4
            name = f"{rng.choice(SURNAMES)} {'Thị' if female else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            born = date(rng.randint(1945, 2005), rng.randint(1, 12), rng.randint(1, 28))
            admitted = date(max(born.year + 19, 1975) + rng.randint(0, 20), rng.randint(1, 12), rng.randint(1, 28))
            probationary = rng.random() < 0.05  # admitted in the last 10 months: still within probation
            if probationary:
                admitted = date.today() - timedelta(days=rng.randint(30, 300))
                born = born.replace(year=admitted.year - rng.randint(19, 40))  # 18–60 at admission
            writer.writerow(
                [
                    f"HR-{i:07d}",
                    name,
                    "female" if female else "male",
                    born.isoformat(),
                    rng.choice(ETHNIC),
                    f"{i:012d}",
                    rng.choice(branches),
                    "probationary" if probationary else "official",
                    admitted.isoformat() if probationary else min(admitted, date(2026, 1, 1)).isoformat(),
                    f"09{rng.randint(0, 99_999_999):08d}",
                    f"hr{i}@example.vn",
                    "Tuyên Quang",
                ]
            )


def postgres_cpu() -> float:
    """CPU seconds of the embedded PostgreSQL so far: the postmaster, its live backends and those that exited."""
    total = 0.0
    for pid in POSTMASTERS:
        with contextlib.suppress(psutil.Error):
            postmaster = psutil.Process(pid)
            own = postmaster.cpu_times()
            total += own.user + own.system + own.children_user + own.children_system
            for child in postmaster.children():
                with contextlib.suppress(psutil.Error):
                    times = child.cpu_times()
                    total += times.user + times.system
    return total


def cpu_now(nats: Any) -> tuple[float, float, float]:
    """CPU seconds so far of this process (every thread), of PostgreSQL (embedded only) and of nats-server."""
    own = psutil.Process().cpu_times()
    broker = 0.0
    if nats is not None and nats.process is not None:
        times = psutil.Process(nats.process.pid).cpu_times()
        broker = times.user + times.system
    return own.user + own.system, postgres_cpu(), broker


async def timed_import(
    db: Database, path: Path, rows: int, chunk: int, label: str, relay: Any = None, nats: Any = None
) -> ImportRun:
    limits = Limits(max_rows=2_000_000, max_uncompressed_bytes=2 * 1024**3, max_compression_ratio=200)
    run = ImportRun(
        job_id=str(uuid.uuid4()),
        source_system="BENCH-HR",
        principal=Principal("bench", NATIONAL, frozenset({Role.ADMIN})),
        dry_run=False,
        language="en",
        today=date(2026, 11, 23),
    )
    from membership.imports.models import ImportJob

    async with db.uow() as uow:
        uow.session.add(
            ImportJob(
                id=run.job_id,
                status="running",
                format="csv",
                source_system="BENCH-HR",
                dry_run=False,
                actor="bench",
                scope_org_id=NATIONAL,
                rows_total=rows,
                report=[],
            )
        )
        await uow.commit()
    load = os.getloadavg()[0]
    cpu_before = cpu_now(nats)
    started = time.perf_counter()
    path, fmt, total = await asyncio.to_thread(commands.count_rows, path, ImportFormat.CSV, limits)
    await commands.run_import(db, Context(actor="bench"), run, path, fmt, limits, chunk)
    elapsed = time.perf_counter() - started
    published = ""
    if relay is not None:
        while await relay.backlog():  # noqa: ASYNC110 - the relay has no "all published" event
            await asyncio.sleep(0.05)
        published = f", published in {time.perf_counter() - started:,.1f} s"
        elapsed = time.perf_counter() - started
    process, postgres, broker = (after - before for after, before in zip(cpu_now(nats), cpu_before, strict=True))
    print(
        f"{label}: {total:,} rows in {elapsed:,.1f} s = {total / elapsed:,.0f} rows/s{published} "
        f"(created {run.created:,}, updated {run.updated:,}, unchanged {run.unchanged:,}, "
        f"rejected {run.rejected:,}); CPU per row: process {process / total * 1e6:,.0f} µs, "
        f"PostgreSQL {postgres / total * 1e6:,.0f} µs"
        + (f", nats-server {broker / total * 1e6:,.0f} µs" if nats is not None else "")
        + f"; load average {load:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    return run


async def outbox_rows(db: Database) -> int:
    from sqlalchemy import func, select

    from shared.schema import outbox

    async with db.read_session() as session:
        return int((await session.execute(select(func.count()).select_from(outbox))).scalar_one())


async def main(args: argparse.Namespace) -> None:
    async with bench_database(
        SERVICE_DIR, args.database_url, embedded=args.embedded, prefix="bench_membership", keep=args.keep
    ) as url:
        db = Database(make_engine(url, 5), "membership")
        async with contextlib.AsyncExitStack() as stack:
            relay, nats = (await stack.enter_async_context(relaying(db))) if args.relay else (None, None)
            await imports(db, args, relay, nats)
        await db.engine.dispose()


@contextlib.asynccontextmanager
async def relaying(db: Database) -> Any:
    """An embedded nats-server with the service's stream, and the outbox relay publishing to it in a task."""
    from shared.bus import connect, ensure_stream
    from shared.devservers import EmbeddedNats
    from shared.outbox import OutboxRelay

    with tempfile.TemporaryDirectory() as folder:
        nats = EmbeddedNats(Path(folder)).start()
        nc = await connect(nats.url, "bench-import")
        try:
            js = nc.jetstream(timeout=10)
            await ensure_stream(js, "membership")
            relay = OutboxRelay(db.engine, js, "membership")
            db.on_commit = relay.wake
            task = asyncio.create_task(relay.run())
            yield relay, nats
            relay.stop()
            await task
        finally:
            await nc.close()
            nats.stop()


async def imports(db: Database, args: argparse.Namespace, relay: Any, nats: Any) -> None:
    branches = await build_tree(db)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "members.csv"
        write_csv(path, args.rows, branches)
        print(f"CSV: {args.rows:,} rows, {path.stat().st_size / 1e6:,.1f} MB; chunks of {args.chunk:,}")
        # as the service's lifespan freezes what start-up built (shared.app): no collection walks it again
        gc.collect()
        gc.freeze()
        if args.tracemalloc:
            tracemalloc.start()
        await timed_import(db, path, args.rows, args.chunk, "first import ", relay, nats)
        events = await outbox_rows(db)
        await timed_import(db, path, args.rows, args.chunk, "second import", relay, nats)
        print(f"events published: {events:,} by the first import, {await outbox_rows(db) - events:,} by the second")
        if args.tracemalloc:
            _, peak = tracemalloc.get_traced_memory()
            print(f"peak Python allocations (tracemalloc): {peak / 1e6:,.1f} MB")
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process: {peak_rss:,.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", type=int, default=250_000)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--embedded", action="store_true", help="use an embedded PostgreSQL")
    parser.add_argument("--relay", action="store_true", help="publish the events to an embedded nats-server")
    parser.add_argument("--database-url", default=os.environ.get("GRASSROOTS_BENCH_DATABASE_URL", DEFAULT_ADMIN))
    asyncio.run(main(parser.parse_args()))
