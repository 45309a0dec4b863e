"""Reporting's ingestion throughput: events applied per second in one process, median of several runs.

Builds a tree (1 province, 10 districts, 100 communes, 1,000 branches) in a fresh database, then applies a mix
of member events (registrations, recognitions, transfers, deaths) and meeting events (held, evaluated) through
the consumers' own path (``ConsumerRunner.apply_batch``: inbox claim, handlers, the batch flush, commit).
With ``--nats`` the events are first published to JetStream (an embedded nats-server) and consumed by the real
durable consumers, so the figure includes fetching and acknowledging.

    .venv/bin/python bench/reporting_throughput.py [--events 40000] [--runs 3] [--batch 1000] [--live-share 0.8]
        [--nats] [--embedded]   (--batch defaults to the service's REPORTING_CONSUMER_BATCH_SIZE)

The database server is ``GRASSROOTS_BENCH_DATABASE_URL`` (an admin URL; default the local PostgreSQL), or an
embedded one with ``--embedded``. The benchmark database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import random
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Coroutine
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psutil
import uvloop
from bench_database import DEFAULT_ADMIN, POSTMASTERS
from bench_database import bench_database as fresh_database
from national_ceilings import BATCH as CEILING_BATCH
from national_ceilings import nats_fetch_ack, pull_inbox_fetch_ack

from reporting.app import SERVICE_DIR
from reporting.consumers import consumers
from reporting.settings import Settings
from shared.consumer import ConsumerRunner, ConsumerSettings, EventConsumer
from shared.db import Database, make_engine
from shared.events import Envelope

M, MT = "vn.party.membership", "vn.party.meetings"


def envelope(event_type: str, data: dict[str, Any]) -> Envelope:
    return Envelope(
        source=f"/grassroots/{event_type.split('.')[2]}",
        type=event_type,
        subject="bench",
        data=data,
        time=datetime.now(UTC),
    )


def tree() -> tuple[list[Envelope], list[str]]:
    events: list[Envelope] = []
    branches: list[str] = []

    def org(parent: str | None, kind: str) -> str:
        org_id = str(uuid.uuid4())
        events.append(
            envelope(
                f"{M}.org.created.v1",
                {
                    "org_id": org_id,
                    "parent_id": parent,
                    "kind": kind,
                    "name": org_id[:8],
                    "effective_date": "2020-01-01",
                },
            )
        )
        return org_id

    province = org(None, "province")
    for _ in range(10):
        district = org(province, "district")
        for _ in range(10):
            commune = org(district, "grassroots_committee")
            branches.extend(org(commune, "branch") for _ in range(10))
    return events, branches


def member_data(
    member_id: str,
    branch: str,
    status: str,
    on: date,
    rng: random.Random,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "member_id": member_id,
        "org_id": branch,
        "status": status,
        "gender": rng.choice(("male", "female")),
        "birth_date": date(rng.randint(1945, 2004), rng.randint(1, 12), 1).isoformat(),
        "ethnicity": "Kinh",
        "ethnic_minority": rng.random() < 0.15,
        "effective_date": on.isoformat(),
        "admission_date": on.isoformat(),
        # The record's codes (issue 18): counted per category, and in the admission's detail.
        "occupation": rng.choice(("farmer", "retired", "public_employee", None)),
        "general_education": rng.choice(("upper_secondary", "lower_secondary", None)),
        "political_theory": rng.choice(("elementary", "intermediate", None)),
        **extra,
    }


def workload(branches: list[str], n: int, live_share: float, seed: int = 7) -> tuple[list[Envelope], list[Envelope]]:
    """About 60% member events, 40% meeting events; ``live_share`` of them dated in the current month (live
    traffic), the rest spread over 2025–2026 (imports, late records)."""
    rng = random.Random(seed)
    members: list[Envelope] = []
    meetings: list[Envelope] = []
    known: list[tuple[str, str]] = []
    while len(members) + len(meetings) < n:
        if rng.random() < live_share:
            day = date(2026, 11, rng.randint(1, 28))
        else:
            day = date(rng.choice((2025, 2026)), rng.randint(1, 12), rng.randint(1, 28))
        roll = rng.random()
        if roll < 0.35 or not known:
            member_id, branch = str(uuid.uuid4()), rng.choice(branches)
            known.append((member_id, branch))
            members.append(
                envelope(f"{M}.member.registered.v1", member_data(member_id, branch, "probationary", day, rng))
            )
        elif roll < 0.6:
            member_id, branch = rng.choice(known)
            kind, status = rng.choice(
                (
                    ("recognised", "official"),
                    ("exempted", "exempt"),
                    ("died", "deceased"),
                    ("transferred_out", "temporarily_away"),
                )
            )
            members.append(
                envelope(
                    f"{M}.member.{kind}.v1",
                    member_data(member_id, branch, status, day, rng, previous_status="probationary"),
                )
            )
        else:
            branch, present = rng.choice(branches), rng.randint(10, 20)
            data = {
                "org_id": branch,
                "meeting_id": str(uuid.uuid4()),
                "kind": rng.choice(("regular", "thematic")),
                "date": day.isoformat(),
                "effective_date": day.isoformat(),
                "expected": 20,
                "present": present,
                "excused": 20 - present,
                "unexcused": 0,
                "superior_present": rng.random() < 0.5,
                "started_at": f"{day}T19:00:00+07:00",
                "ended_at": f"{day}T21:00:00+07:00",
                "duration_minutes": 120,
            }
            meetings.append(envelope(f"{MT}.meeting.held.v1", data))
    return members, meetings


async def apply_all(runner: ConsumerRunner, events: list[Envelope], batch: int) -> None:
    for start in range(0, len(events), batch):
        await getattr(runner, "apply_lanes", runner.apply_batch)(events[start : start + batch])  # before lanes too


async def reset(db: Database) -> None:
    async with db.uow() as uow:
        from sqlalchemy import text

        await uow.session.execute(text("TRUNCATE facts, coverage, member_facts, entity_contributions, progress"))
        await uow.session.execute(text("DELETE FROM inbox WHERE consumer <> 'reporting-membership-tree'"))
        await uow.commit()


async def direct_run(
    db: Database, runners: dict[str, ConsumerRunner], members: list[Envelope], meetings: list[Envelope], batch: int
) -> float:
    """Members and meetings applied concurrently, as the two live consumers do."""
    await reset(db)
    as_the_service()
    clock = start_clock()
    await asyncio.gather(
        apply_all(runners["reporting-membership"], members, batch),
        apply_all(runners["reporting-meetings"], meetings, batch),
    )
    return timed(len(members) + len(meetings), clock)


def as_the_service() -> None:
    """Collect, then freeze what the bench built (tree, workload, imports), as the service freezes what its
    start-up built (``shared.app``'s lifespan): the collector then walks the consumers' objects only, as in the
    service. Without it the bench's own heap (20,000 prepared envelopes) cost ~30-50 µs of this process's CPU
    per event in collections the service never makes (py-spy --native: a third of the consumers' samples)."""
    gc.collect()
    gc.freeze()


def servers_cpu(*, postgres_only: bool = False) -> float:
    """CPU seconds used so far by this process's children: the embedded PostgreSQL (postmaster and backends,
    live or exited) and nats-server, when the bench started them (only PostgreSQL's with ``postgres_only``)."""
    total, processes = 0.0, [] if postgres_only else psutil.Process().children(recursive=True)
    for pid in POSTMASTERS:
        with contextlib.suppress(psutil.Error):
            postmaster = psutil.Process(pid)
            processes += [postmaster, *postmaster.children(recursive=True)]
            # backends that have exited (a disposed engine's): the postmaster reaped them, so their CPU is its
            # children's
            reaped = postmaster.cpu_times()
            total += reaped.children_user + reaped.children_system
    for child in processes:
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            total += times.user + times.system
    return total


def print_postgres_share(events: int, since: float) -> None:
    """The embedded PostgreSQL's part of the servers' CPU per event since ``since`` (``servers_cpu(postgres_only=
    True)``): nats-server's share of the servers' figure is not the consumers' doing (issue 13)."""
    used = servers_cpu(postgres_only=True) - since
    print(f"  of the servers' CPU per event, PostgreSQL's: {used / events * 1e6:.0f} µs")


def start_clock() -> tuple[float, float, float]:
    """Wall time, this process's CPU with its joined children's (a rebuild's worker processes), the servers'."""
    children = os.times()
    return time.perf_counter(), time.process_time() + children.children_user + children.children_system, servers_cpu()


def timed(events: int, clock: tuple[float, float, float], *, servers: bool = True) -> float:
    """Events per second since ``clock``; prints the CPU per event of this process and of the embedded servers
    too (steadier than wall time on a shared machine, where the other users' load swings the wall time)."""
    elapsed, used, by_servers = (now - then for now, then in zip(start_clock(), clock, strict=True))
    seen = f", embedded servers {by_servers / events * 1e6:.0f} µs" if servers else ""
    print(f"  {events:,} events in {elapsed:.2f} s; CPU per event: this process {used / events * 1e6:.0f} µs{seen}")
    return events / elapsed


async def nats_run(
    db: Database, consumer_list: list[EventConsumer], members: list[Envelope], meetings: list[Envelope], batch: int
) -> float:
    """Publish everything to a fresh nats-server, then time the real durable consumers draining it."""
    from shared.bus import connect, ensure_stream
    from shared.devservers import EmbeddedNats

    await reset(db)
    folder = Path(tempfile.mkdtemp(prefix="bench-nats-"))
    server = EmbeddedNats(folder).start()
    nc = await connect(server.url, "bench")
    try:
        ceiling = await nats_fetch_ack(server.url, len(members) + len(meetings))
        print(f"  ceiling (bare nats-py fetch({CEILING_BATCH})+ack, same server): {ceiling:,.0f} messages/s")
        pulls_ceiling = await pull_inbox_fetch_ack(server.url, len(members) + len(meetings))
        print(f"  ceiling (bare shared.pulls fetch({CEILING_BATCH})+ack, same server): {pulls_ceiling:,.0f} messages/s")
        js = nc.jetstream(timeout=30)
        for service in ("membership", "meetings"):
            await ensure_stream(js, service)
        for events in (members, meetings):
            for start in range(0, len(events), 1000):
                await asyncio.gather(
                    *(
                        js.publish(e.nats_subject, e.to_bytes(), headers={"Nats-Msg-Id": e.id})
                        for e in events[start : start + 1000]
                    )
                )
        settings = ConsumerSettings(batch_size=batch, parked_retry_seconds=5)
        runners = [ConsumerRunner(db, js, c, settings) for c in consumer_list if c.stream in ("MEMBERSHIP", "MEETINGS")]
        total = len(members) + len(meetings)
        as_the_service()
        print(f"  consuming: pid {os.getpid()}", flush=True)  # for a profiler to attach to (py-spy --pid)
        clock, postgres = start_clock(), servers_cpu(postgres_only=True)
        tasks = [asyncio.create_task(r.run()) for r in runners]
        while await applied_count(db) < total:  # noqa: ASYNC110  (polling the database, not an event)
            await asyncio.sleep(0.02)
        rate = timed(total, clock)
        print_postgres_share(total, postgres)
        print(
            f"  ratio to the NATS ceilings of this run: {rate / ceiling:.2f} nats-py, {rate / pulls_ceiling:.2f} pulls"
        )
        for r in runners:
            r.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        return rate
    finally:
        await nc.close()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)  # the stream's files (15 MB a run) would stay in /tmp


async def applied_count(db: Database) -> int:
    from sqlalchemy import text

    async with db.read_session() as session:
        value = (
            await session.execute(text("SELECT count(*) FROM inbox WHERE consumer <> 'reporting-membership-tree'"))
        ).scalar_one()
    return int(value)


async def disable_fact_triggers(db: Database) -> None:
    """Measure what the statement triggers on ``facts`` (``fact_versions``, migration 0014) cost the writers: they
    guard the kept report figures, so this is for the bench only (the reads would serve stale figures)."""
    from sqlalchemy import text

    async with db.uow() as uow:
        await uow.session.execute(text("ALTER TABLE facts DISABLE TRIGGER USER"))
        await uow.commit()
    print("  facts' triggers (fact_versions) DISABLED for this run")


def run_loop(loop: str, main: Coroutine[Any, Any, None]) -> None:
    """Run on uvloop as the services do under uvicorn (``loop="auto"``), or on asyncio's own loop, whose socket
    writes of a large batch's parameters cost a third of this process's CPU in py-spy."""
    if loop == "uvloop":
        uvloop.run(main)
    else:
        asyncio.run(main)


def bench_database(admin: str, embedded: bool, prefix: str) -> AbstractAsyncContextManager[str]:
    """A fresh database with reporting's schema (on an embedded PostgreSQL with ``embedded``), dropped after."""
    return fresh_database(SERVICE_DIR, admin, embedded=embedded, prefix=prefix)


async def main(args: argparse.Namespace) -> None:
    print("load average (1 / 5 / 15 min) before: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
    async with bench_database(args.database_url, args.embedded, "bench_reporting") as url:
        db = Database(make_engine(url, 5), "reporting")
        consumer_list = consumers()
        for c in consumer_list:
            if args.lanes is not None and getattr(c, "partition", None) is not None:
                c.lanes = args.lanes
        by_name = {c.name: ConsumerRunner(db, None, c) for c in consumer_list}  # type: ignore[arg-type,unused-ignore]
        tree_events, branches = tree()
        tree_runner = ConsumerRunner(
            db,
            None,
            EventConsumer(  # type: ignore[arg-type,unused-ignore]
                name="reporting-membership-tree",
                stream="MEMBERSHIP",
                subject="x",
                handlers=consumer_list[0].handlers,
                before_commit=consumer_list[0].before_commit,
            ),
        )
        await apply_all(tree_runner, tree_events, 200)
        if args.without_fact_triggers:
            await disable_fact_triggers(db)
        members, meetings = workload(branches, args.events, args.live_share)
        rates = []
        for run in range(args.runs):
            if args.nats:
                rate = await nats_run(db, consumer_list, members, meetings, args.batch)
            else:
                rate = await direct_run(db, by_name, members, meetings, args.batch)
            rates.append(rate)
            print(f"run {run + 1}: {rate:,.0f} events/s")
        mode = ("through NATS" if args.nats else "direct") + f", lanes {getattr(consumer_list[0], 'lanes', 1)}"
        print(
            f"reporting throughput ({mode}, {len(members) + len(meetings):,} events, batch {args.batch}, "
            f"{args.live_share:.0%} dated this month): "
            f"median {statistics.median(rates):,.0f} events/s"
        )
        print("load average (1 / 5 / 15 min) after: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
        await db.engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--batch",
        type=int,
        default=Settings.model_fields["consumer_batch_size"].default,
        help="events per batch (default: the service's REPORTING_CONSUMER_BATCH_SIZE default)",
    )
    parser.add_argument(
        "--live-share",
        type=float,
        default=0.8,
        help="share of events dated in the current month (the rest over two years)",
    )
    parser.add_argument("--lanes", type=int, default=None, help="concurrent lanes per consumer (default: its own)")
    parser.add_argument("--nats", action="store_true", help="publish to JetStream and consume with the runners")
    parser.add_argument("--embedded", action="store_true", help="use an embedded PostgreSQL")
    parser.add_argument(
        "--without-fact-triggers",
        action="store_true",
        help="disable the fact_versions triggers on facts, to measure their cost (bench only)",
    )
    parser.add_argument("--database-url", default=os.environ.get("GRASSROOTS_BENCH_DATABASE_URL", DEFAULT_ADMIN))
    parser.add_argument(
        "--loop", choices=("uvloop", "asyncio"), default="uvloop", help="event loop (the services run on uvloop)"
    )
    arguments = parser.parse_args()
    run_loop(arguments.loop, main(arguments))
