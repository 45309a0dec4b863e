"""Each report as a file, in its own operation (``…/export?format=csv|xlsx``): a generated client's JSON
operations then answer JSON only, and a file operation answers a file. The table is the JSON report's, computed
by the same route function; the older ``?format=`` on the JSON routes still works."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query, Response

from reporting.reports import api
from reporting.reports.export import XLSX_TYPE
from shared.deps import DB
from shared.openapi import sends
from shared.pagination import PageRequest

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
router = APIRouter(prefix="/api/v1/reports", tags=["reports"])
UNPAGED = PageRequest(limit=1, cursor=None)  # a file holds every row; the JSON routes page
FileFormat = Annotated[Literal["csv", "xlsx"], Query(alias="format", description="`csv` or `xlsx`.")]
FILE: dict[int | str, dict[str, Any]] = sends(
    "Content-Disposition",
    "Last-Event-At",
    responses={
        200: {
            "description": "The report's table as a CSV (UTF-8) or XLSX file.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)


def _file(path: str, operation_id: str) -> Callable[[Endpoint], Endpoint]:
    return router.get(path, operation_id=operation_id, response_class=Response, responses=FILE)


@_file("/{org_id}/summary/export", "exportReportSummary")
async def summary_file(
    report: api.Report,
    period: api.PeriodText,
    fmt: FileFormat,
    figures: api.FigureList = None,
) -> Response:
    """The summary as a two-column table (figure, value)."""
    out: Response = await api.summary(report, period, fmt, figures)
    return out


@_file("/{org_id}/breakdown/export", "exportReportBreakdown")
async def breakdown_file(
    report: api.Report,
    period: api.PeriodText,
    fmt: FileFormat,
    kind: api.KindFilter = None,
    figures: api.FigureList = None,
) -> Response:
    """One row per organisation directly under the node (every row: files are not paged)."""
    out: Response = await api.breakdown(report, period, UNPAGED, fmt, kind, figures)
    return out


@_file("/{org_id}/ranking/export", "exportReportRanking")
async def ranking_file(
    report: api.Report,
    period: api.PeriodText,
    fmt: FileFormat,
    figure: api.RankFigure = "members_total",
    order: api.RankOrder = "desc",
    kind: api.KindFilter = None,
) -> Response:
    """The children ranked by one figure, every row."""
    out: Response = await api.ranking(report, period, UNPAGED, figure, order, fmt, kind)
    return out


@_file("/{org_id}/series/export", "exportReportSeries")
async def series_file(
    report: api.Report,
    start: api.SeriesFrom,
    end: api.SeriesTo,
    fmt: FileFormat,
    granularity: api.Granularity = "month",
    figures: api.FigureList = None,
) -> Response:
    """One row per period."""
    out: Response = await api.time_series(report, start, end, granularity, fmt, figures)
    return out


@_file("/{org_id}/targets/export", "exportReportTargets")
async def targets_file(org_id: str, principal: api.Reader, db: DB, period: api.PeriodText, fmt: FileFormat) -> Response:
    """Every figure that has a target, against it."""
    out: Response = await api.targets(org_id, principal, db, period, fmt)
    return out
