"""Kept figures are never stale (issue 13): a process keeps each organisation's figures with the versions of its
fact rows (``fact_versions``, set by triggers on ``facts`` in the transaction of every change), so a figure read
after any committed change — through the consumers, a rebuild's staged merge, or any statement on ``facts`` —
shows it at once, in this process and in another one that kept its own."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text

from reporting import rebuild
from reporting.consumers import consumers
from reporting.facts import store
from reporting.reports import queries
from shared.calendar import parse_period
from shared.consumer import ConsumerRunner
from shared.db import Database, make_engine
from shared.events import Envelope
from shared.testing.harness import ServiceFactory

M = "vn.party.membership"
YEAR = parse_period("2026")


def _event(event_type: str, data: dict[str, Any]) -> Envelope:
    return Envelope(source="/grassroots/membership", type=event_type, subject="t", data=data, time=datetime.now(UTC))


def _created(org: str, parent: str | None, kind: str) -> Envelope:
    data = {"org_id": org, "parent_id": parent, "kind": kind, "name": org[:8], "effective_date": "1950-01-01"}
    return _event(f"{M}.org.created.v1", data)


def _registered(org: str, admitted: str) -> Envelope:
    data = {
        "member_id": str(uuid.uuid4()),
        "org_id": org,
        "status": "official",
        "gender": "male",
        "birth_date": "1950-02-01",
        "ethnic_minority": False,
        "admission_date": admitted,
        "recognition_date": admitted,
        "version": 1,
        "effective_date": "2026-03-02",
    }
    return _event(f"{M}.member.registered.v1", data)


async def _totals(db: Database, orgs: list[str]) -> list[Any]:
    """The totals read, and the same in the JSON kept with them (what a breakdown answers)."""
    async with db.read_session() as session:
        kept = await queries.kept_figures_for(session, orgs, YEAR)
    totals = [kept[o].values["members_total"] for o in orgs]
    assert [json.loads(kept[o].json())["members_total"] for o in orgs] == totals
    return totals


async def _add(db: Database, org: str, month: str, value: int, family: str = "membership") -> None:
    """Another writer's statement on ``facts`` (an upsert adding to a row, as the consumers write)."""
    async with db.uow() as uow:
        await uow.session.execute(
            text(
                "INSERT INTO facts (org_id, month, family, deltas) VALUES (:org, :month, :family, "
                "CAST(:deltas AS jsonb)) ON CONFLICT (org_id, month, family) "
                "DO UPDATE SET deltas = reporting_add(facts.deltas, excluded.deltas)"
            ),
            {
                "org": org,
                "month": date.fromisoformat(month),
                "family": family,
                "deltas": json.dumps({"members.total": value}),
            },
        )
        await uow.commit()


async def test_a_kept_figure_shows_every_committed_change_at_once(services: ServiceFactory) -> None:
    db = Database(make_engine(await services.database("reporting"), 2), "reporting")
    runner = ConsumerRunner(db, None, consumers()[0])  # type: ignore[arg-type]
    province, commune, branch = (str(uuid.uuid4()) for _ in range(3))
    orgs = [province, commune, branch]
    queries.forget_figures()
    try:
        tree = [_created(province, None, "province"), _created(commune, province, "grassroots_committee")]
        await runner.apply_batch([*tree, _created(branch, commune, "branch")])
        await runner.apply_batch([_registered(branch, "2026-02-01"), _registered(branch, "1990-05-01")])
        assert await _totals(db, orgs) == [2, 2, 2]
        async with db.read_session() as session:
            versions = dict((await session.execute(queries.VERSIONS, {"ids": orgs})).all())
        assert await _totals(db, orgs) == [2, 2, 2]  # read again: kept, under the versions just read
        kept = {key[0]: k.version for key, k in queries._kept_figures.items()}
        assert kept == versions

        await runner.apply_batch([_registered(branch, "2026-04-01")])  # a live event of the period
        assert await _totals(db, orgs) == [3, 3, 3]
        await runner.apply_batch([_registered(branch, "1971-01-01")])  # dated decades back: a roll-up changes
        assert await _totals(db, orgs) == [4, 4, 4]
        await _add(db, province, "1985-01-01", 5, "membership@y")  # a past year's roll-up, its own statement
        assert await _totals(db, orgs) == [9, 4, 4]
        await _add(db, commune, "2026-01-01", -1)  # a row that exists, updated
        assert await _totals(db, orgs) == [9, 3, 4]
        async with db.uow() as uow:
            await uow.session.execute(
                text("DELETE FROM facts WHERE org_id = :o AND month = :m"), {"o": province, "m": date(1985, 1, 1)}
            )
            await uow.commit()
        assert await _totals(db, orgs) == [4, 3, 4]
        async with db.uow() as uow:  # as a rebuild begins
            await uow.session.execute(text("TRUNCATE facts"))
            await uow.commit()
        assert await _totals(db, orgs) == [0, 0, 0]
        with store.staged():  # a rebuild's sums merged into the emptied store (UPDATE and INSERT)
            report = rebuild.RebuildReport(applied={runner.consumer.name: 0}, parked={runner.consumer.name: 0})
            report.dead_letters[runner.consumer.name] = 0
            await rebuild._apply(runner, [_registered(branch, "2000-01-01")], report)
            await rebuild._merge(db)
        assert await _totals(db, orgs) == [1, 1, 1]
    finally:
        queries.forget_figures()
        await db.engine.dispose()


