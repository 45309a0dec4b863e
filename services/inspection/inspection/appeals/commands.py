"""Use cases of appeals: lodging at the next level (within the window) and deciding it (by that level)."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.appeals import rules
from inspection.appeals.levels import Hearing, PriorAppeal, next_hearing
from inspection.appeals.models import AppealCreate, AppealDecide, AppealRecord
from inspection.appeals.outcomes import AppealOutcome, AppealState
from inspection.appeals.queries import load_appeal
from inspection.common import commit_once
from inspection.discipline.commands import facts_of, publish_on
from inspection.discipline.competence import LEVEL_OF_KIND
from inspection.discipline.measures import Measure
from inspection.discipline.models import Discipline
from inspection.discipline.queries import decision_of, load_discipline
from inspection.events import AppealDecided, AppealLodged
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict, Forbidden, RuleViolation
from shared.schema import org_nodes

STATUS_AFTER = {
    AppealOutcome.UPHELD: "in_force",
    AppealOutcome.REDUCED: "reduced",
    AppealOutcome.ANNULLED: "annulled",
    AppealOutcome.INCREASED: "increased",
}


async def lodge_appeal(db: Database, ctx: Context, principal: Principal, body: AppealCreate) -> AppealRecord:
    async with db.uow(ctx) as uow:
        discipline = await load_discipline.named_by("discipline_id")(
            uow.session, principal, body.discipline_id, for_update=True
        )
        prior = await _prior(uow.session, discipline)
        hearing = await _hearing(uow.session, discipline, prior, body)
        contested_on = prior[-1].decided_on if prior else None
        rules.lodge_appeal(
            decision_of(discipline), received_on=body.received_on, lodged_on=body.lodged_on, contested_on=contested_on
        )
        appeal = AppealRecord(
            id=str(uuid.uuid4()),
            discipline_id=discipline.id,
            org_id=discipline.org_id,
            level=hearing.level,
            heard_by_org_id=str(hearing.org_id) if hearing.org_id else None,
            final_authority=hearing.final_authority.value if hearing.final_authority else None,
            contested_measure=discipline.measure_in_force,
            received_on=body.received_on,
            lodged_on=body.lodged_on,
            grounds=body.grounds,
            state=AppealState.LODGED.value,
        )
        uow.session.add(appeal)
        await _publish_lodged(uow, discipline, appeal)
        await uow.audit(
            "appeal.lodged", "appeal", appeal.id, org_id=discipline.org_id, after=body.model_dump(mode="json")
        )
        await commit_once(uow)
    return appeal


async def _prior(session: AsyncSession, discipline: Discipline) -> list[AppealRecord]:
    """The earlier levels' appeals; a pending one, or an annulled decision, leaves nothing to appeal yet."""
    prior = list(
        (
            await session.execute(
                select(AppealRecord).where(AppealRecord.discipline_id == discipline.id).order_by(AppealRecord.level)
            )
        ).scalars()
    )
    pending = next((a for a in prior if a.state == AppealState.LODGED.value), None)
    if pending is not None:
        raise Conflict("appeals.already_lodged", field="discipline_id", appeal_id=pending.id)
    if discipline.measure_in_force is None:
        raise RuleViolation("appeals.decision_annulled", field="discipline_id")
    return prior


async def _hearing(
    session: AsyncSession, discipline: Discipline, prior: list[AppealRecord], body: AppealCreate
) -> Hearing:
    """The level this appeal goes to: the nearest committee above the previous level, as the tree stood then."""
    lower = prior[-1].heard_by_org_id if prior else discipline.issuing_org_id
    ancestors = await _ancestors_with_kinds(session, lower, body.lodged_on) if lower else []
    return next_hearing(
        Measure(discipline.measure_in_force or discipline.measure),
        [PriorAppeal(a.level, UUID(a.heard_by_org_id) if a.heard_by_org_id else None, a.decided_on) for a in prior],
        ancestors,
        requested=UUID(body.heard_by_org_id) if body.heard_by_org_id else None,
        central=body.to_central,
        on=body.lodged_on,
    )


async def _ancestors_with_kinds(session: AsyncSession, org_id: str, on: date) -> list[tuple[UUID, str]]:
    node = await orgtree.get_node(session, org_id)
    path = await orgtree.path_at(session, org_id, on) or (node.path if node else f"/{org_id}/")
    ids = orgtree.ids_in_path(path)[:-1]
    kinds = dict((await session.execute(select(org_nodes.c.id, org_nodes.c.kind).where(org_nodes.c.id.in_(ids)))).all())
    return [(UUID(i), kinds[i]) for i in ids if i in kinds]


