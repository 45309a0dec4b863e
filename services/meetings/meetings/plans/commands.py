"""Use cases of the yearly thematic plan: adopt it, revise it (each publishes plan.adopted)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

from sqlalchemy import select

from meetings.common import commit_change
from meetings.events import PlanAdopted
from meetings.plans.models import PlanCreate, PlanOut, PlanRevise, ThematicPlan, TopicIn
from meetings.plans.queries import plan_in_scope
from meetings.schedules import policies, rules
from meetings.scope import branch_in_scope
from shared.auth import Principal
from shared.calendar import today_in_vietnam
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict


def _validated(year: int, topics: list[TopicIn]) -> list[dict[str, object]]:
    checked = rules.validate_thematic_plan(
        year,
        [rules.ThematicTopic(t.quarter, t.title.strip(), t.planned_on) for t in topics],
        min_per_quarter=policies.MIN_THEMATIC_TOPICS_PER_QUARTER.at(date(year, 1, 1)),
    )
    return [
        {"quarter": t.quarter, "title": t.title, "planned_on": t.planned_on.isoformat() if t.planned_on else None}
        for t in checked
    ]


def _publish(uow: UnitOfWork, plan: ThematicPlan, path: str) -> None:
    per_quarter = Counter(str(t["quarter"]) for t in plan.topics)
    uow.publish(
        PlanAdopted(
            org_id=plan.org_id,
            plan_id=plan.id,
            year=plan.year,
            topics_per_quarter=dict(sorted(per_quarter.items())),
            topics=[str(t["title"]) for t in plan.topics],
            revision=plan.revision,
            effective_date=today_in_vietnam(),
        ),
        subject=f"plan/{plan.id}",
        aggregate_id=f"plan:{plan.id}",
        orgpath=path,
    )


async def adopt_plan(db: Database, ctx: Context, principal: Principal, body: PlanCreate) -> PlanOut:
    async with db.uow(ctx) as uow:
        node = await branch_in_scope(uow.session, principal, body.org_id)
        topics = _validated(body.year, body.topics)
        existing = (
            await uow.session.execute(
                select(ThematicPlan.id).where(ThematicPlan.org_id == body.org_id, ThematicPlan.year == body.year)
            )
        ).scalar_one_or_none()
        if existing is not None:
            raise Conflict("plan.exists", field="year", year=body.year, plan_id=existing)
        plan = ThematicPlan(id=str(uuid.uuid4()), org_id=body.org_id, year=body.year, topics=topics, revision=1)
        uow.session.add(plan)
        await uow.session.flush()
        _publish(uow, plan, node.path)
        return await commit_change(uow, plan, "plan.adopted", PlanOut, body.model_dump(mode="json"))


async def revise_plan(
    db: Database, ctx: Context, principal: Principal, plan_id: str, body: PlanRevise, expected_version: int
) -> PlanOut:
    async with db.uow(ctx) as uow:
        plan = await plan_in_scope.to_change(uow.session, principal, plan_id, expected_version)
        node = await branch_in_scope(uow.session, principal, plan.org_id)
        before = {"topics": plan.topics, "revision": plan.revision}
        plan.topics = _validated(plan.year, body.topics)
        plan.revision += 1
        await uow.session.flush()
        _publish(uow, plan, node.path)
        after = {"topics": plan.topics, "revision": plan.revision}
        return await commit_change(uow, plan, "plan.revised", PlanOut, after, before)
