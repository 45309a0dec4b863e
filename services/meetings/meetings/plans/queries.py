"""Reads of thematic plans inside the caller's subtree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.plans.models import PlanFilters, PlanOut, ThematicPlan
from shared.auth import Principal
from shared.filters import all_in_scope, equal_to, within_subtree
from shared.listings import same_named
from shared.lookups import Lookup
from shared.pagination import Page, PageRequest, page_of

plan_in_scope = Lookup(ThematicPlan, "plan.not_found", "plan_id", field="plan_id")


async def list_plans(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: PlanFilters
) -> Page[PlanOut]:
    query = equal_to(all_in_scope(ThematicPlan, principal), same_named(ThematicPlan, filters, "org_id", "year"))
    query = await within_subtree(session, principal, query, ThematicPlan.org_id.expression, filters.under)
    sort: list[ColumnElement[Any]] = [ThematicPlan.year.expression, ThematicPlan.id.expression]
    return await page_of(session, query, sort, page, PlanOut)
