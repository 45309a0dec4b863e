"""Sums of the rows of past years, per organisation, summed once and kept by the process while they are unchanged.

Why: a stock is the sum of every month up to the period's end, so with decades of history the yearly roll-ups
before the period's year are most of what a report reads (60 rows of a hundred metrics for a province, and as
many for each organisation of a breakdown), and a range of decades reads every month of them for its flows;
yet past years rarely change (only an event dated in one of them, or a re-parenting, touches them). Two blocks are
kept: the roll-ups before a year (``sums_before``) and the months of whole years inside a period
(``sums_within``; the metrics counted month by month keep their month). Each sum is kept with a fingerprint of
the rows it summed: every row version's ``ctid`` and ``xmin``, which any insert, update or delete of one of them
changes. A read fetches the fingerprints (a small query that reads no jsonb) and sums again only the
organisations whose rows changed, in the same statement as their new fingerprint, so a sum is never kept under
the fingerprint of another snapshot. Replicas each keep their own; none serves a stale sum, as every read checks.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from datetime import date

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.facts.rules import is_stock
from reporting.reports.figures import MONTHLY

MAX_KEPT = 4096
"""Sums kept (organisation and block), least recently used dropped first: a province's is about 100 metrics."""

Sums = tuple[tuple[date | None, str, int], ...]
"""(month, metric, value): the month only for the metrics counted month by month inside a period, else None."""
_kept: OrderedDict[tuple[str, str, date, date], tuple[str, Sums]] = OrderedDict()
_stocks: dict[tuple[str, str, date, date], tuple[Sums, dict[str, int]]] = {}
"""A kept sum of roll-ups as ``{metric: value}`` of its stocks, made once per kept sum (``stocks_before``)."""

AGGREGATED = "string_agg(CAST(ctid AS text) || ':' || CAST(xmin AS text), ',' ORDER BY month, family)"
FINGERPRINT = f"md5({AGGREGATED})"
"""Of a set of fact rows: every row version's ``ctid`` and ``xmin``, which any insert, update or delete changes."""
_BLOCKS = {
    # the yearly roll-ups before a year: every metric summed
    "before": ("family LIKE '%@y' AND month < :start", "CAST(NULL AS date)"),
    # the months of whole years: the metrics counted month by month keep their month
    "within": (
        "family NOT LIKE '%@y' AND month >= :start AND month < :end",
        "CASE WHEN e.key = ANY(:monthly) THEN r.month END",
    ),
}


def _statements(where: str, month: str) -> tuple[TextClause, TextClause]:
    rows = f"FROM facts WHERE org_id = ANY(:ids) AND {where}"
    fingerprints = text(f"SELECT org_id, {FINGERPRINT} AS fingerprint {rows} GROUP BY org_id")
    sums = text(
        f"WITH r AS MATERIALIZED (SELECT org_id, month, family, ctid, xmin, deltas {rows}), "
        f"p AS (SELECT org_id, {FINGERPRINT} AS fingerprint FROM r GROUP BY org_id) "
        f"SELECT r.org_id, p.fingerprint, {month} AS m, e.key AS metric, sum(CAST(e.value AS bigint)) AS value "
        "FROM r JOIN p USING (org_id) CROSS JOIN LATERAL jsonb_each_text(r.deltas) e "
        "GROUP BY r.org_id, p.fingerprint, m, e.key"
    )
    return fingerprints, sums


STATEMENTS = {block: _statements(where, month) for block, (where, month) in _BLOCKS.items()}


async def sums_before(session: AsyncSession, org_ids: list[str], year: date) -> dict[str, Sums]:
    """Per organisation, each metric's sum over the yearly roll-ups before ``year`` (organisations without any
    are left out)."""
    return await _sums(session, "before", org_ids, year, year)


async def stocks_before(
    session: AsyncSession, org_ids: list[str], year: date, fingerprints: dict[str, str] | None = None
) -> dict[str, dict[str, int]]:
    """``sums_before`` as each organisation's ``{metric: value}`` of stocks (all a report counts of the years
    before its period), made once per kept sum instead of once per read. Read-only: shared by every read.
    ``fingerprints``: the roll-ups' fingerprints (``FINGERPRINT``) when the caller has just read them."""
    out = {}
    for org_id, sums in (await _sums(session, "before", org_ids, year, year, fingerprints)).items():
        key = ("before", org_id, year, year)
        made = _stocks.get(key)
        if made is None or made[0] is not sums:
            stocks: dict[str, int] = {}
            for _, metric, value in sums:
                if is_stock(metric):
                    stocks[metric] = stocks.get(metric, 0) + value
            made = _stocks[key] = (sums, stocks)
        out[org_id] = made[1]
    return out


async def sums_within(session: AsyncSession, org_ids: list[str], start: date, end: date) -> dict[str, Sums]:
    """Per organisation, each metric's sum over the months from ``start`` up to ``end`` (excluded)."""
    return await _sums(session, "within", org_ids, start, end)


async def _sums(
    session: AsyncSession,
    block: str,
    org_ids: list[str],
    start: date,
    end: date,
    current: dict[str, str] | None = None,
) -> dict[str, Sums]:
    fingerprints, sums = STATEMENTS[block]
    params = {"ids": org_ids, "start": start, "end": end, "monthly": MONTHLY}
    if current is None:
        current = {r.org_id: r.fingerprint for r in await session.execute(fingerprints, params)}
    out: dict[str, Sums] = {}
    stale = []
    for org_id, fingerprint in current.items():
        kept = _kept.get((block, org_id, start, end))
        if kept is not None and kept[0] == fingerprint:
            _kept.move_to_end((block, org_id, start, end))
            out[org_id] = kept[1]
        else:
            stale.append(org_id)
    if stale:
        rows: dict[str, tuple[str, list[tuple[date | None, str, int]]]] = {}
        for r in await session.execute(sums, params | {"ids": stale}):
            rows.setdefault(r.org_id, (r.fingerprint, []))[1].append((r.m, sys.intern(r.metric), int(r.value)))
        for org_id, (fingerprint, summed) in rows.items():
            out[org_id] = tuple(summed)
            _kept[(block, org_id, start, end)] = (fingerprint, out[org_id])
        while len(_kept) > MAX_KEPT:
            _stocks.pop(_kept.popitem(last=False)[0], None)
    return out


def forget() -> None:
    """Drop every kept sum."""
    _kept.clear()
    _stocks.clear()
