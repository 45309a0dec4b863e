"""Events membership consumes: inspection's discipline and appeal decisions, meetings' absence alerts.

Expulsion, removal from post and dissolution are applied (and undone when an appeal annuls or reduces them);
reprimand and warning change only inspection's own record.

Each payload is parsed with a small model of our own (services never import one another), keeping only the
fields we use and ignoring the rest. Handlers run inside the consumer's unit of work, which records the event
id in the inbox: redelivery is a no-op. An event about a member or organisation not known yet is parked
(``NotReady``) and retried, never dropped; one that no longer applies (the member already left) is audited
and skipped, since retrying it could never succeed.
"""

from __future__ import annotations

from datetime import date

import structlog
from pydantic import BaseModel, Field
from sqlalchemy import select

from membership.badges.disciplines import record_appeal, record_discipline
from membership.events import MemberUpdated
from membership.members.history import changed_in_place, snapshot, write_change
from membership.members.models import Member
from membership.members.rules import MemberStatus, is_active
from membership.members.status import expel, flag_for_review, restore
from membership.orgs.commands import dissolve_node, restore_node
from shared import orgtree
from shared.consumer import EventConsumer, NotReady
from shared.db import UnitOfWork
from shared.errors import InvalidTransition
from shared.events import Envelope
from shared.views import PayloadView

log = structlog.get_logger(__name__)

DISCIPLINE_IMPOSED = "vn.party.inspection.discipline.imposed.v1"
APPEAL_DECIDED = "vn.party.inspection.appeal.decided.v1"
ABSENCE_THRESHOLD = "vn.party.meetings.member.absence_threshold_reached.v1"

EXPULSION, DISSOLUTION, REMOVAL_FROM_POST = "expulsion", "dissolution", "removal_from_post"
POSTS_REMOVED = "posts_removed"


class _DisciplineView(PayloadView):
    """What inspection's decision and appeal events both say: the discipline, its target and the day it applies."""

    discipline_id: str
    target_type: str
    target_id: str
    member_id: str | None = None
    effective_date: date


class DisciplineImposed(_DisciplineView):
    measure: str
    actions: list[str] = Field(default_factory=list)
    decision_number: str | None = None


class AppealDecided(_DisciplineView):
    outcome: str
    original_measure: str
    effects: list[str] = Field(default_factory=list)
    measure_in_force: str | None = None


class AbsenceThresholdReached(PayloadView):
    member_id: str
    org_id: str
    rule: str
    count: int
    year: int
    first_date: date | None = None
    last_date: date | None = None
    effective_date: date


async def _member(uow: UnitOfWork, member_id: str) -> Member:
    member = (
        await uow.session.execute(select(Member).where(Member.id == member_id).with_for_update())
    ).scalar_one_or_none()
    if member is None:
        raise NotReady(f"member:{member_id}")
    return member


async def _skipped(uow: UnitOfWork, envelope: Envelope, entity_type: str, entity_id: str, why: str) -> None:
    log.warning("consumer.event_not_applicable", event_id=envelope.id, type=envelope.type, why=why)
    await uow.audit(
        "event.not_applicable",
        entity_type,
        entity_id,
        after={"event_id": envelope.id, "type": envelope.type, "why": why},
    )


# The measure a decision imposes, as the effect membership applies (an appeal's increase names its effects).
MEASURE_EFFECTS = {
    EXPULSION: "expel_member",
    REMOVAL_FROM_POST: "remove_from_post",
    DISSOLUTION: "dissolve_organisation",
}


class _Imposition(BaseModel):
    """What a discipline decision or an appeal that increased one asks membership to apply."""

    discipline_id: str
    target_type: str
    target_id: str
    member_id: str | None = None
    effects: frozenset[str]
    decision_number: str | None = None
    effective_date: date


async def on_discipline_imposed(uow: UnitOfWork, envelope: Envelope) -> None:
    event = DisciplineImposed.model_validate(envelope.data)
    if event.target_type == "member":  # kept for the badge rule: a disciplined member's badge waits
        member_id = event.member_id or event.target_id
        await record_discipline(uow, event.discipline_id, member_id, event.measure, event.effective_date)
    effects = frozenset(event.actions) | {MEASURE_EFFECTS.get(event.measure, "")} - {""}
    await _impose(uow, envelope, _Imposition(**event.model_dump(exclude={"actions", "measure"}), effects=effects))


