"""Use cases of appeals: lodging (within the window) and deciding (upheld, reduced or annulled)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from inspection.appeals import rules
from inspection.appeals.models import AppealCreate, AppealDecide, AppealRecord
from inspection.appeals.queries import load_appeal
from inspection.common import commit_once
from inspection.discipline.measures import Measure
from inspection.discipline.models import Discipline
from inspection.discipline.queries import decision_of, load_discipline
from inspection.events import AppealDecided, AppealLodged
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict
from shared.etag import check_version

STATUS_AFTER = {
    rules.AppealOutcome.UPHELD: "in_force",
    rules.AppealOutcome.REDUCED: "reduced",
    rules.AppealOutcome.ANNULLED: "annulled",
}


async def lodge_appeal(db: Database, ctx: Context, principal: Principal, body: AppealCreate) -> AppealRecord:
    async with db.uow(ctx) as uow:
        discipline = await load_discipline(
            uow.session, principal, body.discipline_id, for_update=True, field="discipline_id"
        )
        existing = (
            await uow.session.execute(select(AppealRecord.id).where(AppealRecord.discipline_id == discipline.id))
        ).scalar_one_or_none()
        if existing is not None:
            raise Conflict("appeals.already_lodged", field="discipline_id", appeal_id=existing)
        rules.lodge_appeal(decision_of(discipline), received_on=body.received_on, lodged_on=body.lodged_on)
        appeal = AppealRecord(
            id=str(uuid.uuid4()),
            discipline_id=discipline.id,
            org_id=discipline.org_id,
            received_on=body.received_on,
            lodged_on=body.lodged_on,
            grounds=body.grounds,
            state=rules.AppealState.LODGED.value,
        )
        uow.session.add(appeal)
        uow.publish(
            AppealLodged(
                appeal_id=appeal.id,
                discipline_id=discipline.id,
                target_type=discipline.target_type,
                target_id=discipline.target_id,
                member_id=discipline.member_id,
                org_id=discipline.org_id,
                measure=discipline.measure,
                received_date=body.received_on,
                lodged_date=body.lodged_on,
                effective_date=body.lodged_on,
            ),
            subject=f"discipline/{discipline.id}",
            aggregate_id=f"discipline:{discipline.id}",
            orgpath=await _path(uow, discipline.org_id),
        )
        await uow.audit(
            "appeal.lodged", "appeal", appeal.id, org_id=discipline.org_id, after=body.model_dump(mode="json")
        )
        await commit_once(uow)
    return appeal


async def decide_appeal(
    db: Database, ctx: Context, principal: Principal, appeal_id: str, body: AppealDecide, expected_version: int | None
) -> AppealRecord:
    async with db.uow(ctx) as uow:
        record = await load_appeal(uow.session, principal, appeal_id, for_update=True)
        check_version(record.version, expected_version)
        discipline = await load_discipline(uow.session, principal, record.discipline_id, for_update=True)
        decided = rules.decide_appeal(
            _domain(record, discipline), outcome=body.outcome, decided_on=body.decided_on, new_measure=body.new_measure
        )
        effects = rules.effects_of_outcome(Measure(discipline.measure), body.outcome, body.new_measure)
        record.state, record.outcome = decided.state.value, body.outcome.value
        record.new_measure = body.new_measure.value if body.new_measure else None
        record.decided_on, record.decision_note = body.decided_on, body.note
        standing = effects.measure_in_force
        discipline.measure_in_force = standing.value if standing else None
        discipline.status = STATUS_AFTER[body.outcome]
        uow.publish(
            AppealDecided(
                appeal_id=record.id,
                discipline_id=discipline.id,
                outcome=body.outcome.value,
                original_measure=discipline.measure,
                new_measure=record.new_measure,
                measure_in_force=discipline.measure_in_force,
                target_type=discipline.target_type,
                target_id=discipline.target_id,
                member_id=discipline.member_id,
                org_id=discipline.org_id,
                effects=[str(a) for a in effects.actions],
                decision_date=body.decided_on,
                effective_date=body.decided_on,
            ),
            subject=f"discipline/{discipline.id}",
            aggregate_id=f"discipline:{discipline.id}",
            orgpath=await _path(uow, discipline.org_id),
        )
        await uow.audit(
            "appeal.decided", "appeal", record.id, org_id=discipline.org_id, after=body.model_dump(mode="json")
        )
        await uow.commit()
    return record


def _domain(record: AppealRecord, discipline: Discipline) -> rules.Appeal:
    return rules.Appeal(
        decision=decision_of(discipline),
        received_on=record.received_on,
        lodged_on=record.lodged_on,
        state=rules.AppealState(record.state),
        outcome=rules.AppealOutcome(record.outcome) if record.outcome else None,
        new_measure=Measure(record.new_measure) if record.new_measure else None,
        decided_on=record.decided_on,
    )


async def _path(uow: UnitOfWork, org_id: str) -> str | None:
    node = await orgtree.get_node(uow.session, org_id)
    return node.path if node else None