async def decide_appeal(
    db: Database, ctx: Context, principal: Principal, appeal_id: str, body: AppealDecide, expected_version: int | None
) -> AppealRecord:
    async with db.uow(ctx) as uow:
        record = await load_appeal.to_change(uow.session, principal, appeal_id, expected_version)
        hearing_kind = await _check_decider(uow.session, principal, record)
        discipline = await load_discipline(uow.session, principal, record.discipline_id, for_update=True)
        rules.decide_appeal(
            _domain(record, discipline, hearing_kind),
            outcome=body.outcome,
            decided_on=body.decided_on,
            new_measure=body.new_measure,
        )
        contested = Measure(record.contested_measure or discipline.measure)
        effects = rules.effects_of_outcome(contested, body.outcome, body.new_measure)
        record.state, record.outcome = AppealState.DECIDED.value, body.outcome.value
        record.new_measure = body.new_measure.value if body.new_measure else None
        record.decided_on, record.decision_note = body.decided_on, body.note
        standing = effects.measure_in_force
        discipline.measure_in_force = standing.value if standing else None
        discipline.status = STATUS_AFTER[body.outcome]
        await _publish_decided(uow, discipline, record, contested, effects)
        await uow.audit(
            "appeal.decided", "appeal", record.id, org_id=discipline.org_id, after=body.model_dump(mode="json")
        )
        await uow.commit()
    return record


async def _check_decider(session: AsyncSession, principal: Principal, record: AppealRecord) -> str | None:
    """Only the level that hears the appeal (or one above it) decides it; the central level only nationally.
    Returns the hearing organisation's kind (None: central)."""
    if record.heard_by_org_id is None:
        if not principal.national:
            raise Forbidden("appeals.decider_not_competent", heard_by=str(record.final_authority))
        return None
    node = await orgtree.get_node(session, record.heard_by_org_id)
    if node is None or not await _in_scope(session, principal, node.id):
        raise Forbidden("appeals.decider_not_competent", heard_by=record.heard_by_org_id)
    return node.kind


async def _in_scope(session: AsyncSession, principal: Principal, org_id: str) -> bool:
    found = await session.execute(
        select(org_nodes.c.id).where(org_nodes.c.id == org_id, orgtree.in_scope(org_nodes.c.id, principal))
    )
    return found.first() is not None


def _domain(record: AppealRecord, discipline: Discipline, hearing_kind: str | None) -> rules.Appeal:
    return rules.Appeal(
        decision=decision_of(discipline),
        received_on=record.received_on,
        lodged_on=record.lodged_on,
        contested=Measure(record.contested_measure) if record.contested_measure else None,
        hearing_level=LEVEL_OF_KIND.get(hearing_kind) if hearing_kind else None,
        state=AppealState(record.state),
        outcome=AppealOutcome(record.outcome) if record.outcome else None,
        new_measure=Measure(record.new_measure) if record.new_measure else None,
        decided_on=record.decided_on,
    )


async def _publish_lodged(uow: UnitOfWork, discipline: Discipline, appeal: AppealRecord) -> None:
    payload = AppealLodged(
        **facts_of(discipline),
        appeal_id=appeal.id,
        measure=appeal.contested_measure or discipline.measure,
        received_date=appeal.received_on,
        lodged_date=appeal.lodged_on,
        effective_date=appeal.lodged_on,
        level=appeal.level,
        heard_by_org_id=appeal.heard_by_org_id,
        final_authority=appeal.final_authority,
    )
    publish_on(uow, discipline, payload, await _path(uow, discipline.org_id))


async def _publish_decided(
    uow: UnitOfWork, discipline: Discipline, record: AppealRecord, contested: Measure, effects: rules.OutcomeEffects
) -> None:
    payload = AppealDecided(
        **facts_of(discipline),
        appeal_id=record.id,
        outcome=str(record.outcome),
        original_measure=contested.value,
        new_measure=record.new_measure,
        measure_in_force=discipline.measure_in_force,
        effects=[str(a) for a in effects.actions],
        decision_date=record.decided_on or record.lodged_on,
        effective_date=record.decided_on or record.lodged_on,
        level=record.level,
        heard_by_org_id=record.heard_by_org_id,
        final_authority=record.final_authority,
    )
    publish_on(uow, discipline, payload, await _path(uow, discipline.org_id))


async def _path(uow: UnitOfWork, org_id: str) -> str | None:
    node = await orgtree.get_node(uow.session, org_id)
    return node.path if node else None
