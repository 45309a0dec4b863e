"""Use cases of the meeting calendar: schedule, generate a year, reschedule, cancel, notify, add materials.

Each runs in one unit of work: the meeting's state, its audit row and its event commit together.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from meetings.common import ZONE, commit_change, local
from meetings.events import MeetingCancelled, MeetingFacts, MeetingNotified, MeetingRescheduled, MeetingScheduled
from meetings.plans.models import ThematicPlan
from meetings.roster.queries import branch_roster
from meetings.schedules import flags, policies, rules
from meetings.schedules.models import (
    Cancel,
    GenerateResult,
    MaterialsAdd,
    Meeting,
    MeetingCreate,
    MeetingOut,
    MonthlyRuleIn,
    Notice,
    Reschedule,
    YearGenerate,
)
from meetings.schedules.queries import meeting_in_scope
from meetings.scope import active_branches_under, branch_in_scope
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import InvalidTransition, NotFound, RuleViolation
from shared.eventfacts import facts_from
from shared.events import EventPayload
from shared.schema import org_nodes


def publish(uow: UnitOfWork, payload: EventPayload, meeting: Meeting, path: str | None = None) -> None:
    uow.publish(payload, subject=f"meeting/{meeting.id}", aggregate_id=f"meeting:{meeting.id}", orgpath=path)


def facts_of(
    meeting: Meeting, payload: type[MeetingFacts] = MeetingFacts, leave: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The fields of a meeting event read from the row (every ``MeetingFacts`` field, dated by the meeting, and
    those of ``payload`` the row holds by the same name); the ones in ``leave`` are the command's."""
    return facts_from(
        meeting, payload, leave=leave, meeting_id="id", date="meeting_date", effective_date="meeting_date"
    )


def state_of(meeting: Meeting) -> rules.MeetingState:
    starts = local(meeting.starts_at)
    return rules.MeetingState(
        rules.MeetingKind(meeting.kind),
        rules.MeetingStatus(meeting.status),
        meeting.meeting_date,
        starts.timetz().replace(tzinfo=None),
        meeting.cancel_reason,
    )


def _new_meeting(
    org_id: str, kind: rules.MeetingKind, starts_at: datetime, topic: str | None = None, plan_id: str | None = None
) -> Meeting:
    return Meeting(
        id=str(uuid.uuid4()),
        org_id=org_id,
        kind=kind.value,
        status=rules.MeetingStatus.SCHEDULED,
        meeting_date=local(starts_at).date(),
        starts_at=starts_at,
        topic=topic,
        plan_id=plan_id,
        agenda=[],
        materials=[],
        guests=[],
        superior_attendees=[],
    )


def _scheduled(meeting: Meeting) -> MeetingScheduled:
    return MeetingScheduled(
        **facts_of(meeting),
        starts_at=meeting.starts_at,
        topic=meeting.topic,
        plan_id=meeting.plan_id,
    )


async def create_meeting(db: Database, ctx: Context, principal: Principal, body: MeetingCreate) -> MeetingOut:
    async with db.uow(ctx) as uow:
        node = await branch_in_scope(uow.session, principal, body.org_id)
        if (
            body.plan_id is not None
            and (
                await uow.session.execute(
                    select(ThematicPlan.id).where(ThematicPlan.id == body.plan_id, ThematicPlan.org_id == body.org_id)
                )
            ).first()
            is None
        ):
            raise NotFound("meeting.plan_not_found", field="plan_id", plan_id=body.plan_id)
        meeting = _new_meeting(body.org_id, body.kind, body.starts_at, body.topic, body.plan_id)
        uow.session.add(meeting)
        await uow.session.flush()
        publish(uow, _scheduled(meeting), meeting, node.path)
        return await commit_change(uow, meeting, "meeting.scheduled", MeetingOut, body.model_dump(mode="json"))


def _monthly_rule(rule: MonthlyRuleIn) -> rules.MonthlyRule:
    if rule.day is not None:
        return rule.day
    assert rule.weekday is not None
    assert rule.nth is not None
    return rules.NthWeekday(rule.weekday, rule.nth)


