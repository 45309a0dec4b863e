"""Organisations created in one batch are inserted together before the tree is read (issue 13: the rebuild of a
country replays 360,000 creations): parents before children in the same batch, each unit counted once however
often its creation is published, and a unit whose parent is unknown still waits (NotReady) for it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from reporting.consumers import consumers
from shared.consumer import ConsumerRunner, NotReady
from shared.db import Database, make_engine
from shared.events import Envelope
from shared.testing.harness import ServiceFactory

CREATED = "vn.party.membership.org.created.v1"


def created(org: str, parent: str | None, kind: str) -> Envelope:
    data = {"org_id": org, "parent_id": parent, "kind": kind, "name": org[:8], "effective_date": "2020-03-15"}
    return Envelope(source="/grassroots/membership", type=CREATED, subject="t", data=data, time=datetime.now(UTC))


async def _figures(db: Database) -> dict[str, Any]:
    async with db.read_session() as session:
        paths = dict((await session.execute(text("SELECT id, path FROM org_nodes"))).all())
        rows = await session.execute(
            text(
                "SELECT f.org_id, e.key, sum(CAST(e.value AS int)) FROM facts f "
                "CROSS JOIN LATERAL jsonb_each_text(f.deltas) e WHERE f.family = 'membership' GROUP BY 1, 2"
            )
        )
        counts = {(r[0], r[1]): r[2] for r in rows}
    return {"paths": paths, "counts": counts}


async def test_a_batch_creates_parents_before_children_and_counts_each_unit_once(services: ServiceFactory) -> None:
    db = Database(make_engine(await services.database("reporting"), 2), "reporting")
    try:
        runner = ConsumerRunner(db, None, consumers()[0])  # type: ignore[arg-type]
        p, d, c, b = (str(uuid.uuid4()) for _ in range(4))
        batch = [created(p, None, "province"), created(d, p, "district"), created(c, d, "grassroots_committee")]
        batch += [created(b, c, "branch"), created(d, p, "district")]  # the district published again
        assert len(await runner.apply_batch(batch)) == 5
        assert len(await runner.apply_batch([created(p, None, "province")])) == 1  # again, in a later batch
        figures = await _figures(db)
        assert figures["paths"] == {p: f"/{p}/", d: f"/{p}/{d}/", c: f"/{p}/{d}/{c}/", b: f"/{p}/{d}/{c}/{b}/"}
        counts = figures["counts"]
        assert (counts[(p, "orgs.active.province")], counts[(p, "orgs.active.district")]) == (1, 1)
        assert (counts[(p, "orgs.active.branch")], counts[(c, "orgs.active.branch")]) == (1, 1)
        assert counts[(d, "orgs.active.grassroots_committee")] == 1
        with pytest.raises(NotReady):
            await runner.apply_batch([created(str(uuid.uuid4()), str(uuid.uuid4()), "branch")])
        assert (await _figures(db))["counts"] == counts
    finally:
        await db.engine.dispose()
