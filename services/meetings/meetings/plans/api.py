"""Routes of the yearly thematic plans (topics by quarter)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from meetings.common import IfMatchRequired, Reader, Secretary
from meetings.plans import commands, queries
from meetings.plans.models import PlanCreate, PlanOut, PlanRevise
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.pagination import Page
from shared.routes import Listed

router = APIRouter(prefix="/api/v1/meeting-plans", tags=["meeting plans"])


@router.post(
    "",
    operation_id="adoptMeetingPlan",
    status_code=status.HTTP_201_CREATED,
    response_model=PlanOut,
    responses=sends("ETag", "Location", status=201),
)
async def adopt_plan(body: PlanCreate, principal: Secretary, db: DB, ctx: Ctx, response: Response) -> PlanOut:
    plan = await commands.adopt_plan(db, ctx, principal, body)
    response.headers["Location"] = f"/api/v1/meeting-plans/{plan.id}"
    set_etag(response, plan.version)
    return plan


@router.get("", operation_id="listMeetingPlans", response_model=Page[PlanOut])
async def list_plans(
    listing: Listed,
    org_id: str | None = None,
    under: str | None = None,
    year: int | None = None,
) -> Page[PlanOut]:
    return await listing.of(queries.list_plans, org_id=org_id, under=under, year=year)


@router.get("/{plan_id}", operation_id="getMeetingPlan", response_model=PlanOut, responses=sends("ETag"))
async def get_plan(plan_id: str, principal: Reader, db: DB, response: Response) -> PlanOut:
    async with db.read_session() as session:
        plan = PlanOut.model_validate(await queries.plan_in_scope(session, principal, plan_id))
    set_etag(response, plan.version)
    return plan


@router.put(
    "/{plan_id}",
    operation_id="reviseMeetingPlan",
    response_model=PlanOut,
    summary="Revise the topics (If-Match required); publishes plan.adopted with the next revision.",
    responses=sends("ETag"),
)
async def revise_plan(
    plan_id: str, body: PlanRevise, principal: Secretary, db: DB, ctx: Ctx, version: IfMatchRequired, response: Response
) -> PlanOut:
    plan = await commands.revise_plan(db, ctx, principal, plan_id, body, version)
    set_etag(response, plan.version)
    return plan
