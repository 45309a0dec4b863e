"""Printed reports as files in their own operations (``…/export?format=pdf|xlsx``): the periodic report (summary
and breakdown), the year's classification result and the admissions report of a node, in the layout of a party
document. The figures are read by the queries the JSON reports use; the injected ``Printer`` renders them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query, Response

import shared.orgtree as orgtree
from reporting.printing import documents
from reporting.printing.documents import Child, Heading
from reporting.printing.render import PrinterDep
from reporting.reports import queries
from reporting.reports.api import PeriodText, Reader
from reporting.reports.periods import parse_period
from shared.calendar import Period, today_in_vietnam
from shared.deps import DB
from shared.openapi import sends

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
router = APIRouter(prefix="/api/v1/reports", tags=["reports"])
PrintFormat = Annotated[
    Literal["pdf", "xlsx"],
    Query(alias="format", description="`pdf` (the signed copy) or `xlsx` (the same layout, figures as numbers)."),
]
Place = Annotated[str, Query(max_length=100, description="The place before the date in the header (e.g. `Xuân Lộc`).")]
Signer = Annotated[
    str | None, Query(max_length=100, description="The secretary's name under the signature (blank: sign by hand).")
]
Year = Annotated[int, Query(ge=1930, le=2100, description="The year whose classification is printed.")]
PRINTED: dict[int | str, dict[str, Any]] = sends(
    "Content-Disposition",
    "Last-Event-At",
    responses={
        200: {
            "description": "The printed report: a PDF (A4, Vietnamese, header of a party document, page numbers, "
            "signature block) or an XLSX in the same layout.",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    },
)


def _printed(path: str, operation_id: str) -> Callable[[Endpoint], Endpoint]:
    return router.get(path, operation_id=operation_id, response_class=Response, responses=PRINTED)


async def heading(session: Any, node: orgtree.OrgNode, p: Period, place: str, signer: str | None) -> Heading:
    """The words around a node's figures for a period (superior, period, date, signature, coverage, freshness):
    the same for every printed report and statistical form."""
    parent = await orgtree.get_node(session, node.parent_id) if node.parent_id else None
    covered = (await queries.covered_from(session, [node.id])).get(node.id)
    no_data = None if queries.has_data(p, covered) else "chưa có số liệu của tổ chức cho kỳ này."
    return Heading(
        org_name=node.name,
        org_kind=node.kind,
        superior_name=parent.name if parent else "",
        period_label=documents.period_words(p.start, p.end),
        issued=today_in_vietnam(),
        place=place,
        signer=signer,
        last_event_at=await queries.last_event_at(session),
        no_data=no_data,
    )


async def _load(
    db: Any, principal: Any, org_id: str, p: Period, place: str, signer: str | None
) -> tuple[Heading, dict[str, Any], list[Child], Any]:
    """The node's figures and its children's (the tree at the period's end), with the header's words."""
    async with db.read_session() as session:
        node = await orgtree.node_in_scope(session, principal, org_id)
        kids = await queries.children(session, org_id, p.end)
        values = await queries.figures_for(session, [org_id, *(k.id for k in kids)], p, today_in_vietnam())
        head = await heading(session, node, p, place, signer)
    at = head.last_event_at
    children = [Child(k.name, values[k.id]) for k in sorted(kids, key=lambda k: (k.name, k.id))]
    return head, values[org_id], children, at


@_printed("/{org_id}/report/export", "exportPrintedReport")
async def report_file(
    org_id: str,
    principal: Reader,
    db: DB,
    printer: PrinterDep,
    period: PeriodText,
    fmt: PrintFormat,
    place: Place = "",
    signer: Signer = None,
) -> Response:
    """The periodic report of the node: every section of the summary and the organisations directly under it."""
    head, figures, children, at = await _load(db, principal, org_id, parse_period(period), place, signer)
    return await printer.response(documents.report_document(head, figures, children), fmt, at)


@_printed("/{org_id}/classification/export", "exportPrintedClassification")
async def classification_file(
    org_id: str,
    principal: Reader,
    db: DB,
    printer: PrinterDep,
    year: Year,
    fmt: PrintFormat,
    place: Place = "",
    signer: Signer = None,
) -> Response:
    """The year's classification result: organisations and members by grade, then members by organisation."""
    head, figures, children, at = await _load(db, principal, org_id, Period.whole_year(year), place, signer)
    return await printer.response(documents.classification_document(head, figures, children), fmt, at)


@_printed("/{org_id}/admissions/export", "exportPrintedAdmissions")
async def admissions_file(
    org_id: str,
    principal: Reader,
    db: DB,
    printer: PrinterDep,
    period: PeriodText,
    fmt: PrintFormat,
    place: Place = "",
    signer: Signer = None,
) -> Response:
    """The admissions report: the pipeline of the period, the year's target against the year so far (when the
    organisation set one), admissions by organisation under the node."""
    p = parse_period(period)
    head, figures, children, at = await _load(db, principal, org_id, p, place, signer)
    target, so_far = await _admission_target(db, org_id, p)
    return await printer.response(documents.admissions_document(head, figures, children, target, so_far), fmt, at)


async def _admission_target(db: Any, org_id: str, p: Period) -> tuple[int | None, Any]:
    """The organisation's own admission target for the year the period ends in, and the admissions of that year
    up to the period's end (as the targets report checks them)."""
    async with db.read_session() as session:
        own = await queries.own_targets(session, org_id, p.end.year)
        if "admissions" not in own:
            return None, None
        so_far = Period(date(p.end.year, 1, 1), p.end)
        return own["admissions"], (await queries.figures_for(session, [org_id], so_far))[org_id]["admissions"]
