"""Concurrent lanes (issue 13): a consumer splitting its batches by member (membership) or organisation
(meetings) into transactions applied at the same time ends with exactly the facts, member states and coverage of
applying every event alone, in order — with dated history, versions out of order, transfers and redeliveries."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text

from reporting.consumers import consumers
from shared.consumer import ConsumerRunner, EventConsumer
from shared.db import Database, make_engine
from shared.events import Envelope
from shared.testing.harness import ServiceFactory

M, MT = "vn.party.membership", "vn.party.meetings"


def _envelope(event_type: str, data: dict[str, Any]) -> Envelope:
    source = f"/grassroots/{event_type.split('.')[2]}"
    return Envelope(source=source, type=event_type, subject="t", data=data, time=datetime.now(UTC))


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _tree(rng: random.Random) -> tuple[list[Envelope], list[str]]:
    events, branches = [], []
    for kind, parent in (("province", None), ("grassroots_committee", 0), ("grassroots_committee", 0)):
        org = _id(rng)
        parent_id = events[parent].data["org_id"] if parent is not None else None
        data = {"org_id": org, "parent_id": parent_id, "kind": kind, "name": org[:8], "effective_date": "1950-01-01"}
        events.append(_envelope(f"{M}.org.created.v1", data))
    for i in range(6):
        org = _id(rng)
        parent_id = events[1 + i % 2].data["org_id"]
        data = {
            "org_id": org,
            "parent_id": parent_id,
            "kind": "branch",
            "name": org[:8],
            "effective_date": "1950-01-01",
        }
        events.append(_envelope(f"{M}.org.created.v1", data))
        branches.append(org)
    return events, branches


def _member(
    rng: random.Random, member: str, org: str, status: str, version: int, on: str, **extra: Any
) -> dict[str, Any]:
    admitted = date(rng.randint(1960, 2024), rng.randint(1, 12), 1)
    return {
        "member_id": member,
        "org_id": org,
        "status": status,
        "gender": rng.choice(("male", "female")),
        "birth_date": "1950-03-01",
        "ethnic_minority": False,
        "effective_date": on,
        "version": version,
        "admission_date": admitted.isoformat(),
        **extra,
    }


def _workload(rng: random.Random, branches: list[str]) -> tuple[list[Envelope], list[Envelope]]:
    """Registrations with decades of history, then newer versions (recognitions, transfers, deaths) delivered
    shuffled with their registrations, some twice; meetings of the same branches."""
    members: list[Envelope] = []
    for _ in range(60):
        member, home = _id(rng), rng.choice(branches)
        members.append(
            _envelope(f"{M}.member.registered.v1", _member(rng, member, home, "probationary", 1, "2026-01-05"))
        )
        if rng.random() < 0.7:
            data = _member(rng, member, home, "official", 2, "2026-03-02", previous_status="probationary")
            members.append(_envelope(f"{M}.member.recognised.v1", data))
        if rng.random() < 0.4:
            to = rng.choice(branches)
            data = _member(rng, member, to, "official", 3, "2026-05-02", previous_org_id=home, transfer_kind="internal")
            members.append(_envelope(f"{M}.member.transferred_in.v1", data))
    rng.shuffle(members)
    members += rng.sample(members, 15)  # redeliveries
    meetings = []
    for _ in range(40):
        org, on = rng.choice(branches), date(2026, rng.randint(1, 11), rng.randint(1, 28))
        present = rng.randint(5, 10)
        data = {
            "org_id": org, "meeting_id": _id(rng), "kind": rng.choice(("regular", "thematic")),
            "date": on.isoformat(), "effective_date": on.isoformat(), "expected": 10, "present": present,
            "excused": 10 - present, "unexcused": 0, "superior_present": False,
            "started_at": f"{on}T19:00:00+07:00", "ended_at": f"{on}T21:00:00+07:00", "duration_minutes": 120,
        }  # fmt: skip
        meetings.append(_envelope(f"{MT}.meeting.held.v1", data))
    return members, meetings


async def _state(db: Database) -> dict[str, Any]:
    async with db.read_session() as session:
        out = {}
        for table, order in (
            ("facts", "org_id, month, family"),  # a month whose changes net to zero may or may not have its row
            ("member_facts", "member_id"),
            ("coverage", "org_id"),
            ("entity_contributions", "entity_key"),
        ):
            where = "WHERE deltas <> '{}'" if table == "facts" else ""
            rows = (await session.execute(text(f"SELECT * FROM {table} {where} ORDER BY {order}"))).all()
            out[table] = [tuple(r) for r in rows]
    return out


async def _run(url: str, *, lanes: bool) -> dict[str, Any]:
    db = Database(make_engine(url, 5), "reporting")
    try:
        keyed = consumers()
        for consumer in keyed:  # two lanes wherever reporting declares a key (it runs one by default)
            consumer.lanes = 2 if consumer.partition is not None else 1
        runners: dict[str, ConsumerRunner] = {c.name: ConsumerRunner(db, None, c) for c in keyed}  # type: ignore[arg-type]
        rng = random.Random(3)
        tree, branches = _tree(rng)
        members, meetings = _workload(rng, branches)
        membership, meeting_runner = runners["reporting-membership"], runners["reporting-meetings"]
        for event in tree:
            await membership.apply_batch([event])
        for runner, events in ((membership, members), (meeting_runner, meetings)):
            if lanes:
                assert len(runner._lanes(events[:20])) == 2
                for start in range(0, len(events), 20):
                    await runner.apply_lanes(events[start : start + 20])
            else:
                for event in events:
                    await runner.apply_batch([event])
        return await _state(db)
    finally:
        await db.engine.dispose()


async def test_lanes_end_with_the_state_of_applying_each_event_alone(services: ServiceFactory) -> None:
    alone = await _run(await services.database("reporting"), lanes=False)
    in_lanes = await _run(await services.database("reporting"), lanes=True)
    assert alone["facts"], "the workload counts something"
    assert in_lanes == alone


def test_a_batch_with_an_event_of_no_key_is_not_split() -> None:
    consumer = EventConsumer(name="c", stream="S", subject="s", partition=lambda e: e.data.get("k"), lanes=2)
    runner = ConsumerRunner(None, None, consumer)  # type: ignore[arg-type]
    keyed = [_envelope(f"{M}.x.v1", {"k": str(i)}) for i in range(8)]
    lanes = runner._lanes(keyed)
    assert len(lanes) == 2
    assert sorted(e.id for lane in lanes for e in lane) == sorted(e.id for e in keyed)
    for lane in lanes:  # each lane keeps the batch's order
        assert [e.id for e in lane] == [e.id for e in keyed if e in lane]
    unkeyed = [*keyed, _envelope(f"{M}.x.v1", {})]
    assert runner._lanes(unkeyed) == [unkeyed]
