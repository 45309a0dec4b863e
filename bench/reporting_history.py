"""The cost of a report summary over decades of history: members loaded with admission dates spread over
1960–2026 (so stocks have a delta in most months of 66 years), then the province's summary timed for a recent
year, an old one and a 50-year range, through reporting's own read path (``queries.figures_for``).

    .venv/bin/python bench/reporting_history.py [--members 50000] [--reads 60] [--embedded]
        [--rebuild | --rebuild-only] [--rebuild-batch N]

Prints, per period, p50 and p99 latency in ms and the fact rows the read touched. The database server is
``GRASSROOTS_BENCH_DATABASE_URL`` (an admin URL; default the local PostgreSQL) or an embedded one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import text

from reporting.consumers import consumers
from reporting.reports import queries
from reporting.reports.periods import parse_period
from shared.calendar import add_months
from shared.consumer import ConsumerRunner
from shared.db import Database, make_engine
from shared.events import Envelope

sys.path.insert(0, str(Path(__file__).parent))
from national_ceilings import BATCH as CEILING_BATCH
from national_ceilings import nats_fetch_ack
from reporting_throughput import (
    DEFAULT_ADMIN,
    M,
    apply_all,
    bench_database,
    envelope,
    run_loop,
    start_clock,
    timed,
    tree,
)

PERIODS = ("2026", "2000", "1975..2026")


def history(branches: list[str], n: int, seed: int = 11) -> list[Envelope]:
    """Members registered in 2026 whose admissions spread over 1960–2026 (recognised 12 months later)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        admitted = date(rng.randint(1960, 2025), rng.randint(1, 12), rng.randint(1, 28))
        data = {
            "member_id": str(uuid.uuid4()),
            "org_id": rng.choice(branches),
            "status": "official",
            "gender": rng.choice(("male", "female")),
            "birth_date": date(admitted.year - rng.randint(18, 40), rng.randint(1, 12), 1).isoformat(),
            "ethnicity": "Kinh",
            "ethnic_minority": rng.random() < 0.15,
            "admission_date": admitted.isoformat(),
            "recognition_date": add_months(admitted, 12).isoformat(),
            "version": 1,
            "effective_date": "2026-11-20",
        }
        out.append(envelope(f"{M}.member.registered.v1", data))
    return out


async def time_reads(db: Database, org_id: str, reads: int) -> None:
    for label in PERIODS:
        period, samples = parse_period(label), []
        for _ in range(reads):
            started = time.perf_counter()
            async with db.read_session() as session:
                values = (await queries.figures_for(session, [org_id], period, date(2026, 12, 1)))[org_id]
            samples.append((time.perf_counter() - started) * 1000)
        async with db.read_session() as session:
            read, monthly = (
                await session.execute(
                    text(
                        "SELECT count(*) FILTER (WHERE (family LIKE '%@y' AND month < :year) OR "
                        "(family NOT LIKE '%@y' AND month >= :year)), count(*) FILTER (WHERE family NOT LIKE '%@y') "
                        "FROM facts WHERE org_id = :o AND month <= :m"
                    ),
                    {"o": org_id, "m": period.end, "year": period.start.replace(month=1)},
                )
            ).one()
        samples.sort()
        p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
        print(
            f"summary {label:>11}: p50 {statistics.median(samples):6.1f} ms, p99 {p99:6.1f} ms, "
            f"reads {read} fact rows where summing every month would read {monthly}, "
            f"members_total {values['members_total']}"
        )


