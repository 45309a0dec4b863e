"""Routes of reports: summary, breakdown by children, time series, ranking and targets of a node and period,
each as JSON (with ``last_event_at``) or as a CSV or XLSX table. Every route needs a token and refuses a node
outside the caller's subtree (404, so existence never leaks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field, TypeAdapter

import shared.orgtree as orgtree
from reporting.reports import queries
from reporting.reports.export import check_format, table_response
from reporting.reports.figures import TargetCheck, Value, check_targets, figure_names
from reporting.reports.figures_schema import FiguresOut
from reporting.reports.periods import GRANULARITIES, parse_period, series
from reporting.reports.policies import targets_at
from reporting.reports.queries import KeptFigures, OrgRef
from shared.auth import Principal, require
from shared.calendar import Period, today_in_vietnam
from shared.db import Database
from shared.deps import DB
from shared.errors import RuleViolation
from shared.i18n import translate
from shared.orgtree import OrgKind
from shared.pagination import PageRequest, page_of_sorted, page_params
from shared.text import request_language

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])
Reader = Annotated[Principal, require()]
PeriodText = Annotated[
    str,
    Query(
        description="`2026`, `2026-H1`, `2026-Q3`, `2026-07`, or a range of any two joined by `..` "
        "(`2021-06..2024-03`): flows summed over the range, stocks as at its end.",
        examples=["2026", "2021-06..2024-03"],
    ),
]
# Still accepted for links made before the files had their own operations (``…/export``); left out of the
# document so a generated client's JSON operation answers JSON only.
Format = Annotated[str, Query(alias="format", include_in_schema=False)]
FigureList = Annotated[str | None, Query(description="Comma-separated figure names (default: all).")]
KindFilter = Annotated[OrgKind | None, Query(description="Only children of this kind.")]
RankFigure = Annotated[str, Query(description="The figure to rank by.")]
RankOrder = Annotated[Literal["asc", "desc"], Query()]
SeriesFrom = Annotated[str, Query(alias="from", description="First period, e.g. `2026-01`.")]
SeriesTo = Annotated[str, Query(alias="to", description="Last period, e.g. `2026-12`.")]
Granularity = Annotated[
    str, Query(description="`month`, `quarter` or `year`.", json_schema_extra={"enum": list(GRANULARITIES)})
]


class OrgOut(BaseModel):
    id: str
    name: str
    kind: OrgKind


class PeriodOut(BaseModel):
    label: str
    start: str
    end: str


class NoDataOut(BaseModel):
    """Why every figure is null: the organisation's data does not reach back to this period."""

    rule: str = Field(description="`report.no_data`.")
    covered_from: date | None = Field(description="The first day the organisation's data covers (null: none yet).")
    message: str


class TargetOut(BaseModel):
    figure: str
    value: Decimal | None
    target: Decimal
    passed: bool | None = Field(description="Null when there was nothing to measure.")


class Summary(BaseModel):
    org: OrgOut
    period: PeriodOut
    no_data: NoDataOut | None = Field(None, description="Set (and every figure null) before the data's coverage.")
    figures: FiguresOut
    targets: list[TargetOut]
    last_event_at: datetime | None = Field(description="Time of the last event applied to the figures.")


class Row(BaseModel):
    org: OrgOut
    no_data: NoDataOut | None = None
    figures: FiguresOut


class Table(BaseModel):
    org: OrgOut
    period: PeriodOut
    items: list[Row]
    next_cursor: str | None = None
    last_event_at: datetime | None


class SeriesPoint(BaseModel):
    period: PeriodOut
    no_data: NoDataOut | None = None
    figures: FiguresOut


class Series(BaseModel):
    org: OrgOut
    granularity: Literal["month", "quarter", "year"]
    items: list[SeriesPoint]
    last_event_at: datetime | None


class Targets(BaseModel):
    org: OrgOut
    period: PeriodOut
    items: list[TargetOut]
    last_event_at: datetime | None


def _org(node: orgtree.OrgNode | OrgRef) -> OrgOut:
    return OrgOut(id=node.id, name=node.name, kind=node.kind)


