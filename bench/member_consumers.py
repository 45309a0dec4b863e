"""Meetings' and inspection's member consumers through NATS: the CPU one member event costs each service.

Builds a tree (1 province, 10 districts, 100 communes, 1,000 branches) in a fresh database of each service,
applied directly (untimed), then publishes member events to an embedded nats-server's MEMBERSHIP stream as
membership's import and API do — registrations with the full member facts, then later events on the same members
(updates with posts, recognitions, transfers, deaths) — and times the service's real durable consumers
(``ConsumerRunner.run``: fetch, decode, inbox claim, handlers, flush, commit, ack) draining it. Per service and
run it prints events/s and the CPU per event of this process and of the embedded servers (PostgreSQL and
nats-server), which is the steady figure on a shared machine; and two bare fetch+ack ceilings: nats-py's ``fetch``
and the consumers' own pull loop (``shared.pulls``).

    .venv/bin/python bench/member_consumers.py [--events 20000] [--runs 2] [--services meetings,inspection]
        [--batch 200] [--embedded]

The database server is ``GRASSROOTS_BENCH_DATABASE_URL`` (an admin URL; default the local PostgreSQL), or an
embedded one with ``--embedded``. The benchmark databases are dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import os
import random
import shutil
import statistics
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench_database import DEFAULT_ADMIN
from bench_database import bench_database as fresh_database
from national_ceilings import nats_fetch_ack, pull_inbox_fetch_ack
from reporting_throughput import run_loop, start_clock, tree
from sqlalchemy import text

from shared.consumer import ConsumerRunner, ConsumerSettings, EventConsumer
from shared.db import Database, make_engine
from shared.events import Envelope
from shared.metrics import EVENTS_APPLIED

M = "vn.party.membership"


def facts(member_id: str, branch: str, status: str, rng: random.Random, version: int, **extra: Any) -> dict[str, Any]:
    """A member event's ``data`` as membership's ``MemberFacts`` carries it (every field a report counts)."""
    admitted = date(rng.randint(1965, 2025), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "member_id": member_id,
        "org_id": branch,
        "status": status,
        "gender": rng.choice(("male", "female")),
        "birth_date": date(rng.randint(1940, 2004), rng.randint(1, 12), 1).isoformat(),
        "ethnicity": "Kinh",
        "ethnic_minority": rng.random() < 0.15,
        "admission_date": admitted.isoformat(),
        "positions": rng.choice(([], [], ["secretary"], ["deputy_secretary", "committee_member"])),
        "version": version,
        "recognition_date": (admitted + timedelta(days=365)).isoformat() if status == "official" else None,
        "ethnic_group": "kinh",
        "general_education": rng.choice(("upper_secondary", "lower_secondary", None)),
        "professional_level": rng.choice(("bachelor", "college", None)),
        "political_theory": rng.choice(("elementary", "intermediate", None)),
        "occupation": rng.choice(("farmer", "retired", "public_employee", None)),
        "religion": None,
        **extra,
    }


def envelope(kind: str, data: dict[str, Any], at: datetime) -> Envelope:
    return Envelope(
        source="/grassroots/membership",
        type=f"{M}.member.{kind}.v1",
        subject=f"members/{data['member_id']}",
        data=data,
        time=at,
        actor="import:bench",
        orgpath="p/d/c/" + data["org_id"],
    )


def member_events(branches: list[str], n: int, seed: int = 11) -> list[Envelope]:
    """Two thirds registrations (an import), then updates, recognitions, transfers and deaths of those members."""
    rng = random.Random(seed)
    at = datetime.now(UTC) - timedelta(hours=1)
    known: list[tuple[str, str, int]] = []
    events: list[Envelope] = []
    today = date.today().isoformat()
    for i in range(n):
        at += timedelta(microseconds=50)
        if i < 2 * n // 3 or not known:
            member_id, branch = str(uuid.uuid4()), rng.choice(branches)
            known.append((member_id, branch, 1))
            status = rng.choice(("official", "official", "probationary"))
            data = facts(member_id, branch, status, rng, 1, effective_date=today, data_as_of=today)
            events.append(envelope("registered", data, at))
            continue
        slot = rng.randrange(len(known))
        member_id, branch, version = known[slot]
        version += 1
        kind, status, extra = rng.choice(
            (
                ("updated", "official", {"changed_fields": ["positions"]}),
                ("updated", "official", {"changed_fields": ["ethnicity"]}),
                ("recognised", "official", {"vote_date": today}),
                ("transferred_out", "transfer_pending", {"transfer_kind": "internal", "to_org_id": branch}),
                ("died", "deceased", {}),
            )
        )
        moved = rng.choice(branches) if kind == "transferred_out" else branch
        data = facts(
            member_id, moved, status, rng, version, previous_status="official", previous_org_id=branch, **extra
        )
        data["effective_date"] = today
        known[slot] = (member_id, moved, version)
        events.append(envelope(kind, data, at))
    return events


def applied(names: list[str]) -> float:
    """Events the consumers have applied, by their own counters: counting inbox rows would miss the events a
    consumer applies without one (``EventConsumer.idempotent``), and polling the database every 20 ms added its
    own CPU to the servers' figure, the more the slower the run."""
    return float(sum(EVENTS_APPLIED.labels(name, "applied")._value.get() for name in names))


