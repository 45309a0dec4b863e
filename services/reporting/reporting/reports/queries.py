"""Reads of the aggregate store: a few rows per metric and organisation, summed into figures in Python."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import TypeVar

import structlog
from pydantic import TypeAdapter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

import shared.orgtree as orgtree
from reporting.reports.before import AGGREGATED, stocks_before, sums_before, sums_within
from reporting.reports.figures import MONTHLY, Value, figure_names, figures, totals
from reporting.reports.figures_schema import FiguresOut
from shared.calendar import Period, add_months

log = structlog.get_logger(__name__)
_T = TypeVar("_T")


@dataclass(frozen=True)
class OrgRef:
    id: str
    name: str
    kind: str


ROWS = text(
    "SELECT f.org_id, CASE WHEN f.month < :first THEN CAST(:before AS date) "
    "WHEN :by_month OR e.key = ANY(:monthly) THEN f.month ELSE CAST(:first AS date) END AS m, "
    "e.key AS metric, CAST(sum(CAST(e.value AS bigint)) AS bigint) AS value "
    "FROM facts f CROSS JOIN LATERAL jsonb_each_text(f.deltas) e "
    "WHERE f.org_id = ANY(:ids) AND f.family NOT LIKE '%@y' AND f.month >= :year AND f.month <= :last "
    "AND NOT (f.month >= :whole_from AND f.month < :whole_to) "
    "GROUP BY f.org_id, m, e.key"
)


def whole_years(first: date, last: date) -> tuple[date, date]:
    """The first day of the first whole year inside the months ``first``..``last`` and of the period's last
    year (equal when no year before the last is whole): the years whose sums a process keeps. The last year is
    always read from its months, as the current year changes with every event."""
    start = first if first.month == 1 else date(first.year + 1, 1, 1)
    return start, max(start, last.replace(month=1))


async def rows_for(
    session: AsyncSession,
    org_ids: list[str],
    first: date,
    last: date,
    *,
    by_month: bool = True,
) -> dict[str, list[tuple[date, str, int]]]:
    """Each organisation's (month, metric, value) up to ``last``, months before ``first`` summed into one. With
    ``by_month=False`` (one period) the months inside it are summed too, except the metrics counted month by
    month (``MONTHLY``): a 50-year range then returns as many rows as a month does. The rows read are bounded:
    the years before ``first``'s come from their yearly roll-ups (which hold the stocks), and the whole years
    inside a period before its last from their months, each summed once per process until one of their rows
    changes (``before.py``); only the period's first and last year are read month by month."""
    out = await _rows(session, org_ids, first, last, by_month)
    before = add_months(first, -1)
    for org_id, sums in (await sums_before(session, org_ids, first.replace(month=1))).items():
        out[org_id].extend((before, metric, value) for _, metric, value in sums)
    return out


async def _rows(
    session: AsyncSession, org_ids: list[str], first: date, last: date, by_month: bool
) -> dict[str, list[tuple[date, str, int]]]:
    """``rows_for`` without the roll-ups of the years before ``first``'s."""
    year, before = first.replace(month=1), add_months(first, -1)
    whole_from, whole_to = (year, year) if by_month else whole_years(first, last)
    params = {"first": first, "year": year, "before": before, "last": last, "by_month": by_month}
    params |= {"ids": org_ids, "monthly": MONTHLY, "whole_from": whole_from, "whole_to": whole_to}
    out: dict[str, list[tuple[date, str, int]]] = {o: [] for o in org_ids}
    for org_id, month, metric, value in await session.execute(ROWS, params):
        out[org_id].append((month, metric, value))
    if whole_to > whole_from:
        for org_id, sums in (await sums_within(session, org_ids, whole_from, whole_to)).items():
            out[org_id].extend((month or first, metric, value) for month, metric, value in sums)
    return out


VERSIONS = text(
    "SELECT org_id, string_agg(family || ':' || CAST(version AS text), ',' ORDER BY family) AS version "
    "FROM fact_versions WHERE org_id = ANY(:ids) GROUP BY org_id"
)
"""Per organisation, the versions of its families' fact rows (migration 0014): a new one after every committed
change to any of them, so equal versions mean the very rows a kept figure was made of."""
_VERSION_OF = (
    "(SELECT string_agg(v.family || ':' || CAST(v.version AS text), ',' ORDER BY v.family) FROM fact_versions v "
    "WHERE v.org_id = {org}) AS version"
)
COVERED_AND_VERSIONS = text(
    "SELECT i.org_id, coalesce(c.data_as_of, c.earliest) AS covered, "
    + _VERSION_OF.format(org="i.org_id")
    + ", p.at FROM (SELECT max(last_event_at) AS at FROM progress) p "
    "LEFT JOIN (unnest(CAST(:ids AS varchar[])) AS i(org_id) LEFT JOIN coverage c ON c.org_id = i.org_id) ON true"
)


