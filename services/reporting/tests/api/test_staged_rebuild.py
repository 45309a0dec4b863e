"""A rebuild sums its facts in memory across batches and writes them now and then (``store.Staging``, issue 13):
it ends with exactly the store of applying the same batches live — with dated history, versions out of order,
redeliveries, a unit moved and one merged while staged sums wait (the move's totals read them), a batch rolled
back and applied one event at a time, and sums written into rows that already exist."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text

from reporting import rebuild
from reporting.consumers import consumers
from reporting.facts import store
from shared.consumer import ConsumerRunner
from shared.db import Database, make_engine
from shared.events import Envelope
from shared.testing.harness import ServiceFactory

M = "vn.party.membership"


def _envelope(event_type: str, data: dict[str, Any]) -> Envelope:
    return Envelope(source="/grassroots/membership", type=event_type, subject="t", data=data, time=datetime.now(UTC))


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _created(org: str, parent: str | None, kind: str) -> Envelope:
    data = {"org_id": org, "parent_id": parent, "kind": kind, "name": org[:8], "effective_date": "1950-01-01"}
    return _envelope(f"{M}.org.created.v1", data)


def _members(rng: random.Random, branches: list[str], count: int) -> list[Envelope]:
    out = []
    for _ in range(count):
        member, home = _id(rng), rng.choice(branches)
        admitted = date(rng.randint(1960, 2024), rng.randint(1, 12), 1)
        data = {
            "member_id": member,
            "org_id": home,
            "status": "probationary",
            "gender": rng.choice(("male", "female")),
            "birth_date": f"{admitted.year - 25}-03-01",
            "ethnic_minority": rng.random() < 0.2,
            "effective_date": "2026-01-05",
            "version": 1,
            "admission_date": admitted.isoformat(),
            "occupation": rng.choice(("farmer", "retired", None)),
        }
        out.append(_envelope(f"{M}.member.registered.v1", data))
        if rng.random() < 0.6:
            later = {**data, "status": "official", "version": 2, "effective_date": "2026-03-02"}
            out.append(_envelope(f"{M}.member.recognised.v1", {**later, "previous_status": "probationary"}))
        if rng.random() < 0.3:
            moved = {**data, "org_id": rng.choice(branches), "status": "official", "version": 3}
            moved |= {"effective_date": "2026-05-02", "previous_org_id": home, "transfer_kind": "internal"}
            out.append(_envelope(f"{M}.member.transferred_in.v1", moved))
    rng.shuffle(out)
    return out + rng.sample(out, min(5, len(out)))  # redeliveries


def _stream(rng: random.Random) -> list[list[Envelope]]:
    """The batches of a replay: the tree, members, a move, members, a merge, members, a batch holding an event
    whose organisation is unknown after a rename (rolled back after its members were staged, then applied one
    by one, that one parked)."""
    province, communes = _id(rng), [_id(rng) for _ in range(3)]
    branches = [_id(rng) for _ in range(9)]
    tree = [_created(province, None, "province")]
    tree += [_created(c, province, "grassroots_committee") for c in communes]
    tree += [_created(b, communes[i % 3], "branch") for i, b in enumerate(branches)]
    move = {"org_id": branches[0], "new_parent_id": communes[1], "effective_date": "2025-04-01"}
    merge = {"org_id": communes[2], "into_id": communes[0], "effective_date": "2025-07-01"}
    stray = _members(rng, [_id(rng)], 1)[0]  # a branch reporting never saw
    batches = [tree, *_chunks(_members(rng, branches, 40))]
    batches += [[_envelope(f"{M}.org.moved.v1", move)], *_chunks(_members(rng, branches, 30))]
    batches += [[_envelope(f"{M}.org.merged.v1", merge)], *_chunks(_members(rng, branches, 30))]
    # The rename flushes (stages) the members before it; the stray one then rolls the whole batch back.
    rename = {"org_id": branches[1], "name": "Chi bộ mới", "effective_date": "2025-09-01"}
    batches += [[*_members(rng, branches, 5), _envelope(f"{M}.org.renamed.v1", rename), stray]]
    return batches


def _chunks(events: list[Envelope]) -> list[list[Envelope]]:
    return [events[i : i + 25] for i in range(0, len(events), 25)]


async def _state(db: Database) -> dict[str, Any]:
    async with db.read_session() as session:
        out = {}
        for table, order in (("facts", "org_id, month, family"), ("member_facts", "member_id"), ("coverage", "org_id")):
            where = "WHERE deltas <> '{}'" if table == "facts" else ""  # a row netting to zero may be absent
            rows = (await session.execute(text(f"SELECT * FROM {table} {where} ORDER BY {order}"))).all()
            out[table] = [tuple(r) for r in rows]
        pending = (await session.execute(text("SELECT count(*) FROM facts_pending"))).scalar_one()
        assert pending == 0
    return out


async def _run(url: str, *, staged: bool) -> tuple[dict[str, Any], rebuild.RebuildReport]:
    db = Database(make_engine(url, 2), "reporting")
    report = rebuild.RebuildReport(applied={"reporting-membership": 0}, parked={"reporting-membership": 0})
    report.dead_letters["reporting-membership"] = 0
    try:
        runner = ConsumerRunner(db, None, consumers()[0])  # type: ignore[arg-type]
        batches = _stream(random.Random(5))
        if not staged:
            for batch in batches:
                await rebuild._apply(runner, batch, report)
            return await _state(db), report
        with store.staged() as staging:
            for n, batch in enumerate(batches):
                await rebuild._apply(runner, batch, report)
                if n == 3:  # some sums written early: later ones are added to rows that exist
                    assert staging.size
                    await rebuild._merge(db)
                    assert not staging.size
            await rebuild._merge(db)
        return await _state(db), report
    finally:
        await db.engine.dispose()


async def test_a_staged_rebuild_ends_with_the_store_of_applying_batches_live(services: ServiceFactory) -> None:
    live, live_report = await _run(await services.database("reporting"), staged=False)
    staged, staged_report = await _run(await services.database("reporting"), staged=True)
    assert len(live["facts"]) > 100, "the workload counts something"
    assert live_report.parked == staged_report.parked == {"reporting-membership": 1}
    assert live_report.applied == staged_report.applied
    assert staged == live


async def test_without_staging_nothing_is_kept_in_memory(services: ServiceFactory) -> None:
    """Live consumers write every batch's facts at its commit: merging outside a rebuild writes nothing."""
    db = Database(make_engine(await services.database("reporting"), 2), "reporting")
    try:
        async with db.uow() as uow:
            assert await store.merge_staged(uow.session) == 0
    finally:
        await db.engine.dispose()


