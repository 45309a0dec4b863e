"""Routes of the yearly thematic plans (topics by quarter)."""

from __future__ import annotations

from fastapi import APIRouter

from meetings.common import IfMatchRequired, Reader, Secretary
from meetings.plans import commands, queries
from meetings.plans.models import PlanCreate, PlanFilters, PlanOut, PlanRevise
from shared import routes
from shared.listings import list_route

router = APIRouter(prefix="/api/v1/meeting-plans", tags=["meeting plans"])


plans = routes.Resource(router, PlanOut, reader=Reader, writer=Secretary, if_match=IfMatchRequired)
plans.create("", commands.adopt_plan, PlanCreate, "adopt_plan", "adoptMeetingPlan", "/api/v1/meeting-plans/{id}")


list_route(router, "", queries.list_plans, PlanFilters, PlanOut, "list_plans", "listMeetingPlans")


plans.read("/{plan_id}", queries.plan_in_scope, "get_plan", "getMeetingPlan")
plans.step(
    "/{plan_id}",
    commands.revise_plan,
    PlanRevise,
    "revise_plan",
    "reviseMeetingPlan",
    "Revise the topics (If-Match required); publishes plan.adopted with the next revision.",
    method="PUT",
)
