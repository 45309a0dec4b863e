"""A rebuild split over processes by member (``reporting.partitioned``, issue 13) ends with exactly the store of
applying the same stream live: dated history, versions out of order, redeliveries (the same event twice in the
stream), members created between tree changes, a unit moved and one merged while the workers hold staged sums,
and an event whose organisation reporting never saw (parked, once)."""

from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch

from sqlalchemy import text

from reporting import partitioned, rebuild
from reporting.consumers import consumers
from reporting.settings import Settings
from shared.bus import connect, ensure_stream
from shared.consumer import ConsumerRunner
from shared.db import Database, make_engine
from shared.devservers import EmbeddedNats
from shared.events import Envelope
from shared.testing.harness import ServiceFactory

from .test_staged_rebuild import _id, _members  # the same members, moves and redeliveries

M = "vn.party.membership"


def _envelope(kind: str, data: dict[str, Any]) -> Envelope:
    return Envelope(
        source="/grassroots/membership", type=f"{M}.{kind}.v1", subject="t", data=data, time=datetime.now(UTC)
    )


def _stream(rng: random.Random) -> list[Envelope]:
    def created(org: str, parent: str | None, kind: str) -> Envelope:
        data = {"org_id": org, "parent_id": parent, "kind": kind, "name": org[:8], "effective_date": "1950-01-01"}
        return _envelope("org.created", data)

    province, communes = _id(rng), [_id(rng) for _ in range(3)]
    branches = [_id(rng) for _ in range(9)]
    late = _id(rng)  # a branch created after members already count elsewhere
    out = [created(province, None, "province"), *(created(c, province, "grassroots_committee") for c in communes)]
    out += [created(b, communes[i % 3], "branch") for i, b in enumerate(branches)]
    out += _members(rng, branches, 60)
    out += [created(late, communes[0], "branch"), *_members(rng, [late, *branches], 20)]
    out += [
        _envelope("org.moved", {"org_id": branches[0], "new_parent_id": communes[1], "effective_date": "2025-04-01"})
    ]
    out += _members(rng, branches, 40)
    out += [_envelope("org.merged", {"org_id": communes[2], "into_id": communes[0], "effective_date": "2025-07-01"})]
    out += _members(rng, [late, *branches], 40)
    return [*out, _members(rng, [_id(rng)], 1)[0]]  # a branch reporting never saw


async def _state(url: str) -> dict[str, Any]:
    db = Database(make_engine(url, 2), "reporting")
    try:
        async with db.read_session() as session:
            out = {}
            for table, order in (
                ("facts", "org_id, month, family"),
                ("member_facts", "member_id"),
                ("coverage", "org_id"),
            ):
                where = "WHERE deltas <> '{}'" if table == "facts" else ""  # a row netting to zero may be absent
                out[table] = [
                    tuple(r) for r in await session.execute(text(f"SELECT * FROM {table} {where} ORDER BY {order}"))
                ]
            out["parked"] = (await session.execute(text("SELECT count(*) FROM parked_events"))).scalar_one()
            assert (await session.execute(text("SELECT count(*) FROM facts_pending"))).scalar_one() == 0
        return out
    finally:
        await db.engine.dispose()


async def _live(url: str, stream: list[Envelope]) -> None:
    """Each event applied as the live consumer would, in stream order, in batches of 16 (parking the unknown)."""
    db = Database(make_engine(url, 2), "reporting")
    report = rebuild.RebuildReport(applied={"reporting-membership": 0}, parked={"reporting-membership": 0})
    report.dead_letters["reporting-membership"] = 0
    try:
        runner = ConsumerRunner(db, None, consumers()[0])  # type: ignore[arg-type]
        for start in range(0, len(stream), 16):
            await rebuild._apply(runner, stream[start : start + 16], report)
    finally:
        await db.engine.dispose()


async def _split(url: str, nats_url: str, workers: int, merge_every: int | None) -> rebuild.RebuildReport:
    settings = Settings(database_url=url, nats_url=nats_url, jwt_secret="test-" + "x" * 40)
    if merge_every is None:
        return await rebuild.rebuild(settings, batch_size=7, workers=workers)
    if workers == 1:  # one process writing its sums every few cells while it replays (moves and merges wait)
        write = rebuild._write

        async def slow_write(*args: Any) -> None:  # still writing when the next batches come
            await asyncio.sleep(0.2)
            await write(*args)

        with patch.object(rebuild, "MERGE_EVERY_CELLS", merge_every), patch.object(rebuild, "_write", slow_write):
            return await rebuild.rebuild(settings, batch_size=7)
    db = Database(make_engine(url, 2), "reporting")  # the sums shipped and written every few cells
    nc = await connect(nats_url, "test")
    report = rebuild.RebuildReport()
    try:
        await rebuild.reset(db)
        await partitioned.replay(settings, db, nc.jetstream(timeout=10), report, workers, 7, merge_every)
        return report
    finally:
        await nc.close()
        await db.engine.dispose()


async def test_a_rebuild_split_over_processes_ends_with_the_store_of_applying_the_stream_live(
    services: ServiceFactory,
) -> None:
    stream = _stream(random.Random(8))
    live_url = await services.database("reporting")
    await _live(live_url, stream)
    live = await _state(live_url)
    assert len(live["facts"]) > 100, "the workload counts something"
    assert len(live["member_facts"]) > 100
    folder = Path(tempfile.mkdtemp(prefix="test-partitioned-"))
    server = EmbeddedNats(folder).start()
    try:
        nc = await connect(server.url, "test")
        js = nc.jetstream(timeout=10)
        await ensure_stream(js, "membership")
        for envelope in stream:  # no Nats-Msg-Id: a redelivered event is in the stream twice
            await js.publish(envelope.nats_subject, envelope.to_bytes())
        await nc.close()
        for workers, merge_every in ((2, None), (3, 40), (1, 40)):
            url = await services.database("reporting")
            report = await _split(url, server.url, workers, merge_every)
            assert report.parked == {"reporting-membership": 1}  # the only stream here
            assert sum(report.dead_letters.values()) == 0
            assert report.applied["reporting-membership"] == len({e.id for e in stream}) - 1
            assert await _state(url) == live, (workers, merge_every)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
