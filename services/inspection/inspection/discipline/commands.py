"""Use case of a discipline decision: checked by the pure rules, stored, and published for membership."""

from __future__ import annotations

import uuid
from uuid import UUID

from sqlalchemy import select

from inspection.common import check_effective_date, commit_once, resolve_target
from inspection.discipline.measures import actions_of_measure
from inspection.discipline.models import Discipline, DisciplineCreate
from inspection.discipline.rules import DisciplineDecision, validate_decision
from inspection.events import DisciplineImposed
from inspection.programmes.queries import load_item
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database
from shared.errors import Conflict


async def impose_discipline(db: Database, ctx: Context, principal: Principal, body: DisciplineCreate) -> Discipline:
    async with db.uow(ctx) as uow:
        target = await resolve_target(uow.session, principal, body.target_type, body.target_id)
        issuer = await orgtree.node_in_scope(uow.session, principal, body.issuing_org_id)
        effective = body.effective_date or body.decision_date
        check_effective_date(effective, body.decision_date)
        if body.inspection_id is not None:
            await load_item(uow.session, principal, body.inspection_id)
        decision = DisciplineDecision(
            number=body.decision_number,
            decided_on=body.decision_date,
            issuing_org_id=UUID(issuer.id),
            violation_on=body.violation_date,
            measure=body.measure,
            target=target.discipline_target(),
        )
        validate_decision(decision, target_org_ancestor_ids=target.ancestor_uuids())
        number = body.decision_number.strip()
        taken = (
            await uow.session.execute(
                select(Discipline.id).where(
                    Discipline.issuing_org_id == issuer.id, Discipline.decision_number == number
                )
            )
        ).first()
        if taken is not None:
            raise Conflict(
                "discipline.decision_number_taken", field="decision_number", number=number, issuing_org_id=issuer.id
            )
        discipline = Discipline(
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
            issuing_org_id=issuer.id,
            violation_date=body.violation_date,
            effective_date=effective,
            inspection_id=body.inspection_id,
            reason=body.reason,
            standing=str(decision.target.standing) if decision.target.standing else None,
            held_post=decision.target.holds_post,
        )
        uow.session.add(discipline)
        uow.publish(
            DisciplineImposed(
                discipline_id=discipline.id,
                target_type=discipline.target_type,
                target_id=discipline.target_id,
                member_id=discipline.member_id,
                org_id=discipline.org_id,
                measure=discipline.measure,
                actions=[str(a) for a in actions_of_measure(body.measure)],
                decision_number=number,
                decision_date=body.decision_date,
                issuing_org_id=issuer.id,
                violation_date=body.violation_date,
                inspection_id=body.inspection_id,
                effective_date=effective,
            ),
            subject=f"discipline/{discipline.id}",
            aggregate_id=f"discipline:{discipline.id}",
            orgpath=target.node.path,
        )
        await uow.audit(
            "discipline.imposed",
            "discipline",
            discipline.id,
            org_id=discipline.org_id,
            after=body.model_dump(mode="json"),
        )
        await commit_once(uow)
    return discipline
