"""Merging a batch's deltas into stored fact rows (issue 13, migration 0016): the live upsert's and a rebuild's
inline merge (``store.merged``) and ``reporting_add`` all give the sum without the metrics that reach zero, and a
wide row is stored uncompressed, so a rewrite does not compress it again."""

from __future__ import annotations

import json
import random
from datetime import date

from sqlalchemy import text

from reporting.facts import store
from shared.db import Database, make_engine
from shared.testing.harness import ServiceFactory


def _cases(rng: random.Random) -> list[tuple[dict[str, int], dict[str, int]]]:
    """(stored, added) pairs: empty sides, disjoint and shared metrics, sums that reach zero, wide rows."""
    cases: list[tuple[dict[str, int], dict[str, int]]] = [
        ({}, {}),
        ({"a": 1}, {}),
        ({}, {"a": -3}),
        ({"a": 2, "b": 3}, {"a": -2, "b": 1, "c": 4}),
        ({"a": 2}, {"a": -2}),
    ]
    for _ in range(60):
        names = [f"yob.{1930 + i}" for i in range(rng.choice([3, 12, 150]))]
        stored = {n: rng.choice([-2, -1, 1, 2, 5]) for n in rng.sample(names, rng.randint(0, len(names)))}
        added = {n: rng.choice([-2, -1, 1, 2]) for n in rng.sample(names, rng.randint(0, min(8, len(names))))}
        for n in rng.sample(sorted(stored), min(2, len(stored))):
            added[n] = -stored[n]  # sums to zero: the metric must go
        cases.append((stored, added))
    return cases


def _sum(stored: dict[str, int], added: dict[str, int]) -> dict[str, int]:
    out = dict(stored)
    for metric, value in added.items():
        out[metric] = out.get(metric, 0) + value
    return {k: v for k, v in out.items() if v}


async def test_every_merge_adds_the_metrics_and_drops_the_zeros(services: ServiceFactory) -> None:
    db = Database(make_engine(await services.database("reporting"), 2), "reporting")
    inline = store.merged("CAST(:a AS jsonb)", "CAST(:b AS jsonb)")
    try:
        async with db.read_session() as session:
            for stored, added in _cases(random.Random(13)):
                values = {"a": json.dumps(stored), "b": json.dumps(added)}
                row = (
                    await session.execute(
                        text(f"SELECT {inline}, reporting_add(CAST(:a AS jsonb), CAST(:b AS jsonb))"), values
                    )
                ).one()
                assert row[0] == row[1] == _sum(stored, added), (stored, added)
    finally:
        await db.engine.dispose()


async def test_the_live_upsert_and_a_merge_of_staged_rows_add_to_stored_rows(services: ServiceFactory) -> None:
    db = Database(make_engine(await services.database("reporting"), 2), "reporting")
    month = date(2026, 3, 1)
    try:
        async with db.uow() as uow:
            await uow.session.execute(
                text(
                    "INSERT INTO facts (org_id, month, family, deltas) VALUES "
                    """('o1', :m, 'membership', '{"members.a": 2, "members.b": 3}'), """
                    """('o2', :m, 'membership', '{"members.a": 1, "members.b": 2}')"""
                ),
                {"m": month},
            )
            await uow.commit()
        async with db.uow() as uow:  # live: o1 existing, o3 new
            await uow.session.execute(
                store._UPSERT_FACTS,
                {
                    "orgs": ["o1", "o3"],
                    "months": [month, month],
                    "families": ["membership", "membership"],
                    "deltas": ['{"members.a": -2, "members.b": 1, "members.c": 4}', '{"members.a": 7}'],
                },
            )
            await uow.commit()
        async with db.uow() as uow:  # a rebuild's merge: o2 existing, o4 new
            cells = {("o2", month): {"members.a": -1, "members.b": 5}, ("o4", month): {"members.a": 3}}
            await store.write_staged(uow.session, cells, {})
            await uow.commit()
        async with db.read_session() as session:
            rows = await session.execute(text("SELECT org_id, deltas FROM facts WHERE month = :m"), {"m": month})
            facts = {r.org_id: r.deltas for r in rows}
        assert facts == {
            "o1": {"members.b": 4, "members.c": 4},
            "o2": {"members.b": 7},
            "o3": {"members.a": 7},
            "o4": {"members.a": 3},
        }
    finally:
        await db.engine.dispose()


async def test_a_wide_fact_row_is_stored_uncompressed(services: ServiceFactory) -> None:
    """An upper level's row of ~150 birth years and categories (4.1 kB) passed the 2 kB TOAST threshold and was
    compressed again (pglz) at every rewrite: ~150 µs of PostgreSQL CPU of its ~365 µs upsert. It stays inline."""
    db = Database(make_engine(await services.database("reporting"), 2), "reporting")
    wide = json.dumps({f"yob.{1900 + i}": 5 + i for i in range(150)})
    try:
        async with db.uow() as uow:
            params = {"orgs": ["o1"], "months": [date(2026, 1, 1)], "families": ["yob"], "deltas": [wide]}
            await uow.session.execute(store._UPSERT_FACTS, params)
            await uow.session.execute(store._UPSERT_FACTS, params | {"deltas": ['{"yob.1901": 1}']})
            await uow.commit()
        async with db.read_session() as session:
            stored, text_size = (
                await session.execute(
                    text("SELECT pg_column_size(deltas), octet_length(CAST(deltas AS text)) FROM facts")
                )
            ).one()
        assert stored > text_size, f"stored in {stored} bytes: compressed"
    finally:
        await db.engine.dispose()