async def generate_year(db: Database, ctx: Context, principal: Principal, body: YearGenerate) -> GenerateResult:
    """A year of monthly regular meetings for a branch, or every active branch of a subtree.

    Months that already hold a (non-cancelled) regular or combined meeting are skipped, so the call can be
    repeated after new branches are founded without doubling anyone's calendar.
    """
    async with db.uow(ctx) as uow:
        node = await orgtree.node_in_scope(uow.session, principal, body.org_id)
        if body.subtree:
            branches = await active_branches_under(uow.session, node)
            if not branches:
                raise RuleViolation("meeting.no_branches", field="org_id", org_id=body.org_id)
        else:
            branches = [await branch_in_scope(uow.session, principal, body.org_id)]
        rule = _monthly_rule(body.rule)
        taken = await _months_taken(uow, [b.id for b in branches], body.year)
        established = await _established_on(uow, [b.id for b in branches])
        created: list[Meeting] = []
        skipped = 0
        for branch in branches:
            not_before = _latest(body.not_before, established.get(branch.id))
            for planned in rules.plan_regular_meetings(body.year, rule, body.at, not_before=not_before):
                if (branch.id, planned.on.month) in taken:
                    skipped += 1
                    continue
                meeting = _new_meeting(branch.id, planned.kind, planned.starts_at(ZONE))
                created.append(meeting)
        uow.session.add_all(created)
        await uow.session.flush()
        paths = {b.id: b.path for b in branches}
        for meeting in created:
            publish(uow, _scheduled(meeting), meeting, paths[meeting.org_id])
        await uow.audit(
            "meeting.year_generated",
            "org",
            body.org_id,
            org_id=body.org_id,
            after={**body.model_dump(mode="json"), "created": len(created)},
        )
        await uow.commit()
    return GenerateResult(
        year=body.year,
        branches=len(branches),
        created=len(created),
        skipped_months=skipped,
        meeting_ids=[m.id for m in created],
    )


def _latest(*days: date | None) -> date | None:
    """A branch founded in June owes no meetings before June, whatever ``not_before`` the caller gave."""
    known = [d for d in days if d is not None]
    return max(known) if known else None


async def _months_taken(uow: UnitOfWork, org_ids: list[str], year: int) -> set[tuple[str, int]]:
    rows = (
        await uow.session.execute(
            select(Meeting.org_id, Meeting.meeting_date).where(
                Meeting.org_id.in_(org_ids),
                Meeting.meeting_date >= date(year, 1, 1),
                Meeting.meeting_date <= date(year, 12, 31),
                Meeting.status != rules.MeetingStatus.CANCELLED,
                Meeting.kind.in_([rules.MeetingKind.REGULAR, rules.MeetingKind.COMBINED]),
            )
        )
    ).all()
    return {(r.org_id, r.meeting_date.month) for r in rows}


async def _established_on(uow: UnitOfWork, org_ids: list[str]) -> dict[str, date]:
    rows = (
        await uow.session.execute(select(org_nodes.c.id, org_nodes.c.established_on).where(org_nodes.c.id.in_(org_ids)))
    ).all()
    return {r.id: r.established_on for r in rows}


async def reschedule_meeting(
    db: Database, ctx: Context, principal: Principal, meeting_id: str, body: Reschedule, expected_version: int | None
) -> MeetingOut:
    async with db.uow(ctx) as uow:
        meeting = await meeting_in_scope.to_change(uow.session, principal, meeting_id, expected_version)
        before = {"starts_at": meeting.starts_at.isoformat(), "status": meeting.status}
        new_local = local(body.starts_at)
        state = rules.reschedule(state_of(meeting), new_local.date(), new_local.timetz().replace(tzinfo=None))
        previous_date, previous_starts = meeting.meeting_date, meeting.starts_at
        meeting.status, meeting.meeting_date, meeting.starts_at = state.status.value, state.on, body.starts_at
        meeting.notice_late = meeting.materials_late = False
        await uow.session.flush()
        publish(
            uow,
            MeetingRescheduled(
                **facts_of(meeting),
                starts_at=meeting.starts_at,
                previous_date=previous_date,
                previous_starts_at=previous_starts,
                reason=body.reason,
            ),
            meeting,
        )
        return await commit_change(
            uow, meeting, "meeting.rescheduled", MeetingOut, body.model_dump(mode="json"), before
        )