async def _impose(uow: UnitOfWork, envelope: Envelope, decision: _Imposition) -> None:
    """Expel, remove from post or dissolve: the same path for a decision and for an appeal that increased one."""
    member_id = decision.member_id or decision.target_id
    if decision.target_type == "member" and "expel_member" in decision.effects:
        member = await _member(uow, member_id)
        if member.status == MemberStatus.EXPELLED.value:
            return
        try:
            await expel(uow, member, decision.discipline_id, decision.effective_date)
        except InvalidTransition as refused:
            await _skipped(uow, envelope, "member", member_id, refused.code)
    elif decision.target_type == "member" and "remove_from_post" in decision.effects:
        await _remove_from_posts(uow, await _member(uow, member_id), decision)
    elif decision.target_type == "organisation" and "dissolve_organisation" in decision.effects:
        node = await orgtree.get_node(uow.session, decision.target_id)
        if node is None:
            raise NotReady(f"org:{decision.target_id}")
        if node.status != "active":
            await _skipped(uow, envelope, "org", node.id, f"org.{node.status}")
            return
        await dissolve_node(uow, node.id, node.path, "discipline", decision.decision_number, decision.effective_date)


async def on_appeal_decided(uow: UnitOfWork, envelope: Envelope) -> None:
    """An annulled or reduced expulsion restores the member; an annulled dissolution restores the organisation; an
    increased measure (a warning raised to expulsion on appeal) is applied like a decision of its own."""
    event = AppealDecided.model_validate(envelope.data)
    if event.target_type == "member":
        member_id = event.member_id or event.target_id
        await record_appeal(uow, event.discipline_id, member_id, event.outcome, event.measure_in_force)
    if event.outcome == "increased":
        fields = event.model_dump(include={"discipline_id", "target_type", "target_id", "member_id", "effective_date"})
        await _impose(uow, envelope, _Imposition(**fields, effects=frozenset(event.effects)))
        return
    if event.outcome not in ("annulled", "reduced"):
        return
    if event.target_type == "member" and (event.original_measure == EXPULSION or "restore_member" in event.effects):
        member_id = event.member_id or event.target_id
        member = await _member(uow, member_id)
        if member.status != MemberStatus.EXPELLED.value:
            await _skipped(uow, envelope, "member", member_id, f"member.{member.status}")
            return
        await restore(uow, member, event.discipline_id, event.effective_date)
    elif event.target_type == "member" and (
        event.original_measure == REMOVAL_FROM_POST or "restore_posts" in event.effects
    ):
        await _restore_posts(uow, await _member(uow, event.member_id or event.target_id), event)
    elif event.target_type == "organisation" and (
        event.original_measure == DISSOLUTION or "restore_organisation" in event.effects
    ):
        node = await orgtree.get_node(uow.session, event.target_id)
        if node is None:
            raise NotReady(f"org:{event.target_id}")
        if node.status == "dissolved":
            await restore_node(uow, node.id, node.path, event.effective_date)


async def _remove_from_posts(uow: UnitOfWork, member: Member, event: _Imposition) -> None:
    """Removal from post clears the member's positions in the branch; which ones is kept for an appeal."""
    if not member.positions:
        return
    before = snapshot(member)
    member.flags = {
        **(member.flags or {}),
        POSTS_REMOVED: {"discipline_id": event.discipline_id, "positions": list(member.positions)},
    }
    member.positions = []
    await _write_profile_change(uow, member, "removed_from_post", event.effective_date, before)


async def _restore_posts(uow: UnitOfWork, member: Member, event: AppealDecided) -> None:
    removed = (member.flags or {}).get(POSTS_REMOVED)
    if not removed or removed.get("discipline_id") != event.discipline_id:
        return
    before = snapshot(member)
    member.positions = list(removed["positions"])
    member.flags = {k: v for k, v in (member.flags or {}).items() if k != POSTS_REMOVED}
    await _write_profile_change(uow, member, "posts_restored", event.effective_date, before)


async def _write_profile_change(
    uow: UnitOfWork, member: Member, change: str, on: date, before: dict[str, object]
) -> None:
    payload = changed_in_place(member, MemberUpdated, on, changed_fields=["positions"])
    await write_change(uow, member, payload, change=change, before=before)


async def on_absence_threshold(uow: UnitOfWork, envelope: Envelope) -> None:
    """Flag the member "to review for removal": the branch decides, nothing is removed automatically."""
    event = AbsenceThresholdReached.model_validate(envelope.data)
    member = await _member(uow, event.member_id)
    if not is_active(MemberStatus(member.status)):
        await _skipped(uow, envelope, "member", member.id, f"member.{member.status}")
        return
    details: dict[str, object] = {
        "count": event.count,
        "year": event.year,
        "first_date": event.first_date.isoformat() if event.first_date else None,
        "last_date": event.last_date.isoformat() if event.last_date else None,
    }
    await flag_for_review(uow, member, event.rule, details, event.effective_date, envelope.id)


def consumers() -> list[EventConsumer]:
    inspection = EventConsumer(name="membership-inspection", stream="INSPECTION", subject="grassroots.inspection.>")
    inspection.on(DISCIPLINE_IMPOSED)(on_discipline_imposed)
    inspection.on(APPEAL_DECIDED)(on_appeal_decided)
    meetings = EventConsumer(name="membership-meetings", stream="MEETINGS", subject="grassroots.meetings.>")
    meetings.on(ABSENCE_THRESHOLD)(on_absence_threshold)
    return [inspection, meetings]
