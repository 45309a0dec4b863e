"""Reads of thematic plans inside the caller's subtree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.plans.models import PlanOut, ThematicPlan
from shared import orgtree
from shared.auth import Principal
from shared.errors import NotFound
from shared.filters import by_id_in_scope, one_or_404, within_subtree
from shared.pagination import Page, PageRequest, page_of


async def plan_in_scope(
    session: AsyncSession, principal: Principal, plan_id: str, *, for_update: bool = False
) -> ThematicPlan:
    query = by_id_in_scope(ThematicPlan, plan_id, principal)
    return await one_or_404(
        session, query, NotFound("plan.not_found", field="plan_id", plan_id=plan_id), for_update=for_update
    )


async def list_plans(
    session: AsyncSession,
    principal: Principal,
    page: PageRequest,
    *,
    org_id: str | None,
    under: str | None,
    year: int | None,
) -> Page[PlanOut]:
    query = select(ThematicPlan).where(orgtree.in_scope(ThematicPlan.org_id.expression, principal))
    if org_id is not None:
        query = query.where(ThematicPlan.org_id == org_id)
    query = await within_subtree(session, principal, query, ThematicPlan.org_id.expression, under)
    if year is not None:
        query = query.where(ThematicPlan.year == year)
    sort: list[ColumnElement[Any]] = [ThematicPlan.year.expression, ThematicPlan.id.expression]
    return await page_of(session, query, sort, page, PlanOut)
