"""Recording a held meeting: times, attendance of every member on the roster that day, guests, the superior
committee's attendees, minutes and resolutions; then the absence rules that act."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.attendance import absences
from meetings.attendance import policies as attendance_policies
from meetings.attendance.models import AttendanceMarkRow, HeldRecord, RaisedAlert, Resolution
from meetings.attendance.rules import (
    AttendanceCount,
    AttendanceMark,
    Mark,
    Roster,
    check_good_meeting,
    validate_attendance,
)
from meetings.common import commit_change, local
from meetings.events import MeetingHeld, MemberAbsenceThresholdReached, ResolutionAdopted
from meetings.roster.queries import branch_roster, never_in, roster_known
from meetings.schedules import flags
from meetings.schedules import policies as schedule_policies
from meetings.schedules.commands import facts_of, publish, state_of
from meetings.schedules.models import Meeting, MeetingOut
from meetings.schedules.queries import meeting_in_scope
from meetings.schedules.rules import MeetingKind, record_held
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import RuleViolation
from shared.eventfacts import facts_from
from shared.freshness import NotInCopy


def _check_times(meeting: Meeting, body: HeldRecord, now: datetime) -> flags.DurationCheck:
    duration = flags.check_duration(
        MeetingKind(meeting.kind),
        body.started_at,
        body.ended_at,
        min_minutes=schedule_policies.MIN_DURATION_MINUTES.at(meeting.meeting_date),
        min_combined_minutes=schedule_policies.MIN_DURATION_COMBINED_MINUTES.at(meeting.meeting_date),
    )
    if body.ended_at > now:
        raise RuleViolation("meeting.held_in_future", field="ended_at", ended_at=body.ended_at.isoformat())
    if local(body.started_at).date() != meeting.meeting_date:
        raise RuleViolation(
            "meeting.start_far_from_date",
            field="started_at",
            started_at=body.started_at.isoformat(),
            meeting_date=meeting.meeting_date.isoformat(),
        )
    return duration


def _check_superiors(node: orgtree.OrgNode, body: HeldRecord) -> None:
    """Superior attendees come from a committee above the branch (its own members are marked, not listed)."""
    above = set(node.ancestor_ids)
    for index, attendee in enumerate(body.superior_attendees):
        if attendee.committee_org_id not in above:
            raise RuleViolation(
                "attendance.superior_not_above",
                field=f"superior_attendees[{index}].committee_org_id",
                committee_org_id=attendee.committee_org_id,
            )


MEMBER_REGISTERED = "vn.party.membership.member.registered.v1"


async def _roster_as_copied(session: AsyncSession, meeting: Meeting, body: HeldRecord) -> Roster:
    """The roster on the meeting's day as this service's copy of membership knows it. A branch without any
    member yet, or a marked member the copy has never placed in the branch, may simply not have arrived: while
    the member consumer lags that is 404 ``copy.not_known_yet`` (retry shortly), once caught up the rule's own
    422 (a wrong id, or a member who never stood in this branch)."""
    roster = await branch_roster(session, meeting.org_id, meeting.meeting_date)
    if not roster.expected and not await roster_known(session, meeting.org_id):
        refusal = RuleViolation("attendance.roster_unknown", field="marks", org_id=meeting.org_id)
        raise NotInCopy(
            refusal.code, record="roster", id=meeting.org_id, fed_by=MEMBER_REGISTERED, field="marks", otherwise=refusal
        )
    listed = roster.expected | roster.exempt | roster.temporarily_away
    stranger = next(((i, m.member_id) for i, m in enumerate(body.marks) if m.member_id not in listed), None)
    if stranger is not None and await never_in(session, meeting.org_id, [stranger[1]]):
        index, member_id = stranger
        field = f"marks[{index}].member_id"
        refusal = RuleViolation("attendance.unknown_member", field=field, member_id=member_id)
        raise NotInCopy(
            refusal.code, record="member", id=member_id, fed_by=MEMBER_REGISTERED, field=field, otherwise=refusal
        )
    return roster


async def record_meeting(
    db: Database,
    ctx: Context,
    principal: Principal,
    meeting_id: str,
    body: HeldRecord,
    expected_version: int | None,
    now: datetime,
) -> MeetingOut:
    async with db.uow(ctx) as uow:
        meeting = await meeting_in_scope.to_change(uow.session, principal, meeting_id, expected_version)
        state = record_held(state_of(meeting))
        duration = _check_times(meeting, body, now)
        node = await orgtree.get_node(uow.session, meeting.org_id)
        assert node is not None
        _check_superiors(node, body)
        roster = await _roster_as_copied(uow.session, meeting, body)
        count = validate_attendance(roster, [AttendanceMark(m.member_id, m.mark, m.reason) for m in body.marks])
        marks = _mark_rows(meeting, body)
        history, spans = await _attendance_history(uow, marks)
        _fill_held(meeting, state.status.value, body, duration, count)
        meeting.good_meeting = _good_meeting(meeting, count, history)
        resolutions = _resolution_rows(meeting, body)
        uow.session.add_all([*marks, *resolutions])
        await uow.session.flush()
        _publish_held(uow, meeting, count, node.path, resolutions)
        await raise_absence_alerts(uow, meeting, history, spans, node.path)
        after = {**asdict(count), "duration_minutes": duration.minutes}
        return await commit_change(uow, meeting, "meeting.held", MeetingOut, after)


def _mark_rows(meeting: Meeting, body: HeldRecord) -> list[AttendanceMarkRow]:
    return [
        AttendanceMarkRow(
            meeting_id=meeting.id,
            member_id=m.member_id,
            org_id=meeting.org_id,
            meeting_date=meeting.meeting_date,
            kind=meeting.kind,
            mark=m.mark.value,
            reason=(m.reason or None) if m.mark is not Mark.PRESENT else None,
        )
        for m in body.marks
    ]


def _resolution_rows(meeting: Meeting, body: HeldRecord) -> list[Resolution]:
    return [
        Resolution(
            id=str(uuid.uuid4()),
            meeting_id=meeting.id,
            org_id=meeting.org_id,
            adopted_on=meeting.meeting_date,
            **r.model_dump(),
        )
        for r in body.resolutions
    ]


def _fill_held(
    meeting: Meeting, status: str, body: HeldRecord, duration: flags.DurationCheck, count: AttendanceCount
) -> None:
    meeting.status = status
    meeting.started_at, meeting.ended_at = body.started_at, body.ended_at
    meeting.duration_minutes, meeting.duration_short = duration.minutes, duration.too_short
    meeting.expected, meeting.present = count.expected, count.present
    meeting.excused, meeting.unexcused = count.excused, count.unexcused
    meeting.guests = [g.model_dump(mode="json") for g in body.guests]
    meeting.superior_attendees = [a.model_dump(mode="json") for a in body.superior_attendees]
    meeting.minutes = body.minutes


_COUNTED_FOR_HELD = (
    "attendance_rate",
    "guests",
    "superior_present",
    "superior_attendees",
    "resolutions",
    "materials_missing",
)
"""The fields of ``meeting.held`` counted when it is published; the others are the meeting row's own."""


