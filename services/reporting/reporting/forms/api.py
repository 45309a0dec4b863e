"""Routes of the statistical forms: the forms there are (with their rows and columns), and one form filled for a
node and period, in the caller's language. Like every report, a token is needed and a node outside the caller's
subtree answers 404."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

import shared.orgtree as orgtree
from reporting.forms.catalogue import FORMS
from reporting.forms.model import Form, Words, fill, previous_year
from reporting.forms.printed import form_document
from reporting.forms.read import readings
from reporting.printing.api import PRINTED, Printed
from reporting.reports import queries
from reporting.reports.api import Language, NoDataOut, OrgOut, PeriodOut, PeriodText, Reader, _no_data, _org, _period
from reporting.reports.periods import parse_period
from shared.deps import DB
from shared.errors import NotFound

router = APIRouter(prefix="/api/v1/reports", tags=["forms"])
FormCode = Annotated[str, Path(description="The form's code, e.g. `1-BTCTW` (see the list).", max_length=40)]


class SourceOut(BaseModel):
    regulation: str = Field(description="The regulation prescribing the forms.")
    form: str = Field(description="The form as the regulation names it.")
    verified: bool = Field(description="Whether the rows and columns were checked against the regulation's text.")
    note: str = Field(description="What was verified, left out or added.")


class ColumnOut(BaseModel):
    key: str
    label: str


class RowDef(BaseModel):
    key: str
    label: str
    level: int = Field(description="0 a total or heading row, 1 a row, 2 a row 'of which'.")


class GroupDef(BaseModel):
    key: str
    label: str
    rows: list[RowDef]


class FormDef(BaseModel):
    code: str
    title: str
    source: SourceOut
    columns: list[ColumnOut]
    groups: list[GroupDef]


class FormList(BaseModel):
    org: OrgOut
    items: list[FormDef]


class FilledRow(BaseModel):
    key: str
    label: str
    level: int
    values: dict[str, int | Decimal | None] = Field(
        description="By column key: counts are integers, percentages decimal strings; null when unknown."
    )


class FilledGroup(BaseModel):
    key: str
    label: str
    rows: list[FilledRow]


class FilledForm(BaseModel):
    code: str
    title: str
    source: SourceOut
    org: OrgOut
    period: PeriodOut
    compared_period: PeriodOut | None = Field(description="The same period a year before, when a column compares.")
    no_data: NoDataOut | None = Field(None, description="Set (and the period's cells null) before the data's coverage.")
    columns: list[ColumnOut]
    groups: list[FilledGroup]
    last_event_at: datetime | None


def form_of(code: str) -> Form:
    form = FORMS.get(code)
    if form is None:
        raise NotFound("report.unknown_form", field="form_code", value=code)
    return form


def _source(form: Form) -> SourceOut:
    s = form.source
    return SourceOut(regulation=s.regulation, form=s.form, verified=s.verified, note=s.note)


def _columns(form: Form, language: str) -> list[ColumnOut]:
    return [ColumnOut(key=c.key, label=_say(c.label, language)) for c in form.columns]


def _say(words: Words, language: str) -> str:
    return words.get(language) or words["vi"]


def definition(form: Form, language: str) -> FormDef:
    groups = [
        GroupDef(
            key=g.key,
            label=_say(g.label, language),
            rows=[RowDef(key=r.key, label=_say(r.label, language), level=r.level) for r in g.rows],
        )
        for g in form.groups
    ]
    return FormDef(
        code=form.code,
        title=_say(form.title, language),
        source=_source(form),
        columns=_columns(form, language),
        groups=groups,
    )


@router.get("/{org_id}/forms", operation_id="listForms", response_model=FormList)
async def list_forms(org_id: str, principal: Reader, db: DB, language: Language) -> FormList:
    """The statistical forms a node can fill, each with its source, columns and rows."""
    async with db.read_session(autocommit=True) as session:
        node = await orgtree.node_in_scope(session, principal, org_id)
    return FormList(org=_org(node), items=[definition(f, language) for f in FORMS.values()])


async def filled(org_id: str, code: str, principal: Any, db: Any, period: str, language: str) -> FilledForm:
    """The form filled from reporting's figures for the node and period (the tree as it stood then)."""
    form, p = form_of(code), parse_period(period)
    async with db.read_session(autocommit=True) as session:
        node = await orgtree.node_in_scope(session, principal, org_id)
        read = await readings(session, org_id, form, p)
        covered = (await queries.covered_from(session, [org_id])).get(org_id)
        at = await queries.last_event_at(session)
    groups = [
        FilledGroup(
            key=g.key,
            label=_say(g.label, language),
            rows=[FilledRow(key=r.key, label=_say(r.label, language), level=r.level, values=r.values) for r in g.rows],
        )
        for g in fill(form, read)
    ]
    return FilledForm(
        code=form.code,
        title=_say(form.title, language),
        source=_source(form),
        org=_org(node),
        period=_period(p),
        compared_period=_period(previous_year(p)) if "previous_year" in read else None,
        no_data=_no_data(p, covered, language),
        columns=_columns(form, language),
        groups=groups,
        last_event_at=at,
    )


@router.get("/{org_id}/forms/{form_code}", operation_id="fillForm", response_model=FilledForm)
async def fill_form(
    org_id: str, form_code: FormCode, principal: Reader, db: DB, period: PeriodText, language: Language
) -> FilledForm:
    """One statistical form filled for the node and period: flows summed over the period, stocks at its end,
    and the same period a year before where the form compares."""
    return await filled(org_id, form_code, principal, db, period, language)


@router.get(
    "/{org_id}/forms/{form_code}/export",
    operation_id="exportForm",
    response_class=Response,
    responses=PRINTED,
)
async def export_form(org_id: str, form_code: FormCode, period: PeriodText, asked: Printed) -> Response:
    """The form filled for the node and period as a party document to sign (PDF) or edit (XLSX, same layout):
    the figures are the JSON form's, in Vietnamese."""
    form = await filled(org_id, form_code, asked.principal, asked.db, period, "vi")
    async with asked.db.read_session(autocommit=True) as session:
        node = await orgtree.node_in_scope(session, asked.principal, org_id)
        head = await asked.heading(session, node, parse_period(period))
    return await asked.file(form_document(form, head), form.last_event_at)