@dataclass(frozen=True)
class ReportState:
    """What a report reads before its figures, in one round trip: each organisation's coverage
    (``covered_from``) and fact versions (``VERSIONS``), and ``last_event_at``."""

    covered: dict[str, date]
    versions: dict[str, str]
    last_event_at: datetime | None


async def report_state(session: AsyncSession, org_ids: list[str]) -> ReportState:
    """The ``ReportState`` of ``org_ids`` (a breakdown's children)."""
    covered: dict[str, date] = {}
    versions: dict[str, str] = {}
    rows = (await session.execute(COVERED_AND_VERSIONS, {"ids": org_ids})).all()
    for org_id, since, version, _ in rows:
        if since is not None:
            covered[org_id] = since
        if version is not None:
            versions[org_id] = version
    return ReportState(covered, versions, rows[0].at)  # one row at least: ``progress``'s max


async def covered_and_versions(session: AsyncSession, org_ids: list[str]) -> tuple[dict[str, date], dict[str, str]]:
    """``covered_from`` and the versions of ``VERSIONS`` in one round trip (what a report reads before its
    figures)."""
    state = await report_state(session, org_ids)
    return state.covered, state.versions


TARGET_FIELDS = (
    "meetings_held_percent",
    "attendance_percent",
    "well_attended_percent",
    "superior_attended_percent",
    "resolutions_percent",
    "materials_percent",
)
"""``meeting_targets``' columns, by meetings' field names."""
NODE_STATE = text(
    "SELECT coalesce(c.data_as_of, c.earliest) AS covered, "
    + _VERSION_OF.format(org="CAST(:org AS varchar)")
    + ", (SELECT max(last_event_at) FROM progress) AS at, "
    "(SELECT json_agg(json_build_array(t.org_id, "
    + ", ".join(f"CAST(t.{f} AS text)" for f in TARGET_FIELDS)
    + ")) FROM meeting_targets t WHERE t.year = :year AND t.org_id = ANY(:path)) AS meeting, "
    "(SELECT json_agg(json_build_array(o.figure, o.value)) FROM org_targets o "
    "WHERE o.org_id = :org AND o.year = :year) AS own "
    "FROM (SELECT 1) one LEFT JOIN coverage c ON c.org_id = :org"
)


@dataclass(frozen=True)
class NodeState(ReportState):
    """A summary's ``ReportState`` of its one organisation, with the targets its figures are checked against
    for the year the period ends in: ``meeting_targets`` and ``own_targets``."""

    meeting_targets: dict[str, Decimal]
    own_targets: dict[str, int]


async def node_state(session: AsyncSession, node: orgtree.OrgNode, year: int) -> NodeState:
    """The organisation's ``NodeState`` for ``year``: five reads in one round trip. The targets are read on
    every request (a handful of rows), so they are never older than the figures."""
    path = orgtree.ids_in_path(node.path)
    params = {"org": node.id, "year": year, "path": path}
    since, version, at, meeting, own = (await session.execute(NODE_STATE, params)).one()
    rows = {r[0]: dict(zip(TARGET_FIELDS, r[1:], strict=True)) for r in meeting or ()}
    return NodeState(
        {node.id: since} if since is not None else {},
        {node.id: version} if version is not None else {},
        at,
        nearest_targets(path, rows),
        {figure: int(value) for figure, value in own or ()},
    )


def nearest_targets(path: list[str], rows: dict[str, dict[str, str | None]]) -> dict[str, Decimal]:
    """The meeting targets of the organisation nearest the end of ``path`` (itself first) that set some, as
    ``meeting_targets`` reads them; ``rows``: each organisation's targets as text (null: the default)."""
    for candidate in reversed(path):
        row = rows.get(candidate)
        if row is not None:
            return {k: _plain(Decimal(v)) for k, v in row.items() if v is not None}
    return {}