async def cancel_meeting(
    db: Database, ctx: Context, principal: Principal, meeting_id: str, body: Cancel, expected_version: int | None
) -> MeetingOut:
    async with db.uow(ctx) as uow:
        meeting = await meeting_in_scope.to_change(uow.session, principal, meeting_id, expected_version)
        state = rules.cancel(state_of(meeting), body.reason)
        meeting.status, meeting.cancel_reason = state.status.value, state.cancel_reason
        await uow.session.flush()
        publish(
            uow,
            MeetingCancelled(
                **facts_of(meeting),
                reason=state.cancel_reason or "",
            ),
            meeting,
        )
        return await commit_change(uow, meeting, "meeting.cancelled", MeetingOut, {"reason": state.cancel_reason})


def _apply_material_flags(meeting: Meeting, notice_sent: datetime) -> frozenset[flags.MeetingFlag]:
    sent = [datetime.fromisoformat(m["sent_at"]) for m in meeting.materials]
    materials_on = local(max(sent)).date() if sent else None
    found = flags.notice_flags(
        meeting.meeting_date,
        local(notice_sent).date(),
        materials_on,
        min_lead_days=policies.NOTICE_MIN_LEAD_DAYS.at(meeting.meeting_date),
    )
    meeting.notice_late = flags.MeetingFlag.NOTICE_LATE in found
    meeting.materials_late = flags.MeetingFlag.MATERIALS_LATE in found
    return found


async def notify_meeting(
    db: Database,
    ctx: Context,
    principal: Principal,
    meeting_id: str,
    body: Notice,
    expected_version: int | None,
    now: datetime,
) -> MeetingOut:
    """Record the notice (time, place, agenda) sent to the branch's members and to its superior committee.

    A notice or materials later than the policy's lead time is flagged, not refused: the meeting still happens.
    """
    async with db.uow(ctx) as uow:
        meeting = await meeting_in_scope.to_change(uow.session, principal, meeting_id, expected_version)
        state = rules.notify(state_of(meeting))
        notified_at = body.notified_at or now
        node = await orgtree.get_node(uow.session, meeting.org_id)
        assert node is not None
        meeting.status, meeting.place, meeting.agenda = state.status.value, body.place, list(body.agenda)
        meeting.notified_at = notified_at
        if body.materials:
            meeting.materials = [*meeting.materials, *(m.model_dump(mode="json") for m in body.materials)]
        found = _apply_material_flags(meeting, notified_at)
        roster = await branch_roster(uow.session, meeting.org_id, meeting.meeting_date)
        await uow.session.flush()
        recipients = sorted(roster.expected | roster.exempt)
        if node.parent_id:
            recipients.append(node.parent_id)
        publish(uow, _notified(meeting, notified_at, node.parent_id, recipients), meeting, node.path)
        after = {**body.model_dump(mode="json"), "flags": sorted(found)}
        return await commit_change(uow, meeting, "meeting.notified", MeetingOut, after)


def _notified(
    meeting: Meeting, notified_at: datetime, superior_org_id: str | None, recipients: list[str]
) -> MeetingNotified:
    return MeetingNotified(
        **facts_of(meeting),
        starts_at=meeting.starts_at,
        place=meeting.place,
        agenda=list(meeting.agenda),
        notified_at=notified_at,
        late=meeting.notice_late,
        materials_count=len(meeting.materials),
        materials_late=meeting.materials_late,
        materials_missing=not meeting.materials,
        superior_org_id=superior_org_id,
        recipients=recipients,
    )


async def add_materials(
    db: Database, ctx: Context, principal: Principal, meeting_id: str, body: MaterialsAdd, expected_version: int | None
) -> MeetingOut:
    """Attach materials (metadata and links); sent later than the lead time before the meeting is flagged."""
    async with db.uow(ctx) as uow:
        meeting = await meeting_in_scope.to_change(uow.session, principal, meeting_id, expected_version)
        if meeting.status in (rules.MeetingStatus.HELD, rules.MeetingStatus.CANCELLED):
            raise InvalidTransition(f"meeting.already_{meeting.status}")
        meeting.materials = [*meeting.materials, *(m.model_dump(mode="json") for m in body.materials)]
        if meeting.notified_at is not None:
            _apply_material_flags(meeting, meeting.notified_at)
        await uow.session.flush()
        return await commit_change(uow, meeting, "meeting.materials_added", MeetingOut, body.model_dump(mode="json"))