def _publish_held(
    uow: UnitOfWork, meeting: Meeting, count: AttendanceCount, path: str, resolutions: list[Resolution]
) -> None:
    """``meeting.held`` with what the row recorded (times, duration, counts, flags) and what is counted from it."""
    rate = count.rate
    held = MeetingHeld(
        **facts_of(meeting, MeetingHeld, leave=_COUNTED_FOR_HELD),
        attendance_rate=None if rate is None else float(rate),
        guests=len(meeting.guests),
        superior_present=bool(meeting.superior_attendees),
        superior_attendees=len(meeting.superior_attendees),
        resolutions=len(resolutions),
        materials_missing=not meeting.materials,
    )
    publish(uow, held, meeting, path)
    for resolution in resolutions:
        facts = facts_from(
            resolution, ResolutionAdopted, leave=("kind",), resolution_id="id", effective_date="adopted_on"
        )
        uow.publish(
            ResolutionAdopted(**facts, kind=meeting.kind),
            subject=f"resolution/{resolution.id}",
            aggregate_id=f"meeting:{meeting.id}",
            orgpath=path,
        )


Spans = dict[tuple[str, date], str]


async def _attendance_history(
    uow: UnitOfWork,
    marks: list[AttendanceMarkRow],
) -> tuple[list[absences.AttendanceRecord], Spans]:
    """Every recorded mark of these members (in any branch) plus the ones being recorded, and the regular
    meeting behind each date (read before the new marks are written, so the meeting is updated once)."""
    if not marks:
        return [], {}
    a = AttendanceMarkRow
    stored = (
        await uow.session.execute(
            select(a.member_id, a.meeting_date, a.kind, a.mark, a.meeting_id).where(
                a.member_id.in_([m.member_id for m in marks])
            )
        )
    ).all()
    rows: list[Any] = [*stored, *marks]
    history = [absences.AttendanceRecord(r.meeting_date, MeetingKind(r.kind), r.member_id, Mark(r.mark)) for r in rows]
    return history, {(r.member_id, r.meeting_date): r.meeting_id for r in rows if MeetingKind(r.kind).counts_as_regular}


