"""Routes of compliance reports and of the per-organisation, per-year targets they are measured against."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from meetings.common import IfMatch, Organiser, Reader
from meetings.compliance import commands, queries
from meetings.compliance.models import ComplianceOut, TargetFilters, TargetsIn, TargetsOut
from meetings.compliance.rules import compliance_period
from shared import orgtree
from shared.calendar import today_in_vietnam
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.listings import list_route
from shared.openapi import sends
from shared.pagination import Page, PageRequest, page_params
from shared.upserts import answer_put, puts

compliance = APIRouter(prefix="/api/v1/compliance", tags=["compliance"])
targets = APIRouter(prefix="/api/v1/meeting-targets", tags=["meeting targets"])

PeriodQuery = Annotated[
    str,
    Query(
        description='"2026" (year), "2026-H1" (half), "2026-Q3" (quarter), "2026-07" (month) or a range '
        '"2026-01..2026-09"; targets are those of the year the period ends in.',
        examples=["2026-Q1"],
    ),
]
AsOfQuery = Annotated[date | None, Query(description="Count meetings up to this date (default: today).")]
Year = Annotated[int, Path(ge=2000, le=2100)]


def _as_of(value: date | None) -> date:
    return value or today_in_vietnam()


@compliance.get(
    "",
    operation_id="listBranchCompliance",
    response_model=Page[ComplianceOut],
    summary="Each branch of a subtree with its figures against its own targets.",
)
async def list_branch_compliance(
    under: str,
    period: PeriodQuery,
    principal: Reader,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    as_of: AsOfQuery = None,
) -> Page[ComplianceOut]:
    async with db.read_session() as session:
        return await queries.list_branch_compliance(
            session, principal, under, compliance_period(period), _as_of(as_of), page
        )


@compliance.get(
    "/{org_id}",
    operation_id="getCompliance",
    response_model=ComplianceOut,
    summary="A branch's compliance, or the sum over every branch of a subtree.",
)
async def get_compliance(
    org_id: str,
    period: PeriodQuery,
    principal: Reader,
    db: DB,
    as_of: AsOfQuery = None,
) -> ComplianceOut:
    async with db.read_session() as session:
        return await queries.compliance_of(session, principal, org_id, compliance_period(period), _as_of(as_of))


list_route(
    targets,
    "",
    queries.list_targets,
    TargetFilters,
    TargetsOut,
    "list_targets",
    "listMeetingTargets",
    "Targets organisations of the subtree set for themselves.",
)


@targets.get(
    "/{org_id}/{year}",
    operation_id="getMeetingTargets",
    response_model=TargetsOut,
    summary="The targets in force for an organisation and year (own, inherited or default).",
    responses=sends(optional=("ETag",)),
)
async def get_targets(org_id: str, year: Year, principal: Reader, db: DB, response: Response) -> TargetsOut:
    async with db.read_session() as session:
        node = await orgtree.node_in_scope(session, principal, org_id)
        out = await queries.targets_in_force(session, node, year)
    if out.version is not None:
        set_etag(response, out.version)
    return out


@targets.put(
    "/{org_id}/{year}",
    **puts(
        "setMeetingTargets",
        TargetsOut,
        "Set (201) or replace (200, If-Match required) an organisation's targets for a year.",
    ),
)
async def set_targets(
    org_id: str,
    year: Year,
    body: TargetsIn,
    principal: Organiser,
    db: DB,
    ctx: Ctx,
    version: IfMatch,
    response: Response,
) -> TargetsOut:
    out, created = await commands.set_targets(db, ctx, principal, org_id, year, body, version)
    return answer_put(response, out, created, out.version)