FINGERPRINTS = text(
    f"SELECT org_id, md5({AGGREGATED}) AS before "
    "FROM facts WHERE org_id = ANY(:ids) AND family LIKE '%@y' AND month < :year GROUP BY org_id"
)
"""Per organisation, the fingerprint (``before.FINGERPRINT``) of the roll-ups of the years before a period's, for
the kept sums of those years (``before.stocks_before``): read only for the figures made again."""
MAX_KEPT_FIGURES = 2048
"""Figures kept (organisation, period, day and coverage), least recently used dropped first: ~130 values each."""
_FIGURES_JSON = TypeAdapter(FiguresOut)


class KeptFigures:
    """An organisation's figures as kept (never changed once made) with the fact versions they were made
    under, and their JSON as a report serialises them, made at the first report that answers them."""

    __slots__ = ("_json", "values", "version")

    def __init__(self, version: str, values: dict[str, Value]) -> None:
        self.version, self.values, self._json = version, values, b""

    def json(self) -> bytes:
        """``values`` serialised by the figures' schema (``FiguresOut``), once per kept figure: a breakdown
        of 75 organisations serialised 75 x 130 values on every request."""
        if not self._json:
            self._json = _FIGURES_JSON.dump_json(self.values)
        return self._json


_kept_figures: OrderedDict[tuple[str, Period, date | None, date | None], KeptFigures] = OrderedDict()


async def figures_for(
    session: AsyncSession,
    org_ids: list[str],
    period: Period,
    due_by: date | None = None,
    covered: dict[str, date] | None = None,
    versions: dict[str, str] | None = None,
) -> dict[str, dict[str, Value]]:
    """Each organisation's figures for ``period`` (``kept_figures_for``), the caller's own copies."""
    kept = await kept_figures_for(session, org_ids, period, due_by, covered, versions)
    return {o: dict(k.values) for o, k in kept.items()}


async def kept_figures_for(
    session: AsyncSession,
    org_ids: list[str],
    period: Period,
    due_by: date | None = None,
    covered: dict[str, date] | None = None,
    versions: dict[str, str] | None = None,
) -> dict[str, KeptFigures]:
    """Each organisation's figures for ``period``; meetings are required of months ended by ``due_by``. An
    organisation whose data does not reach back to the period's end gets no figures (every one null).
    ``covered`` and ``versions``: their ``covered_and_versions``, when the caller has read them already. The
    caller must not change the figures (``figures_for`` copies them).

    Figures are kept per process with the versions of the organisation's fact rows (``fact_versions``, changed
    in the transaction of every change to them), read first: a read makes again only the figures of the
    organisations whose versions changed since. Never stale, never two states in one answer: the versions are
    read again after the rows a figure is made of (``settled_read``), and a figure made while they moved is made
    again at the new ones. A district's breakdown of unchanged grassroots reads 1–3 small rows per organisation."""
    if covered is None:
        covered, versions = await covered_and_versions(session, org_ids)
    current = dict((await session.execute(VERSIONS, {"ids": org_ids})).all()) if versions is None else versions
    out: dict[str, KeptFigures] = {}
    stale = []
    for o in org_ids:
        key = (o, period, due_by, covered.get(o))
        kept = _kept_figures.get(key)
        if kept is not None and kept.version == current.get(o, ""):
            _kept_figures.move_to_end(key)
            out[o] = kept
        else:
            stale.append(o)
    if stale:
        make = partial(_make, session, stale, period, due_by, covered)
        made, current, settled = await settled_read(session, stale, current, make)
        for o in stale:
            figures_made = KeptFigures(current.get(o, ""), made[o])
            out[o] = figures_made
            if settled:  # a figure whose rows were still moving is answered once, never kept
                _kept_figures[(o, period, due_by, covered.get(o))] = figures_made
        while len(_kept_figures) > MAX_KEPT_FIGURES:
            _kept_figures.popitem(last=False)
    return {o: out[o] for o in org_ids}


async def _make(
    session: AsyncSession, org_ids: list[str], period: Period, due_by: date | None, covered: dict[str, date]
) -> dict[str, dict[str, Value]]:
    """The figures of ``org_ids`` for ``period`` made from their fact rows (three statements or four)."""
    first, last = period.start, period.last_month_start
    year = first.replace(month=1)
    before: dict[str, str] = dict((await session.execute(FINGERPRINTS, {"ids": org_ids, "year": year})).all())
    rows = await _rows(session, org_ids, first, last, by_month=False)
    base = await stocks_before(session, org_ids, year, before)
    made: dict[str, dict[str, Value]] = {}
    for o in org_ids:
        since = covered.get(o)
        if has_data(period, since):
            made[o] = figures(totals(rows[o], period, due_by, base.get(o)), period)
        else:
            made[o] = dict.fromkeys(figure_names())
    return made