def _good_meeting(meeting: Meeting, count: AttendanceCount, history: list[absences.AttendanceRecord]) -> bool:
    """The attendance test of a good meeting (Hướng dẫn 12-HD/BTCTW): above 85% present, nobody unexcused,
    and no member expected that day absent more than 3 consecutive times in the year."""
    on = meeting.meeting_date
    streaks = absences.absence_streaks_as_of(history, on)
    check = check_good_meeting(
        count,
        max(streaks.values(), default=0),
        min_attendance_percent=attendance_policies.GOOD_MEETING_MIN_ATTENDANCE_PERCENT.at(on),
        max_consecutive_absences=attendance_policies.GOOD_MEETING_MAX_CONSECUTIVE_ABSENCES.at(on),
    )
    return check.good


async def raise_absence_alerts(
    uow: UnitOfWork, meeting: Meeting, history: list[absences.AttendanceRecord], spans: Spans, path: str
) -> None:
    """Publish each absence alert of these members not raised before (one per streak, or per year)."""
    on = meeting.meeting_date
    alerts = absences.absence_alerts(
        history,
        streak_limit=attendance_policies.ABSENCE_STREAK_LIMIT.at(on),
        unexcused_months_threshold=attendance_policies.UNEXCUSED_MONTHS_THRESHOLD.at(on),
    )
    for alert in alerts:
        key = _alert_key(alert)
        inserted = (
            await uow.session.execute(
                pg_insert(RaisedAlert)
                .values(
                    member_id=alert.member_id,
                    org_id=meeting.org_id,
                    rule=alert.rule.value,
                    alert_key=key,
                    count=alert.count,
                    first_date=alert.first_meeting_on,
                    last_date=alert.last_meeting_on,
                )
                .on_conflict_do_nothing()
                .returning(RaisedAlert.id)
            )
        ).first()
        if inserted is None:
            continue
        spanned = sorted(
            mid
            for (member, day), mid in spans.items()
            if member == alert.member_id and alert.first_meeting_on <= day <= alert.last_meeting_on
        )
        uow.publish(
            MemberAbsenceThresholdReached(
                member_id=alert.member_id,
                org_id=meeting.org_id,
                rule=alert.rule.value,
                count=alert.count,
                first_date=alert.first_meeting_on,
                last_date=alert.last_meeting_on,
                year=alert.last_meeting_on.year,
                meeting_ids=spanned,
                effective_date=alert.last_meeting_on,
            ),
            subject=f"member/{alert.member_id}",
            aggregate_id=f"member:{alert.member_id}",
            orgpath=path,
        )


def _alert_key(alert: absences.AbsenceAlert) -> str:
    if alert.rule is absences.AbsenceRule.UNEXCUSED_MONTHS:
        return str(alert.first_meeting_on.year)
    return alert.first_meeting_on.isoformat()
