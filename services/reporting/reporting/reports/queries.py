"""Reads of the aggregate store: a few rows per metric and organisation, summed into figures in Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

import shared.orgtree as orgtree
from reporting.reports.figures import Value, figures, totals
from shared.calendar import Period, add_months


@dataclass(frozen=True)
class OrgRef:
    id: str
    name: str
    kind: str


async def rows_for(
    session: AsyncSession,
    org_ids: list[str],
    first: date,
    last: date,
) -> dict[str, list[tuple[date, str, int]]]:
    """Each organisation's (month, metric, value) up to ``last``, months before ``first`` summed into one."""
    before = add_months(first, -1)
    result = await session.execute(
        text(
            "SELECT f.org_id, CASE WHEN f.month < :first THEN CAST(:before AS date) ELSE f.month END AS m, "
            "e.key AS metric, sum(CAST(e.value AS bigint)) AS value "
            "FROM facts f CROSS JOIN LATERAL jsonb_each_text(f.deltas) e "
            "WHERE f.org_id = ANY(:ids) AND f.month <= :last GROUP BY f.org_id, m, e.key"
        ),
        {"ids": org_ids, "first": first, "before": before, "last": last},
    )
    out: dict[str, list[tuple[date, str, int]]] = {o: [] for o in org_ids}
    for r in result:
        out[r.org_id].append((r.m, r.metric, int(r.value)))
    return out


async def figures_for(
    session: AsyncSession, org_ids: list[str], period: Period, due_by: date | None = None
) -> dict[str, dict[str, Value]]:
    """Each organisation's figures for ``period``; meetings are required of months ended by ``due_by``."""
    rows = await rows_for(session, org_ids, period.start, period.last_month_start)
    return {o: figures(totals(rows[o], period, due_by), period) for o in org_ids}


async def series_for(
    session: AsyncSession, org_id: str, periods: list[Period], due_by: date | None = None
) -> list[dict[str, Value]]:
    rows = (await rows_for(session, [org_id], periods[0].start, periods[-1].last_month_start))[org_id]
    return [figures(totals(rows, p, due_by), p) for p in periods]


async def children(session: AsyncSession, org_id: str, on: date) -> list[OrgRef]:
    """The organisations directly under ``org_id`` at the end of the period (the tree as it was then)."""
    return [OrgRef(i, n, k) for i, n, k in await orgtree.children_at(session, org_id, on)]


async def last_event_at(session: AsyncSession) -> datetime | None:
    value: datetime | None = (await session.execute(text("SELECT max(last_event_at) FROM progress"))).scalar()
    return value


async def own_targets(session: AsyncSession, org_id: str, year: int) -> dict[str, int]:
    """The targets the organisation set itself for ``year`` (figure -> value)."""
    rows = await session.execute(
        text("SELECT figure, value FROM org_targets WHERE org_id = :org AND year = :year"),
        {"org": org_id, "year": year},
    )
    return {r.figure: int(r.value) for r in rows}
