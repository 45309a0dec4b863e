"""Meetings' events: meetings held (attendance sums, superior presence), evaluations, cancellations,
resolutions and absence alerts. A held meeting or an evaluation replaces what the same meeting contributed
before, so a corrected record is never counted twice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from reporting.facts import store
from reporting.facts.store import Batch, EntityState, Op
from reporting.ingest.views import (
    MeetingEvaluatedView,
    MeetingHeldView,
    MeetingTargetsView,
    MeetingView,
    OrgEventView,
)
from shared.consumer import EventConsumer
from shared.db import UnitOfWork
from shared.events import Envelope

T = "vn.party.meetings"
SIMPLE_FLOWS = {
    f"{T}.meeting.cancelled.v1": "meetings.cancelled",
    f"{T}.resolution.adopted.v1": "resolutions.adopted",
    f"{T}.member.absence_threshold_reached.v1": "members.absence_alerts",
}


def register(consumer: EventConsumer) -> None:
    consumer.on(f"{T}.meeting.held.v1")(meeting_held)
    consumer.on(f"{T}.meeting.evaluated.v1")(meeting_evaluated)
    consumer.on(f"{T}.meeting.notified.v1")(meeting_notified)
    consumer.on(*SIMPLE_FLOWS)(store.counted(OrgEventView, SIMPLE_FLOWS))
    consumer.on(f"{T}.targets.set.v1")(targets_set)


def held_contribution(event: MeetingHeldView) -> dict[str, int]:
    """Counts, never rates: rates are computed from the sums at read time. A combined meeting is both a
    regular and a thematic one."""
    out = {
        "meetings.held": 1,
        f"meetings.held.{event.kind}": 1,
        "attendance.expected": event.expected,
        "attendance.present": event.present,
        "attendance.excused": event.excused,
        "attendance.unexcused": event.unexcused,
    }
    if event.kind in {"regular", "combined"}:
        out["meetings.regular_held"] = 1
    if event.kind in {"thematic", "combined"}:
        out["meetings.thematic_held"] = 1
    flags = {
        "meetings.attendance_90": event.expected > 0 and event.present * 10 >= event.expected * 9,
        "meetings.superior_attended": event.superior_present,
        "meetings.short": event.duration_short,
        "meetings.notice_late": event.notice_late,
        "meetings.materials_late": event.materials_late,
        "meetings.materials_missing": event.materials_missing,
        "meetings.with_resolution": event.resolutions > 0,
        "meetings.good": bool(event.good_meeting),
    }
    out.update({k: 1 for k, v in flags.items() if v})
    return {k: v for k, v in out.items() if v}


def evaluation_contribution(event: MeetingEvaluatedView) -> dict[str, int]:
    score = round(event.score * 100 / event.max_score * 100) if event.max_score else 0
    return {"meetings.evaluated": 1, f"meetings.grade.{event.grade}": 1, "meetings.score_x100": score}


def _replace(batch: Batch, envelope: Envelope, key: str, org_id: str, on: date, contribution: dict[str, int]) -> None:
    batch.saw(envelope.time)
    batch.ops.append(
        Op(lambda b: store.replace_entity(b, key, EntityState(org_id, on, contribution)), entity_keys=(key,))
    )


async def meeting_held(uow: UnitOfWork, envelope: Envelope) -> None:
    """Also marks the branch's month (quarter) as covered by a regular (thematic) meeting: the marker has one
    key per branch and month (quarter) and counts once, however many meetings cover it."""
    event = MeetingHeldView.model_validate(envelope.data)
    batch = store.batch_of(uow)
    on = event.effective_date
    _replace(batch, envelope, f"meeting:{event.meeting_id}:held", event.org_id, on, held_contribution(event))
    if event.kind in {"regular", "combined"}:
        _mark(batch, f"covered:regular:{event.org_id}:{on:%Y-%m}", event.org_id, on, "meetings.regular_branch_months")
    if event.kind in {"thematic", "combined"}:
        _mark(
            batch,
            f"covered:thematic:{event.org_id}:{on.year}-Q{(on.month - 1) // 3 + 1}",
            event.org_id,
            on,
            "meetings.thematic_branch_quarters",
        )


def _mark(batch: Batch, key: str, org_id: str, on: date, metric: str) -> None:
    state = EntityState(org_id, on, {metric: 1})
    batch.ops.append(Op(lambda b: store.mark_once(b, key, state), entity_keys=(key,)))


async def meeting_evaluated(uow: UnitOfWork, envelope: Envelope) -> None:
    event = MeetingEvaluatedView.model_validate(envelope.data)
    _replace(
        store.batch_of(uow),
        envelope,
        f"meeting:{event.meeting_id}:evaluation",
        event.org_id,
        event.effective_date,
        evaluation_contribution(event),
    )


async def meeting_notified(uow: UnitOfWork, envelope: Envelope) -> None:
    event = MeetingView.model_validate(envelope.data)
    late = bool(envelope.data.get("late"))
    _replace(
        store.batch_of(uow),
        envelope,
        f"meeting:{event.meeting_id}:notice",
        event.org_id,
        event.effective_date,
        {"meetings.notified": 1, **({"meetings.notified_late": 1} if late else {})},
    )


async def targets_set(uow: UnitOfWork, envelope: Envelope) -> None:
    """An organisation's own meeting targets for a year; a newer version replaces an older one, whatever order
    they arrive in (a replayed or late older version changes nothing)."""
    event = MeetingTargetsView.model_validate(envelope.data)
    store.batch_of(uow).saw(envelope.time)
    await uow.session.execute(
        text(
            "INSERT INTO meeting_targets (org_id, year, version, meetings_held_percent, attendance_percent, "
            "well_attended_percent, superior_attended_percent, resolutions_percent, materials_percent) "
            "VALUES (:org, :year, :version, :held, :attendance, :well, :superior, :resolutions, :materials) "
            "ON CONFLICT (org_id, year) DO UPDATE SET version = excluded.version, "
            "resolutions_percent = excluded.resolutions_percent, materials_percent = excluded.materials_percent, "
            "meetings_held_percent = excluded.meetings_held_percent, attendance_percent = excluded.attendance_percent, "
            "well_attended_percent = excluded.well_attended_percent, "
            "superior_attended_percent = excluded.superior_attended_percent "
            "WHERE meeting_targets.version < excluded.version"
        ),
        {
            "org": event.org_id,
            "year": event.year,
            "version": event.version,
            "held": event.meetings_held_percent,
            "attendance": event.attendance_percent,
            "well": event.well_attended_percent,
            "superior": event.superior_attended_percent,
            "resolutions": event.resolutions_percent,
            "materials": event.materials_percent,
        },
    )