MAKE_ATTEMPTS = 4
"""How many times a read makes figures whose rows keep changing under it before it answers the last making."""


async def settled_read(
    session: AsyncSession, org_ids: list[str], versions: dict[str, str], make: Callable[[], Awaitable[_T]]
) -> tuple[_T, dict[str, str], bool]:
    """``make()``'s result, the versions (``VERSIONS``) it was made at, and whether they held still.

    Why: a read's statements run each on its own snapshot (outside a transaction, or in READ COMMITTED alike),
    so a change committed between the statements that make a figure would mix two states into one answer: the
    current year's rows with the change and the past years' kept sums without it (a registration counted, its
    member not). The versions change in the transaction of every change to an organisation's fact rows, so the
    read compares them after making with those read before (``versions``): equal, nothing of these
    organisations was committed in between and the answer is one state; moved, it is made again at the new
    versions (optimistic, as a seqlock: a read costs one round trip more only when it makes figures). After
    ``MAKE_ATTEMPTS`` moving makings the last is answered and reported unsettled, for the caller not to keep."""
    for _ in range(MAKE_ATTEMPTS):
        made = await make()
        after: dict[str, str] = dict((await session.execute(VERSIONS, {"ids": org_ids})).all())
        if all(after.get(o) == versions.get(o) for o in org_ids):
            return made, versions, True
        versions = {**versions, **after}
    log.warning("report.read_unsettled", organisations=len(org_ids), attempts=MAKE_ATTEMPTS)
    return made, versions, False


def forget_figures() -> None:
    """Drop every kept figure (the bench times reads that make them)."""
    _kept_figures.clear()


async def series_for(
    session: AsyncSession, org_id: str, periods: list[Period], due_by: date | None = None
) -> list[dict[str, Value]]:
    covered, versions = await covered_and_versions(session, [org_id])
    first, last = periods[0].start, periods[-1].last_month_start
    made = await settled_read(session, [org_id], versions, partial(rows_for, session, [org_id], first, last))
    rows = made[0][org_id]
    return [_figures(rows, p, due_by, covered.get(org_id)) for p in periods]


def _figures(
    rows: list[tuple[date, str, int]], period: Period, due_by: date | None, covered: date | None
) -> dict[str, Value]:
    if not has_data(period, covered):
        return dict.fromkeys(figure_names())
    return figures(totals(rows, period, due_by), period)


def has_data(period: Period, covered: date | None) -> bool:
    """Figures exist for a period that ends on or after the first day the organisation's data covers."""
    return covered is not None and period.end >= covered


async def covered_from(session: AsyncSession, org_ids: list[str]) -> dict[str, date]:
    """Per organisation, the first day its figures are known from: the earliest date an import declared its data
    true as of, or else the first month any of its facts reaches. Organisations without any fact are absent."""
    result = await session.execute(
        text("SELECT org_id, coalesce(data_as_of, earliest) AS covered FROM coverage WHERE org_id = ANY(:ids)"),
        {"ids": org_ids},
    )
    return {r.org_id: r.covered for r in result}


async def children(session: AsyncSession, org_id: str, on: date) -> list[OrgRef]:
    """The organisations directly under ``org_id`` at the end of the period (the tree as it was then)."""
    return [OrgRef(i, n, k) for i, n, k in await orgtree.children_at(session, org_id, on)]


async def last_event_at(session: AsyncSession) -> datetime | None:
    value: datetime | None = (await session.execute(text("SELECT max(last_event_at) FROM progress"))).scalar()
    return value


def _plain(value: Decimal) -> Decimal:
    """``85.00`` as ``85`` and ``92.50`` as ``92.5``, as the organisation wrote them."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


async def own_targets(session: AsyncSession, org_id: str, year: int) -> dict[str, int]:
    """The targets the organisation set itself for ``year`` (figure -> value)."""
    rows = await session.execute(
        text("SELECT figure, value FROM org_targets WHERE org_id = :org AND year = :year"),
        {"org": org_id, "year": year},
    )
    return {r.figure: int(r.value) for r in rows}
