"""Use case of a discipline decision: checked by the pure rules, stored, and published for membership."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.common import ResolvedTarget, check_effective_date, commit_once, resolve_target
from inspection.discipline.competence import LEVEL_OF_KIND, DecidingLevel
from inspection.discipline.measures import Measure, actions_of_measure
from inspection.discipline.models import Discipline, DisciplineCreate
from inspection.discipline.rules import DisciplineDecision, validate_decision
from inspection.events import DisciplineFacts, DisciplineImposed
from inspection.programmes.queries import load_item
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict, RuleViolation
from shared.eventfacts import facts_from


async def impose_discipline(db: Database, ctx: Context, principal: Principal, body: DisciplineCreate) -> Discipline:
    async with db.uow(ctx) as uow:
        target = await resolve_target(uow.session, principal, body.target_type, body.target_id)
        issuer = await orgtree.node_in_scope(uow.session, principal, body.issuing_org_id)
        check_effective_date(body.effective_date or body.decision_date, body.decision_date)
        if body.inspection_id is not None:
            await load_item(uow.session, principal, body.inspection_id)
        decision = validate_decision(
            _decision(body, issuer, target),
            target_org_ancestor_ids=await ancestors_on(uow.session, target.node, body.decision_date),
        )
        number = await _free_number(uow.session, issuer.id, body.decision_number)
        discipline = _discipline(body, target, decision, number)
        uow.session.add(discipline)
        _publish(uow, discipline, target.node.path)
        await uow.audit(
            "discipline.imposed",
            "discipline",
            discipline.id,
            org_id=discipline.org_id,
            after=body.model_dump(mode="json"),
        )
        await commit_once(uow)
    return discipline


async def ancestors_on(session: AsyncSession, node: orgtree.OrgNode, day: date) -> list[UUID]:
    """The organisation's ancestors as the tree stood on ``day`` (today's, if the history does not reach back):
    a decision of 2019 is judged by the 2019 tree, whatever the 2025 restructuring moved since."""
    path = await orgtree.path_at(session, node.id, day) or node.path
    return [UUID(i) for i in orgtree.ids_in_path(path)[:-1]]


def issuer_level(issuer: orgtree.OrgNode, target: ResolvedTarget) -> DecidingLevel:
    level = LEVEL_OF_KIND.get(issuer.kind)
    if level is None:
        raise RuleViolation(
            "discipline.issuer_not_competent",
            field="issuing_org_id",
            issuing_org_id=issuer.id,
            target_org_id=target.org_id,
        )
    return level


def _decision(body: DisciplineCreate, issuer: orgtree.OrgNode, target: ResolvedTarget) -> DisciplineDecision:
    return DisciplineDecision(
        number=body.decision_number,
        decided_on=body.decision_date,
        issuing_org_id=UUID(issuer.id),
        violation_on=body.violation_date,
        measure=body.measure,
        target=target.discipline_target(),
        issuer_level=issuer_level(issuer, target),
        category=body.violation_category,
        later_violations=tuple(body.later_violation_dates),
    )


async def _free_number(session: AsyncSession, issuer_id: str, decision_number: str) -> str:
    """Decision numbers are unique per issuer; the stripped number is the one stored."""
    number = decision_number.strip()
    taken = (
        await session.execute(
            select(Discipline.id).where(Discipline.issuing_org_id == issuer_id, Discipline.decision_number == number)
        )
    ).first()
    if taken is not None:
        raise Conflict(
            "discipline.decision_number_taken", field="decision_number", number=number, issuing_org_id=issuer_id
        )
    return number


def _discipline(
    body: DisciplineCreate, target: ResolvedTarget, decision: DisciplineDecision, number: str
) -> Discipline:
    return Discipline(
        id=str(uuid.uuid4()),
        target_type=body.target_type.value,
        target_id=body.target_id,
        member_id=target.member_id,
        org_id=target.org_id,
        measure=body.measure.value,
        measure_in_force=body.measure.value,
        status="in_force",
        decision_number=number,
        decision_date=body.decision_date,
        issuing_org_id=str(decision.issuing_org_id),
        violation_date=body.violation_date,
        effective_date=body.effective_date or body.decision_date,
        inspection_id=body.inspection_id,
        reason=body.reason,
        standing=str(decision.target.standing) if decision.target.standing else None,
        held_post=decision.target.holds_post,
        issuer_level=decision.issuer_level.value,
        violation_category=decision.category.value if decision.category else None,
        later_violation_dates=sorted(decision.later_violations),
    )


def facts_of(discipline: Discipline) -> dict[str, Any]:
    """The ``DisciplineFacts`` every discipline and appeal event carries: the decision and whom it targets."""
    return facts_from(discipline, DisciplineFacts, discipline_id="id")


def publish_on(uow: UnitOfWork, discipline: Discipline, payload: DisciplineFacts, orgpath: str | None) -> None:
    """Every discipline and appeal event goes on the decision's aggregate, so consumers apply them in order."""
    uow.publish(
        payload, subject=f"discipline/{discipline.id}", aggregate_id=f"discipline:{discipline.id}", orgpath=orgpath
    )


def _publish(uow: UnitOfWork, discipline: Discipline, orgpath: str) -> None:
    payload = DisciplineImposed(
        **facts_of(discipline),
        measure=discipline.measure,
        actions=[str(a) for a in actions_of_measure(Measure(discipline.measure))],
        decision_number=discipline.decision_number,
        decision_date=discipline.decision_date,
        issuing_org_id=discipline.issuing_org_id,
        violation_date=discipline.violation_date,
        inspection_id=discipline.inspection_id,
        effective_date=discipline.effective_date,
    )
    publish_on(uow, discipline, payload, orgpath)
