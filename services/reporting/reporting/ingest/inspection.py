"""Inspection's events: inspections opened and concluded, disciplines by level (replaced by the measure in
force after an appeal), appeals, and the annual classification (a later batch replaces earlier grades)."""

from __future__ import annotations

from datetime import date

from reporting.facts import store
from reporting.facts.store import Attribution, EntityState, Op
from reporting.ingest.views import (
    AppealDecidedView,
    AppealLodgedView,
    ClassificationView,
    DisciplineView,
    InspectionView,
)
from shared.consumer import EventConsumer
from shared.db import UnitOfWork
from shared.events import Envelope

T = "vn.party.inspection"


def register(consumer: EventConsumer) -> None:
    consumer.on(f"{T}.inspection.opened.v1")(inspection_opened)
    consumer.on(f"{T}.inspection.concluded.v1")(inspection_concluded)
    consumer.on(f"{T}.discipline.imposed.v1")(discipline_imposed)
    consumer.on(f"{T}.appeal.lodged.v1")(appeal_lodged)
    consumer.on(f"{T}.appeal.decided.v1")(appeal_decided)
    consumer.on(f"{T}.classification.recorded.v1")(classification_recorded)


def target(target_type: str) -> str:
    return "org" if target_type.startswith("org") else "member"


def discipline_contribution(target_type: str, measure: str | None) -> dict[str, int]:
    if not measure:
        return {}
    return {"discipline.total": 1, f"discipline.{target(target_type)}.{measure}": 1}


def flow(uow: UnitOfWork, envelope: Envelope, org_id: str, on: date, flows: dict[str, int]) -> None:
    batch = store.batch_of(uow)
    batch.saw(envelope.time)
    attribution = Attribution(org_id, on, flows)
    batch.ops.append(Op(lambda _: [attribution]))


def _replace(uow: UnitOfWork, envelope: Envelope, key: str, state: EntityState | None) -> None:
    batch = store.batch_of(uow)
    batch.saw(envelope.time)
    batch.ops.append(Op(lambda b: store.replace_entity(b, key, state), entity_keys=(key,)))


async def inspection_opened(uow: UnitOfWork, envelope: Envelope) -> None:
    event = InspectionView.model_validate(envelope.data)
    flow(
        uow,
        envelope,
        event.org_id,
        event.effective_date,
        {"inspections.opened": 1, f"inspections.opened.{event.kind}": 1},
    )


async def inspection_concluded(uow: UnitOfWork, envelope: Envelope) -> None:
    event = InspectionView.model_validate(envelope.data)
    flows = {"inspections.concluded": 1, f"inspections.concluded.{event.kind}": 1}
    if event.violation:
        flows["inspections.violations"] = 1
    flow(uow, envelope, event.org_id, event.effective_date, flows)


async def discipline_imposed(uow: UnitOfWork, envelope: Envelope) -> None:
    event = DisciplineView.model_validate(envelope.data)
    _replace(
        uow,
        envelope,
        f"discipline:{event.discipline_id}",
        EntityState(event.org_id, event.effective_date, discipline_contribution(event.target_type, event.measure)),
    )


async def appeal_lodged(uow: UnitOfWork, envelope: Envelope) -> None:
    event = AppealLodgedView.model_validate(envelope.data)
    flow(uow, envelope, event.org_id, event.effective_date, {"appeals.lodged": 1})


async def appeal_decided(uow: UnitOfWork, envelope: Envelope) -> None:
    """The measure in force replaces the original one, in the decision's original month."""
    event = AppealDecidedView.model_validate(envelope.data)
    flow(uow, envelope, event.org_id, event.effective_date, {"appeals.decided": 1, f"appeals.{event.outcome}": 1})
    key = f"discipline:{event.discipline_id}"
    contribution = discipline_contribution(event.target_type, event.measure_in_force)
    batch = store.batch_of(uow)

    def run(b: store.Batch) -> list[Attribution]:
        old = b.entities.get(key)
        on = old.on if old is not None else event.effective_date
        return store.replace_entity(b, key, EntityState(event.org_id, on, contribution))

    batch.ops.append(Op(run, entity_keys=(key,)))


async def classification_recorded(uow: UnitOfWork, envelope: Envelope) -> None:
    """Counted in December of the year rated, whenever it was recorded."""
    event = ClassificationView.model_validate(envelope.data)
    kind = target(event.target_type)
    key = f"classification:{kind}:{event.target_id}:{event.year}"
    _replace(
        uow,
        envelope,
        key,
        EntityState(
            event.subject_org_id,
            date(event.year, 12, 31),
            {f"classification.{kind}.{event.grade}": 1, f"classification.{kind}.total": 1},
        ),
    )