def _period(p: Period) -> PeriodOut:
    return PeriodOut(label=p.label, start=p.start.isoformat(), end=p.end.isoformat())


async def _language(request: Request) -> str:
    """Async so FastAPI calls it on the event loop, not through its thread pool (a thread hop per request)."""
    return request_language(request)  # the response then says Vary: Accept-Language


Language = Annotated[str, Depends(_language)]


@dataclass(frozen=True)
class Asked:
    """What every report of a node is asked with: the node's id (checked against the caller's subtree by the
    read), the caller, the database, and the language of the labels."""

    org_id: str
    principal: Principal
    db: Database
    language: str


async def _asked(org_id: str, principal: Reader, db: DB, language: Language) -> Asked:
    return Asked(org_id, principal, db, language)


Report = Annotated[Asked, Depends(_asked)]


def _no_data(p: Period, covered: date | None, language: str) -> NoDataOut | None:
    """Null figures say why: the period ends before the first day the organisation's data covers."""
    if queries.has_data(p, covered):
        return None
    since = covered.isoformat() if covered else "—"
    message = translate("report.no_data", language, period=p.label, covered_from=since)
    return NoDataOut(rule="report.no_data", covered_from=covered, message=message)


def _targets(checks: list[TargetCheck]) -> list[TargetOut]:
    return [TargetOut(figure=c.figure, value=c.value, target=c.target, passed=c.passed) for c in checks]


def _select(values: dict[str, Value], wanted: list[str] | None) -> dict[str, Value]:
    return values if wanted is None else {k: values[k] for k in wanted}


def _wanted(text: str | None) -> list[str] | None:
    if not text:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    known = set(figure_names())
    for name in names:
        if name not in known:
            raise RuleViolation("report.unknown_figure", field="figures", value=name)
    return names


async def _checks(
    session: Any, org_id: str, p: Period, values: dict[str, Value], state: queries.NodeState
) -> list[TargetCheck]:
    """The meeting figures against the organisation's own targets for the year the period ends in (inherited
    from the nearest ancestor that set some, else the defaults), and the admissions of the year so far against
    its own admission target when it set one (``state``: read for that year)."""
    checks = check_targets(values, targets_at(p.end, state.meeting_targets))
    own = state.own_targets
    if "admissions" in own:
        so_far = Period(date(p.end.year, 1, 1), p.end)
        figures = await queries.figures_for(session, [org_id], so_far, None, state.covered, state.versions)
        admitted = figures[org_id]["admissions"]
        target = Decimal(own["admissions"])
        value = None if admitted is None else Decimal(admitted)
        checks.append(TargetCheck("admissions_year_to_date", value, target, None if value is None else value >= target))
    return checks


@router.get("/figures", operation_id="listFigures", response_model=list[str])
async def list_figures(principal: Reader) -> list[str]:
    """The names of every figure, in the order of the export columns."""
    return figure_names()


@router.get("/{org_id}/summary", operation_id="reportSummary", response_model=Summary)
async def summary(report: Report, period: PeriodText, fmt: Format = "json", figures: FigureList = None) -> Any:
    p, wanted, fmt = parse_period(period), _wanted(figures), check_format(fmt)
    org_id = report.org_id
    async with report.db.read_session(autocommit=True) as session:
        node = await orgtree.node_in_scope(session, report.principal, org_id)
        state = await queries.node_state(session, node, p.end.year)
        values = (await queries.figures_for(session, [org_id], p, today_in_vietnam(), state.covered, state.versions))[
            org_id
        ]
        checks = await _checks(session, org_id, p, values, state)
        covered, at = state.covered.get(org_id), state.last_event_at
    values = _select(values, wanted)
    if fmt != "json":
        rows = [{"figure": k, "value": v} for k, v in values.items()]
        return table_response(fmt, f"summary-{p.label}", ["figure", "value"], rows, at)
    return Summary(
        org=_org(node),
        period=_period(p),
        no_data=_no_data(p, covered, report.language),
        figures=values,
        targets=_targets(checks),
        last_event_at=at,
    )


