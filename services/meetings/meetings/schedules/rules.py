"""Pure rules for planning, notifying, rescheduling, cancelling and timing branch meetings.

Hướng dẫn 12-HD/BTCTW (2018), Chỉ thị 50-CT/TW and Hướng dẫn 42-HD/BTCTW (2025): a branch meets every month
(regular meeting), holds a thematic meeting at least once a quarter (it does not replace the monthly one, but
the two may be held together as a *combined* meeting), notifies members and the superior committee ahead of
time, and meets for at least 90 minutes (120 when combined; see ``flags.py``). Values come in as parameters.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo
from enum import StrEnum

from shared.errors import InvalidTransition, RuleViolation

QUARTERS = (1, 2, 3, 4)


class MeetingKind(StrEnum):
    REGULAR = "regular"
    THEMATIC = "thematic"
    COMBINED = "combined"

    @property
    def counts_as_regular(self) -> bool:
        """A combined meeting is also the month's regular meeting."""
        return self in (MeetingKind.REGULAR, MeetingKind.COMBINED)

    @property
    def counts_as_thematic(self) -> bool:
        """A combined meeting is also the quarter's thematic meeting."""
        return self in (MeetingKind.THEMATIC, MeetingKind.COMBINED)


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    NOTIFIED = "notified"
    HELD = "held"
    CANCELLED = "cancelled"


# --- planning a year of regular meetings -------------------------------------------------------------------


@dataclass(frozen=True)
class NthWeekday:
    """ "The first Tuesday", "the last Friday": many branches fix the meeting to a weekday, not a day number.

    ``weekday`` is 0 (Monday) to 6 (Sunday); ``nth`` is 1 to 4, or -1 for the last one in the month.
    """

    weekday: int
    nth: int

    def in_month(self, year: int, month: int) -> date:
        days = [
            day
            for day in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, day).weekday() == self.weekday
        ]
        return date(year, month, days[-1] if self.nth == -1 else days[self.nth - 1])


MonthlyRule = int | NthWeekday
"""A day of the month (1–31, clamped to the month's last day) or an ``NthWeekday``."""


@dataclass(frozen=True)
class PlannedMeeting:
    """A meeting proposed by a plan: a local date and wall-clock time (the caller adds the branch's zone)."""

    kind: MeetingKind
    on: date
    at: time

    def starts_at(self, zone: tzinfo) -> datetime:
        return datetime.combine(self.on, self.at, tzinfo=zone)


def meeting_day(year: int, month: int, rule: MonthlyRule) -> date:
    """The day ``rule`` gives in a month.

    A day number past the month's end is clamped to its last day (31 → 30 April, 28 or 29 February) rather
    than skipped or moved into the next month, because the guidance requires one regular meeting *in every
    month*: a branch that meets "on the 31st" still meets in February.
    """
    if isinstance(rule, NthWeekday):
        return rule.in_month(year, month)
    return date(year, month, min(rule, calendar.monthrange(year, month)[1]))


def _check_rule(rule: MonthlyRule) -> None:
    if isinstance(rule, NthWeekday):
        if not 0 <= rule.weekday <= 6:
            raise RuleViolation("meeting.plan_weekday_invalid", field="rule.weekday", weekday=rule.weekday)
        if rule.nth not in (-1, 1, 2, 3, 4):
            raise RuleViolation("meeting.plan_nth_invalid", field="rule.nth", nth=rule.nth)
    elif not 1 <= rule <= 31:
        raise RuleViolation("meeting.plan_day_invalid", field="rule", day=rule)


def plan_regular_meetings(
    year: int, rule: MonthlyRule, at: time, *, not_before: date | None = None
) -> tuple[PlannedMeeting, ...]:
    """One regular meeting per month of ``year`` on the day ``rule`` gives, at ``at`` local time.

    ``not_before`` drops the months whose meeting day has passed, so a plan made in June (or for a branch
    founded in June) does not invent meetings that can no longer be held.
    """
    _check_rule(rule)
    planned = (PlannedMeeting(MeetingKind.REGULAR, meeting_day(year, month, rule), at) for month in range(1, 13))
    return tuple(p for p in planned if not_before is None or p.on >= not_before)