async def reset(db: Database, names: list[str]) -> None:
    async with db.uow() as uow:
        for table in ("roster_changes", "member_copies"):
            exists = await uow.session.execute(text("SELECT to_regclass(:t)"), {"t": table})
            if exists.scalar_one() is not None:
                await uow.session.execute(text(f"TRUNCATE {table}"))
        await uow.session.execute(text("DELETE FROM inbox WHERE consumer = ANY(CAST(:n AS varchar[]))"), {"n": names})
        await uow.commit()


async def run_once(db: Database, members: list[EventConsumer], events: list[Envelope], batch: int) -> dict[str, float]:
    """Publish the member events to a fresh nats-server, then time the service's durable consumers draining it."""
    from shared.bus import connect, ensure_stream
    from shared.devservers import EmbeddedNats

    names = [c.name for c in members]
    await reset(db, names)
    folder = Path(tempfile.mkdtemp(prefix="bench-nats-"))
    server = EmbeddedNats(folder).start()
    nc = await connect(server.url, "bench")
    try:
        ceiling = await nats_fetch_ack(server.url, len(events))
        pulls_ceiling = await pull_inbox_fetch_ack(server.url, len(events))
        js = nc.jetstream(timeout=30)
        await ensure_stream(js, "membership")
        for start in range(0, len(events), 1000):
            await asyncio.gather(
                *(
                    js.publish(e.nats_subject, e.to_bytes(), headers={"Nats-Msg-Id": e.id})
                    for e in events[start : start + 1000]
                )
            )
        runners = [
            ConsumerRunner(db, js, c, ConsumerSettings(batch_size=batch, parked_retry_seconds=5)) for c in members
        ]
        gc.collect()
        target = applied(names) + len(events)
        print(f"consuming: pid {os.getpid()}", flush=True)  # for a profiler to attach to (py-spy --pid)
        clock = start_clock()
        tasks = [asyncio.create_task(r.run()) for r in runners]
        while applied(names) < target:  # noqa: ASYNC110  (polling a counter, not an event)
            await asyncio.sleep(0.02)
        elapsed, used, servers = (now - then for now, then in zip(start_clock(), clock, strict=True))
        for r in runners:
            r.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        n = len(events)
        return {
            "rate": n / elapsed,
            "process": used / n * 1e6,
            "servers": servers / n * 1e6,
            "ceiling": ceiling,
            "pulls_ceiling": pulls_ceiling,
        }
    finally:
        await nc.close()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


async def bench_service(service: str, args: argparse.Namespace) -> None:
    app = importlib.import_module(f"{service}.app")
    consumer_list: list[EventConsumer] = importlib.import_module(f"{service}.consumers").consumers()
    async with fresh_database(
        app.SERVICE_DIR, args.database_url, embedded=args.embedded, prefix=f"bench_{service}"
    ) as url:
        db = Database(make_engine(url, 5), service)
        tree_events, branches = tree()
        for consumer in consumer_list:  # the tree, under another consumer name, applied directly and untimed
            if not any(t.startswith(f"{M}.org.") for t in consumer.handlers):
                continue
            runner = ConsumerRunner(
                db,
                None,  # type: ignore[arg-type]
                EventConsumer(
                    name=f"{consumer.name}-tree",
                    stream="MEMBERSHIP",
                    subject="x",
                    handlers=consumer.handlers,
                    before_commit=consumer.before_commit,
                ),
            )
            for start in range(0, len(tree_events), 200):
                await runner.apply_batch(tree_events[start : start + 200])
            break
        members = [c for c in consumer_list if any(t.startswith(f"{M}.member.") for t in c.handlers)]
        events = member_events(branches, args.events)
        figures = []
        for run in range(args.runs):
            figure = await run_once(db, members, events, args.batch)
            figures.append(figure)
            print(
                f"{service} run {run + 1}: {len(events):,} member events, {figure['rate']:,.0f} events/s; "
                f"CPU per event: this process {figure['process']:.0f} µs, embedded servers "
                f"{figure['servers']:.0f} µs; nats fetch+ack ceiling {figure['ceiling']:,.0f}/s "
                f"(ratio {figure['rate'] / figure['ceiling']:.2f}), through shared.pulls "
                f"{figure['pulls_ceiling']:,.0f}/s (ratio {figure['rate'] / figure['pulls_ceiling']:.2f}); "
                f"load {os.getloadavg()[0]:.2f}"
            )
        print(
            f"{service}: median CPU per member event, this process "
            f"{statistics.median(f['process'] for f in figures):.0f} µs, servers "
            f"{statistics.median(f['servers'] for f in figures):.0f} µs; "
            f"{statistics.median(f['rate'] for f in figures):,.0f} events/s"
        )
        await db.engine.dispose()


async def main(args: argparse.Namespace) -> None:
    print("load average (1 / 5 / 15 min) before: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
    for service in args.services.split(","):
        await bench_service(service, args)
    print("load average (1 / 5 / 15 min) after: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--services", default="meetings,inspection")
    parser.add_argument("--batch", type=int, default=200, help="messages per fetch (the services' default)")
    parser.add_argument("--embedded", action="store_true", help="use an embedded PostgreSQL")
    parser.add_argument("--database-url", default=os.environ.get("GRASSROOTS_BENCH_DATABASE_URL", DEFAULT_ADMIN))
    parser.add_argument(
        "--loop", choices=("uvloop", "asyncio"), default="uvloop", help="event loop (the services run on uvloop)"
    )
    arguments = parser.parse_args()
    run_loop(arguments.loop, main(arguments))
