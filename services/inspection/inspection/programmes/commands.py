"""Use cases of programmes and items: each in one unit of work, raising inspection's events."""

from __future__ import annotations

import uuid
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select

from inspection.common import ResolvedTarget, check_active_org, commit_once, resolve_target
from inspection.discipline.measures import Measure
from inspection.discipline.targets import Target, TargetKind
from inspection.events import InspectionConcluded, InspectionFacts, InspectionOpened
from inspection.programmes import rules
from inspection.programmes.models import Item, ItemConclude, ItemCreate, ItemStart, Programme, ProgrammeCreate
from inspection.programmes.queries import load_item, load_programme
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict
from shared.eventfacts import facts_from
from shared.events import EventPayload


async def create_programme(db: Database, ctx: Context, principal: Principal, body: ProgrammeCreate) -> Programme:
    async with db.uow(ctx) as uow:
        committee = await orgtree.node_in_scope(uow.session, principal, body.committee_id)
        check_active_org(committee, "committee_id")
        existing = (
            await uow.session.execute(
                select(Programme.id).where(Programme.committee_id == committee.id, Programme.year == body.year)
            )
        ).scalar_one_or_none()
        if existing is not None:
            raise Conflict(
                "programmes.programme_exists",
                field="year",
                committee_id=committee.id,
                year=body.year,
                programme_id=existing,
            )
        programme = Programme(id=str(uuid.uuid4()), **body.model_dump())
        uow.session.add(programme)
        await uow.audit(
            "programme.created", "programme", programme.id, org_id=committee.id, after=body.model_dump(mode="json")
        )
        await commit_once(uow)
    return programme


async def add_item(db: Database, ctx: Context, principal: Principal, programme_id: str, body: ItemCreate) -> Item:
    async with db.uow(ctx) as uow:
        programme = await load_programme(uow.session, principal, programme_id)
        target = await resolve_target(uow.session, principal, body.target_type, body.target_id)
        rules.plan_item(
            UUID(programme.committee_id),
            programme.year,
            body.kind,
            _target(target),
            target_org_ancestor_ids=target.ancestor_uuids(),
        )
        item = Item(
            id=str(uuid.uuid4()),
            programme_id=programme.id,
            committee_id=programme.committee_id,
            year=programme.year,
            kind=body.kind.value,
            subject=body.subject,
            target_type=body.target_type.value,
            target_id=body.target_id,
            member_id=target.member_id,
            org_id=target.org_id,
            state=rules.ItemState.PLANNED.value,
            planned_on=body.planned_on,
        )
        uow.session.add(item)
        await uow.audit(
            "inspection.planned", "inspection", item.id, org_id=target.org_id, after=body.model_dump(mode="json")
        )
        await uow.commit()
    return item


async def start_item(
    db: Database, ctx: Context, principal: Principal, item_id: str, body: ItemStart, expected_version: int | None
) -> Item:
    async with db.uow(ctx) as uow:
        item = await load_item.to_change(uow.session, principal, item_id, expected_version)
        started = rules.start_item(_domain(item), started_on=body.started_on)
        item.state, item.started_on = started.state.value, started.started_on
        await _publish(uow, item, InspectionOpened(**_facts(item), effective_date=body.started_on), "opened", body)
    return item


async def conclude_item(
    db: Database, ctx: Context, principal: Principal, item_id: str, body: ItemConclude, expected_version: int | None
) -> Item:
    async with db.uow(ctx) as uow:
        item = await load_item.to_change(uow.session, principal, item_id, expected_version)
        conclusion = rules.Conclusion(
            violation=body.violation, findings=body.findings, recommended_measure=body.recommended_measure
        )
        concluded = rules.conclude_item(_domain(item), conclusion, concluded_on=body.concluded_on)
        item.state, item.concluded_on = concluded.state.value, concluded.concluded_on
        item.violation, item.findings = body.violation, body.findings.strip()
        item.recommended_measure = body.recommended_measure.value if body.recommended_measure else None
        payload = InspectionConcluded(
            **_facts(item),
            violation=body.violation,
            measure=item.recommended_measure,
            findings=item.findings,
            effective_date=body.concluded_on,
        )
        await _publish(uow, item, payload, "concluded", body)
    return item


def _target(target: ResolvedTarget) -> Target:
    return Target(target.kind, UUID(target.id), UUID(target.org_id))


def _domain(item: Item) -> rules.InspectionItem:
    kind = TargetKind(item.target_type)
    conclusion = None
    if item.findings is not None and item.violation is not None:
        measure = Measure(item.recommended_measure) if item.recommended_measure else None
        conclusion = rules.Conclusion(item.violation, item.findings, measure)
    return rules.InspectionItem(
        committee_id=UUID(item.committee_id),
        year=item.year,
        kind=rules.ItemKind(item.kind),
        target=Target(kind, UUID(item.target_id), UUID(item.org_id)),
        state=rules.ItemState(item.state),
        started_on=item.started_on,
        concluded_on=item.concluded_on,
        conclusion=conclusion,
    )


def _facts(item: Item) -> dict[str, object]:
    """The fields every item event carries (``InspectionFacts``), read from the row; the date is the command's."""
    return facts_from(item, InspectionFacts, leave=("effective_date",), inspection_id="id")


async def _publish(uow: UnitOfWork, item: Item, payload: EventPayload, action: str, body: BaseModel) -> None:
    """An item's change: its event on the item's aggregate (consumers apply them in order), the command's audit
    row as ``inspection.<action>``, one commit."""
    path = await _path(uow, item.org_id)
    uow.publish(payload, subject=f"inspection/{item.id}", aggregate_id=f"inspection:{item.id}", orgpath=path)
    after = body.model_dump(mode="json")
    await uow.audit(f"inspection.{action}", "inspection", item.id, org_id=item.org_id, after=after)
    await uow.commit()


async def _path(uow: UnitOfWork, org_id: str) -> str | None:
    node = await orgtree.get_node(uow.session, org_id)
    return node.path if node else None