# --- the yearly thematic plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThematicTopic:
    """A thematic topic a branch plans for a quarter; ``planned_on`` is optional until it is scheduled."""

    quarter: int
    title: str
    planned_on: date | None = None


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def validate_thematic_plan(
    year: int, topics: Sequence[ThematicTopic], *, min_per_quarter: int
) -> tuple[ThematicTopic, ...]:
    """Refuse a yearly plan that leaves a quarter without its thematic meeting (at least one per quarter).

    Each topic is checked first (quarter 1–4, a title, a date inside its quarter) so the user fixes the row
    they typed before being told which quarters are still short.
    """
    for index, topic in enumerate(topics):
        if topic.quarter not in QUARTERS:
            raise RuleViolation(
                "meeting.thematic_quarter_invalid", field=f"topics[{index}].quarter", quarter=topic.quarter
            )
        if not topic.title.strip():
            raise RuleViolation("meeting.thematic_title_blank", field=f"topics[{index}].title")
        if topic.planned_on is not None and (
            topic.planned_on.year != year or quarter_of(topic.planned_on) != topic.quarter
        ):
            raise RuleViolation(
                "meeting.thematic_date_outside_quarter",
                field=f"topics[{index}].planned_on",
                planned_on=topic.planned_on.isoformat(),
                quarter=topic.quarter,
                year=year,
            )
    short = [q for q in QUARTERS if sum(1 for t in topics if t.quarter == q) < min_per_quarter]
    if short:
        raise RuleViolation(
            "meeting.thematic_quarter_missing",
            field="topics",
            quarters=short,
            year=year,
            minimum=min_per_quarter,
        )
    return tuple(topics)


# --- the life of a meeting: scheduled → notified → held, or cancelled -------------------------------------


@dataclass(frozen=True)
class MeetingState:
    """What the state machine needs of a meeting."""

    kind: MeetingKind
    status: MeetingStatus
    on: date
    at: time
    cancel_reason: str | None = None


_REFUSALS = {
    MeetingStatus.SCHEDULED: "meeting.not_notified",
    MeetingStatus.HELD: "meeting.already_held",
    MeetingStatus.CANCELLED: "meeting.already_cancelled",
}


def _refuse(state: MeetingState) -> InvalidTransition:
    """One code per state the meeting is stuck in, so the message tells the user what is in the way."""
    return InvalidTransition(_REFUSALS[state.status])


def notify(state: MeetingState) -> MeetingState:
    """Record that members and the superior committee were notified.

    Re-notifying a notified meeting is allowed: a correction of place or agenda is a new notice.
    """
    if state.status not in (MeetingStatus.SCHEDULED, MeetingStatus.NOTIFIED):
        raise _refuse(state)
    return replace(state, status=MeetingStatus.NOTIFIED)


def reschedule(state: MeetingState, on: date, at: time) -> MeetingState:
    """Move a meeting that has not been held yet.

    A notified meeting goes back to ``scheduled``: the notice members received names the old date, so a new
    notice must go out (and its lateness is judged against the new date).
    """
    if state.status not in (MeetingStatus.SCHEDULED, MeetingStatus.NOTIFIED):
        raise _refuse(state)
    return replace(state, status=MeetingStatus.SCHEDULED, on=on, at=at)


def record_held(state: MeetingState) -> MeetingState:
    """A meeting is held only after its notice is recorded.

    A branch that met without recording a notice records the notice it actually gave first; it is then flagged
    as late rather than the missing notice going unseen.
    """
    if state.status is not MeetingStatus.NOTIFIED:
        raise _refuse(state)
    return replace(state, status=MeetingStatus.HELD)


def cancel(state: MeetingState, reason: str) -> MeetingState:
    """Cancel a meeting not yet held; the reason is required because a missed month is reviewed by the
    superior committee, and it must know why."""
    if state.status not in (MeetingStatus.SCHEDULED, MeetingStatus.NOTIFIED):
        raise _refuse(state)
    if not reason.strip():
        raise RuleViolation("meeting.cancel_reason_required", field="reason")
    return replace(state, status=MeetingStatus.CANCELLED, cancel_reason=reason.strip())