async def _children_figures(
    report: Asked, p: Period, kind: str | None
) -> tuple[orgtree.OrgNode, list[Row], dict[str, KeptFigures], datetime | None]:
    """The node, a row per child (its figures the kept ones: not to be changed), the kept figures by child, and
    ``last_event_at``."""
    org_id, language = report.org_id, report.language
    async with report.db.read_session(autocommit=True) as session:
        node = await orgtree.node_in_scope(session, report.principal, org_id)
        kids = [c for c in await queries.children(session, org_id, p.end) if kind is None or c.kind == kind]
        ids = [c.id for c in kids]
        state = await queries.report_state(session, ids)
        kept = await queries.kept_figures_for(session, ids, p, today_in_vietnam(), state.covered, state.versions)
    covered, at = state.covered, state.last_event_at
    rows = [_row(_org(c), _no_data(p, covered.get(c.id), language), kept[c.id].values) for c in kids]
    return node, rows, kept, at


_TABLE_JSON, _ORG_JSON, _NO_DATA_JSON = TypeAdapter(Table), TypeAdapter(OrgOut), TypeAdapter(NoDataOut | None)


def _table_json(
    node: orgtree.OrgNode,
    p: Period,
    items: list[Row],
    kept: dict[str, KeptFigures],
    at: datetime | None,
    cursor: str | None,
) -> Response:
    """A breakdown's page of JSON as the ``Table`` schema serialises it, each row's figures from their kept JSON
    (``KeptFigures.json``): the same bytes, without serialising 130 values per row on every request."""
    rows = b",".join(
        b'{"org":'
        + _ORG_JSON.dump_json(r.org)
        + b',"no_data":'
        + _NO_DATA_JSON.dump_json(r.no_data)
        + b',"figures":'
        + kept[r.org.id].json()
        + b"}"
        for r in items
    )
    table = Table.model_construct(org=_org(node), period=_period(p), items=[], next_cursor=cursor, last_event_at=at)
    # The first '"items":[]' is the items' own: inside a JSON string its quotes would be escaped.
    body = _TABLE_JSON.dump_json(table).replace(b'"items":[]', b'"items":[' + rows + b"]", 1)
    return Response(body, media_type="application/json")


def _row(org: OrgOut, no_data: NoDataOut | None, figures: dict[str, Value]) -> Row:
    """A row of figures this service computed (``figures_for``), built without validating its hundred-odd values
    (a breakdown validated each organisation's twice); serialised by the same schema as before."""
    return Row.model_construct(org=org, no_data=no_data, figures=figures)


def _export_rows(rows: list[Row], wanted: list[str] | None) -> tuple[list[str], list[dict[str, Any]]]:
    names = wanted or figure_names()
    columns = ["org_id", "name", "kind", *names]
    return columns, [{"org_id": r.org.id, "name": r.org.name, "kind": r.org.kind, **r.figures} for r in rows]


@dataclass(frozen=True)
class _TableAnswer:
    """How a table of the node's children is answered: in ``fmt`` — a whole file sorted by the table's key, or a
    page of JSON rows (cursor on the same key)."""

    fmt: str
    node: orgtree.OrgNode
    period: Period
    page: PageRequest
    at: datetime | None

    def __call__(
        self, name: str, rows: list[Row], key: Any, columns: list[str] | None, *, descending: bool = False
    ) -> Any:
        if self.fmt != "json":
            names, table = _export_rows(sorted(rows, key=key, reverse=descending), columns)
            return table_response(self.fmt, name, names, table, self.at)
        items, cursor = page_of_sorted(rows, key, self.page, descending=descending)
        return Table(
            org=_org(self.node), period=_period(self.period), items=items, next_cursor=cursor, last_event_at=self.at
        )


