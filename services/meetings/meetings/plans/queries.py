"""Reads of thematic plans inside the caller's subtree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.plans.models import PlanOut, ThematicPlan
from shared import orgtree
from shared.auth import Principal
from shared.errors import NotFound
from shared.filters import within_subtree
from shared.pagination import Page, PageRequest, page_of


async def plan_in_scope(
    session: AsyncSession, principal: Principal, plan_id: str, *, for_update: bool = False
) -> ThematicPlan:
    query = select(ThematicPlan).where(
        ThematicPlan.id == plan_id, orgtree.in_scope(ThematicPlan.org_id.expression, principal)
    )
    if for_update:
        query = query.with_for_update()
    plan = (await session.execute(query)).scalar_one_or_none()
    if plan is None:
        raise NotFound("plan.not_found", field="plan_id", plan_id=plan_id)
    return plan


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