async def rebuild_run(
    url: str, tree_events: list[Envelope], events: list[Envelope], lanes: int | None, batch: int | None, workers: int
) -> None:
    """The same events published to a fresh nats-server, then ``reporting.rebuild`` (reset, replay through an
    ordered consumer, the live handlers): what ``grassroots rebuild-reporting`` does for a country."""
    import reporting.consumers
    from reporting.rebuild import rebuild
    from reporting.settings import Settings
    from shared.bus import connect, ensure_stream
    from shared.devservers import EmbeddedNats

    folder = Path(tempfile.mkdtemp(prefix="bench-nats-"))
    server = EmbeddedNats(folder).start()
    nc = await connect(server.url, "bench")
    try:
        ceiling = await nats_fetch_ack(server.url, len(events))
        print(f"  ceiling (bare nats-py fetch({CEILING_BATCH})+ack, same server): {ceiling:,.0f} messages/s")
        js = nc.jetstream(timeout=30)
        await ensure_stream(js, "membership")
        for start in range(0, len(tree_events) + len(events), 1000):
            chunk = [*tree_events, *events][start : start + 1000]
            await asyncio.gather(
                *(js.publish(e.nats_subject, e.to_bytes(), headers={"Nats-Msg-Id": e.id}) for e in chunk)
            )
        reporting.consumers.LANES = lanes if lanes is not None else reporting.consumers.LANES
        settings = Settings(database_url=url, nats_url=server.url, jwt_secret="bench-" + "x" * 40)
        clock = start_clock()
        report = await rebuild(settings, batch_size=batch or 1000, workers=workers)
        applied = sum(report.applied.values())
        rate = timed(applied, clock)
        print(
            f"  rebuild: {rate:,.0f} events/s, ratio to the NATS ceiling {rate / ceiling:.2f} "
            f"(lanes {reporting.consumers.LANES}, batch {batch or 'default'}, workers {workers})"
        )
    finally:
        await nc.close()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)  # the stream's files (15 MB a run) would stay in /tmp


async def main(args: argparse.Namespace) -> None:
    async with bench_database(args.database_url, args.embedded, "bench_history") as url:
        db = Database(make_engine(url, 5), "reporting")
        consumer = consumers()[0]
        consumer.lanes = args.lanes if args.lanes is not None else consumer.lanes
        runner = ConsumerRunner(db, None, consumer)  # type: ignore[arg-type,unused-ignore]
        tree_events, branches = tree()
        clock = start_clock()
        await apply_all(runner, tree_events, 1000)
        print(f"the tree ({len(tree_events):,} units created, batches of 1,000):")
        timed(len(tree_events), clock)
        print("load average (1 / 5 / 15 min) before: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
        events = history(branches, args.members)
        if not args.rebuild_only:
            clock = start_clock()
            await apply_all(runner, events, args.batch)
            print(f"loaded {args.members:,} members with 1960–2026 history:")
            rate = timed(args.members, clock)
            print(f"  {rate:,.0f} events/s (batch {args.batch}, lanes {consumer.lanes})")
        if args.rebuild or args.rebuild_only:
            print("rebuilt from a stream of the tree and those members:")
            await rebuild_run(url, tree_events, events, args.lanes, args.rebuild_batch, args.workers)
        print("load average (1 / 5 / 15 min) after: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
        await time_reads(db, tree_events[0].data["org_id"], args.reads)
        await db.engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--rebuild", action="store_true", help="then rebuild from a stream of the same events")
    parser.add_argument("--rebuild-only", action="store_true", help="the rebuild alone (the members not loaded first)")
    parser.add_argument("--rebuild-batch", type=int, default=None, help="events per rebuild batch (default: its own)")
    parser.add_argument("--workers", type=int, default=1, help="rebuild processes, split by member")
    parser.add_argument("--lanes", type=int, default=None, help="concurrent lanes (default: the consumer's own)")
    parser.add_argument("--reads", type=int, default=60)
    parser.add_argument("--embedded", action="store_true")
    parser.add_argument(
        "--database-url", default=os.environ.get("GRASSROOTS_BENCH_DATABASE_URL", DEFAULT_ADMIN), help="admin URL"
    )
    parser.add_argument(
        "--loop", choices=("uvloop", "asyncio"), default="uvloop", help="event loop (the services run on uvloop)"
    )
    arguments = parser.parse_args()
    run_loop(arguments.loop, main(arguments))