@router.get("/{org_id}/breakdown", operation_id="reportBreakdown", response_model=Table)
async def breakdown(
    report: Report,
    period: PeriodText,
    page: Annotated[PageRequest, Depends(page_params)],
    fmt: Format = "json",
    kind: KindFilter = None,
    figures: FigureList = None,
) -> Any:
    """The figures of each organisation directly under the node at the period's end (drill-down)."""
    p, wanted, fmt = parse_period(period), _wanted(figures), check_format(fmt)
    node, rows, kept, at = await _children_figures(report, p, kind)

    def key(r: Row) -> tuple[str, str]:
        return (r.org.name, r.org.id)

    if fmt == "json" and wanted is None:
        items, cursor = page_of_sorted(rows, key, page)
        return _table_json(node, p, items, kept, at, cursor)
    if wanted is not None:
        rows = [_row(r.org, r.no_data, _select(r.figures, wanted)) for r in rows]
    answer = _TableAnswer(fmt, node, p, page, at)
    return answer(f"breakdown-{p.label}", rows, key, wanted)


@router.get("/{org_id}/ranking", operation_id="reportRanking", response_model=Table)
async def ranking(
    report: Report,
    period: PeriodText,
    page: Annotated[PageRequest, Depends(page_params)],
    figure: RankFigure = "members_total",
    order: RankOrder = "desc",
    fmt: Format = "json",
    kind: KindFilter = None,
) -> Any:
    """The children ranked by one figure (unknown values last)."""
    p, fmt = parse_period(period), check_format(fmt)
    _wanted(figure)
    node, rows, _, at = await _children_figures(report, p, kind)
    rows = [_row(r.org, r.no_data, {figure: r.figures[figure]}) for r in rows]
    descending = order == "desc"

    def key(r: Row) -> tuple[float, str]:
        value = r.figures[figure]
        missing = float("-inf") if descending else float("inf")
        return (missing if value is None else float(value), r.org.id)

    answer = _TableAnswer(fmt, node, p, page, at)
    return answer(f"ranking-{figure}-{p.label}", rows, key, [figure], descending=descending)


@router.get("/{org_id}/series", operation_id="reportSeries", response_model=Series)
async def time_series(
    report: Report,
    start: SeriesFrom,
    end: SeriesTo,
    granularity: Granularity = "month",
    fmt: Format = "json",
    figures: FigureList = None,
) -> Any:
    periods = series(parse_period(start, "from"), parse_period(end, "to"), granularity)
    wanted, fmt = _wanted(figures), check_format(fmt)
    org_id = report.org_id
    async with report.db.read_session(autocommit=True) as session:
        node = await orgtree.node_in_scope(session, report.principal, org_id)
        values = await queries.series_for(session, org_id, periods, today_in_vietnam())
        covered = (await queries.covered_from(session, [org_id])).get(org_id)
        at = await queries.last_event_at(session)
    points = [
        SeriesPoint(period=_period(p), no_data=_no_data(p, covered, report.language), figures=_select(v, wanted))
        for p, v in zip(periods, values, strict=True)
    ]
    if fmt != "json":
        names = wanted or figure_names()
        rows = [{"period": pt.period.label, **pt.figures} for pt in points]
        return table_response(fmt, f"series-{granularity}", ["period", *names], rows, at)
    return Series(org=_org(node), granularity=granularity, items=points, last_event_at=at)


@router.get("/{org_id}/targets", operation_id="reportTargets", response_model=Targets)
async def targets(org_id: str, principal: Reader, db: DB, period: PeriodText, fmt: Format = "json") -> Any:
    """Every figure that has a target, against it, with pass or fail."""
    p, fmt = parse_period(period), check_format(fmt)
    async with db.read_session(autocommit=True) as session:
        node = await orgtree.node_in_scope(session, principal, org_id)
        state = await queries.node_state(session, node, p.end.year)
        values = (await queries.figures_for(session, [org_id], p, today_in_vietnam(), state.covered, state.versions))[
            org_id
        ]
        items = _targets(await _checks(session, org_id, p, values, state))
        at = state.last_event_at
    if fmt != "json":
        rows = [i.model_dump() for i in items]
        return table_response(fmt, f"targets-{p.label}", ["figure", "value", "target", "passed"], rows, at)
    return Targets(org=_org(node), period=_period(p), items=items, last_event_at=at)