async def test_a_merge_into_an_emptied_store_is_hashed_not_a_nested_loop(services: ServiceFactory) -> None:
    """A rebuild empties ``facts`` and its statistics say so; a nested loop over it would rescan, for each staged
    row, what the same statement inserted so far (quadratic: a first merge ran 11 minutes). The merge's joins
    must be planned as hash joins even then."""
    db = Database(make_engine(await services.database("reporting"), 2), "reporting")
    rows = [(f"org-{i // 40}", date(1960 + i % 40, 1, 1), "members", '{"a": 1}') for i in range(5000)]
    try:
        async with db.uow() as uow:
            await uow.session.execute(text("TRUNCATE facts, facts_pending"))
            driver: Any = (await (await uow.session.connection()).get_raw_connection()).driver_connection
            await driver.copy_records_to_table("facts_pending", records=rows, columns=store.PENDING_COLUMNS)
            await uow.session.execute(text("ANALYZE facts"))
            await uow.session.execute(text("ANALYZE facts_pending"))
            await uow.session.execute(store.HASH_JOINS_ONLY)
            for statement in store.MERGE_JOINS:
                plan = (await uow.session.execute(text(f"EXPLAIN {statement.text}"))).scalars().all()
                assert not any("Nested Loop" in line for line in plan), "\n".join(plan)
                assert any("Hash" in line for line in plan), "\n".join(plan)
    finally:
        await db.engine.dispose()