READER = """
import asyncio, sys
from reporting.reports import queries
from shared.calendar import parse_period
from shared.db import Database, make_engine

async def main(url, orgs):
    db = Database(make_engine(url, 1), "reporting")
    for line in sys.stdin:
        async with db.read_session() as session:
            values = await queries.figures_for(session, orgs, parse_period("2026"))
        print([values[o]["members_total"] for o in orgs], flush=True)
    await db.engine.dispose()

asyncio.run(main(sys.argv[1], sys.argv[2:]))
"""


async def test_a_process_that_kept_figures_shows_another_processs_change(services: ServiceFactory) -> None:
    """Two processes (as two replicas of the app), each keeping its own figures: a change one commits shows in
    the other's next read."""
    url = await services.database("reporting")
    db = Database(make_engine(url, 2), "reporting")
    runner = ConsumerRunner(db, None, consumers()[0])  # type: ignore[arg-type]
    province, branch = str(uuid.uuid4()), str(uuid.uuid4())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    other = await asyncio.create_subprocess_exec(
        sys.executable, "-c", READER, url, province, branch,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    assert other.stdin is not None
    assert other.stdout is not None

    async def read_there() -> str:
        other.stdin.write(b"read\n")  # type: ignore[union-attr]
        return (await asyncio.wait_for(other.stdout.readline(), 60)).decode().strip()  # type: ignore[union-attr]

    queries.forget_figures()
    try:
        await runner.apply_batch([_created(province, None, "province"), _created(branch, province, "branch")])
        await runner.apply_batch([_registered(branch, "2026-02-01")])
        assert await read_there() == "[1, 1]"
        assert await read_there() == "[1, 1]"  # kept there
        assert await _totals(db, [province, branch]) == [1, 1]  # and here
        await runner.apply_batch([_registered(branch, "1980-02-01")])  # committed here
        assert await read_there() == "[2, 2]"
        await _add(db, province, "2026-06-01", 3)
        assert await read_there() == "[5, 2]"
        assert await _totals(db, [province, branch]) == [5, 2]
    finally:
        other.stdin.close()
        await other.wait()
        queries.forget_figures()
        await db.engine.dispose()


async def test_a_change_committed_while_figures_are_made_is_never_half_in_the_answer(
    services: ServiceFactory, monkeypatch: Any
) -> None:
    """A read's statements each see what was committed before them, so a registration dated decades back,
    committed between the statement that fingerprints the past years' kept sums and the one that reads the
    current year's rows,
    once answered 1 registration and 0 members (a flaky ``test_history``); the read now makes its figures
    again when their versions moved while it made them, and keeps only figures of one state."""
    db = Database(make_engine(await services.database("reporting"), 2), "reporting")
    runner = ConsumerRunner(db, None, consumers()[0])  # type: ignore[arg-type]
    province, branch = str(uuid.uuid4()), str(uuid.uuid4())
    queries.forget_figures()
    made_rows = queries._rows
    committed: list[str] = []

    async def a_commit_then_rows(*args: Any, **kwargs: Any) -> Any:
        if not committed:  # after the past years' fingerprints were read, as another writer may
            committed.append("1971")
            await runner.apply_batch([_registered(branch, "1971-01-01")])
        return await made_rows(*args, **kwargs)

    try:
        await runner.apply_batch([_created(province, None, "province"), _created(branch, province, "branch")])
        await runner.apply_batch([_registered(branch, "1990-05-01")])
        async with db.read_session() as session:  # the past years' sums kept at the first registration
            first = (await queries.figures_for(session, [province], YEAR))[province]
        assert (first["registrations"], first["members_total"]) == (1, 1)
        await runner.apply_batch([_registered(branch, "2026-04-01")])  # the current year's rows move
        monkeypatch.setattr(queries, "_rows", a_commit_then_rows)
        async with db.read_session(autocommit=True) as session:
            read = (await queries.figures_for(session, [province], YEAR))[province]
        assert committed
        assert (read["registrations"], read["members_total"]) == (3, 3)
        monkeypatch.setattr(queries, "_rows", made_rows)
        async with db.read_session(autocommit=True) as session:  # what was kept is the settled state
            again = (await queries.figures_for(session, [province], YEAR))[province]
        assert (again["registrations"], again["members_total"]) == (3, 3)
    finally:
        queries.forget_figures()
        await db.engine.dispose()
