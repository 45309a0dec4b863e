"""What the commit-order advisory lock on outbox writes (``shared.db.OUTBOX_ORDER_LOCK``) costs a service's write
path: concurrent clients each committing transactions shaped like a command (a state row, an audit row, one
outbox row, ``NOTIFY``) through ``shared.db.UnitOfWork``, with the lock as it ships and without it, alternating.

    .venv/bin/python bench/outbox_order_lock.py [--clients 32] [--pool N] [--seconds 5] [--rounds 3] [--embedded]

The database is membership's schema on an embedded PostgreSQL with production's durability (fsync and
synchronous commit on; ``--fsync-off`` for the tests' settings), or ``GRASSROOTS_BENCH_DATABASE_URL``. Prints
commits/s and p50/p99 latency per variant, the ratio without/with the lock of each round (same server, same
minute), and the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text as sql_text

from shared.db import Context, Database, make_engine
from shared.events import Envelope

sys.path.insert(0, str(Path(__file__).parent))
from bench_database import DEFAULT_ADMIN, bench_database
from reporting_throughput import run_loop

from membership.app import SERVICE_DIR


@asynccontextmanager
async def without_order_lock(db: Database) -> AsyncIterator[None]:
    """Commits without the lock: the outbox's deferred trigger that takes it inside ``COMMIT`` and renumbers the
    rows (``shared.platform_migrations.upgrade_outbox_commit_order``) disabled, then enabled again."""
    async with db.engine.begin() as conn:
        await conn.execute(sql_text("ALTER TABLE outbox DISABLE TRIGGER outbox_commit_order"))
    try:
        yield
    finally:
        async with db.engine.begin() as conn:
            await conn.execute(sql_text("ALTER TABLE outbox ENABLE TRIGGER outbox_commit_order"))


async def client(db: Database, deadline: float, latencies: list[float]) -> None:
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        async with db.uow(Context(actor="bench")) as uow:
            member = str(uuid.uuid4())
            await uow.audit("member.bench", "member", member, after={"status": "official"})
            uow.events.append(
                Envelope(
                    source="/grassroots/membership",
                    type="vn.party.membership.member.updated.v1",
                    subject=f"member/{member}",
                    data={"member_id": member, "status": "official", "version": 1},
                    aggregateid=member,
                )
            )
            await uow.commit()
        latencies.append(time.perf_counter() - started)


async def variant(db: Database, clients: int, seconds: float) -> tuple[float, float, float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(client(db, deadline, latencies) for _ in range(clients)))
    rate = len(latencies) / (time.perf_counter() - started)
    latencies.sort()
    return rate, statistics.median(latencies) * 1000, latencies[int(len(latencies) * 0.99)] * 1000


def line(name: str, figures: tuple[float, float, float]) -> str:
    return f"{name}: {figures[0]:,.0f} commits/s, p50 {figures[1]:.1f} ms, p99 {figures[2]:.1f} ms"


async def main(args: argparse.Namespace) -> None:
    print("load average (1 / 5 / 15 min) before: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
    async with bench_database(
        SERVICE_DIR, args.database_url, embedded=args.embedded, prefix="bench_outbox", durable=not args.fsync_off
    ) as url:
        db = Database(make_engine(url, args.pool), "membership")
        await variant(db, args.clients, 1.0)  # warm-up: the pool's connections opened
        ratios: list[float] = []
        for round_ in range(1, args.rounds + 1):
            with_lock = await variant(db, args.clients, args.seconds)
            async with without_order_lock(db):
                without = await variant(db, args.clients, args.seconds)
            ratios.append(without[0] / with_lock[0])
            print(f"round {round_}: {line('with the lock', with_lock)}; {line('without', without)}")
        async with db.read_session() as session:
            written = (await session.execute(sql_text("SELECT count(*) FROM outbox"))).scalar_one()
        ratio_text = ", ".join(f"{r:.2f}" for r in ratios)
        print(f"{args.clients} clients, pool of {2 * args.pool}, {written:,} outbox rows written")
        print(f"commits/s without / with the lock, per round: {ratio_text} (median {statistics.median(ratios):.2f})")
        await db.engine.dispose()
    print("load average (1 / 5 / 15 min) after: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))


def parse(argv: Any = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--pool", type=int, default=None, help="pool size and as many overflow (default: clients)")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--embedded", action="store_true")
    parser.add_argument("--fsync-off", action="store_true", help="embedded server without WAL flushes (tests' setting)")
    parser.add_argument("--loop", choices=("uvloop", "asyncio"), default="uvloop")
    parser.add_argument("--database-url", default=os.environ.get("GRASSROOTS_BENCH_DATABASE_URL", DEFAULT_ADMIN))
    args = parser.parse_args(argv)
    args.pool = args.pool or args.clients  # fewer connections than clients starve some clients for a whole round
    return args


if __name__ == "__main__":
    arguments = parse()
    run_loop(arguments.loop, main(arguments))
