"""Printed reports as files in their own operations (``…/export?format=pdf|xlsx``): the periodic report (summary
and breakdown), the year's classification result and the admissions report of a node, in the layout of a party
document. The figures are read by the queries the JSON reports use; the injected ``Printer`` renders them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Response

import shared.orgtree as orgtree
from reporting.printing import documents
from reporting.printing.documents import Child, Heading
from reporting.printing.layout import Document
from reporting.printing.render import Printer, PrinterDep
from reporting.reports import queries
from reporting.reports.api import PeriodText, Reader
from reporting.reports.periods import parse_period
from shared.auth import Principal
from shared.calendar import Period, today_in_vietnam
from shared.db import Database
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


@dataclass(frozen=True)
class PrintAsked:
    """What every printed report and form is asked with beside its node and period: the caller, the database,
    the printer and the file format, and the words of the header and signature block (place, signer)."""

    principal: Principal
    db: Database
    printer: Printer
    fmt: str
    place: str
    signer: str | None

    async def heading(self, session: Any, node: orgtree.OrgNode, p: Period) -> Heading:
        """The words around a node's figures for a period (superior, period, date, signature, coverage,
        freshness): the same for every printed report and statistical form."""
        parent = await orgtree.get_node(session, node.parent_id) if node.parent_id else None
        covered = (await queries.covered_from(session, [node.id])).get(node.id)
        no_data = None if queries.has_data(p, covered) else "chưa có số liệu của tổ chức cho kỳ này."
        return Heading(
            org_name=node.name,
            org_kind=node.kind,
            superior_name=parent.name if parent else "",
            period_label=documents.period_words(p.start, p.end),
            issued=today_in_vietnam(),
            place=self.place,
            signer=self.signer,
            last_event_at=await queries.last_event_at(session),
            no_data=no_data,
        )

    async def file(self, document: Document, last_event_at: datetime | None) -> Response:
        return await self.printer.response(document, self.fmt, last_event_at)


async def _print_asked(
    principal: Reader, db: DB, printer: PrinterDep, fmt: PrintFormat, place: Place = "", signer: Signer = None
) -> PrintAsked:
    return PrintAsked(principal, db, printer, fmt, place, signer)


Printed = Annotated[PrintAsked, Depends(_print_asked)]


async def _load(asked: PrintAsked, org_id: str, p: Period) -> tuple[Heading, dict[str, Any], list[Child], Any]:
    """The node's figures and its children's (the tree at the period's end), with the header's words."""
    async with asked.db.read_session(autocommit=True) as session:
        node = await orgtree.node_in_scope(session, asked.principal, org_id)
        kids = await queries.children(session, org_id, p.end)
        values = await queries.figures_for(session, [org_id, *(k.id for k in kids)], p, today_in_vietnam())
        head = await asked.heading(session, node, p)
    at = head.last_event_at
    children = [Child(k.name, values[k.id]) for k in sorted(kids, key=lambda k: (k.name, k.id))]
    return head, values[org_id], children, at


@_printed("/{org_id}/report/export", "exportPrintedReport")
async def report_file(org_id: str, period: PeriodText, asked: Printed) -> Response:
    """The periodic report of the node: every section of the summary and the organisations directly under it."""
    head, figures, children, at = await _load(asked, org_id, parse_period(period))
    return await asked.file(documents.report_document(head, figures, children), at)


@_printed("/{org_id}/classification/export", "exportPrintedClassification")
async def classification_file(org_id: str, year: Year, asked: Printed) -> Response:
    """The year's classification result: organisations and members by grade, then members by organisation."""
    head, figures, children, at = await _load(asked, org_id, Period.whole_year(year))
    return await asked.file(documents.classification_document(head, figures, children), at)


@_printed("/{org_id}/admissions/export", "exportPrintedAdmissions")
async def admissions_file(org_id: str, period: PeriodText, asked: Printed) -> Response:
    """The admissions report: the pipeline of the period, the year's target against the year so far (when the
    organisation set one), admissions by organisation under the node."""
    p = parse_period(period)
    head, figures, children, at = await _load(asked, org_id, p)
    target, so_far = await _admission_target(asked.db, org_id, p)
    return await asked.file(documents.admissions_document(head, figures, children, target, so_far), at)


async def _admission_target(db: Any, org_id: str, p: Period) -> tuple[int | None, Any]:
    """The organisation's own admission target for the year the period ends in, and the admissions of that year
    up to the period's end (as the targets report checks them)."""
    async with db.read_session(autocommit=True) as session:
        own = await queries.own_targets(session, org_id, p.end.year)
        if "admissions" not in own:
            return None, None
        so_far = Period(date(p.end.year, 1, 1), p.end)
        return own["admissions"], (await queries.figures_for(session, [org_id], so_far))[org_id]["admissions"]
