"""The events meetings publishes (stream MEETINGS, subjects ``grassroots.meetings.>``).

Every payload names the organisation it happened at (``org_id``, the branch) and its ``effective_date`` (the
meeting's local date, or the date a decision took effect), so reporting can attribute it to the right node and
period. Times are RFC 3339 with their offset. Additive changes only; a breaking change is a new version
published beside this one.

Who reads what:
- reporting: meeting.held (attendance counts, superior presence, duration), meeting.cancelled,
  meeting.evaluated, resolution.adopted, plan.adopted, meeting.scheduled/rescheduled (required vs held),
  targets.set (each organisation's own targets, checked in its reports instead of the defaults);
- membership: member.absence_threshold_reached (shows the member as "to review for removal"; membership
  decides, nothing is removed automatically).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from shared.events import EventPayload, event_type
from shared.meeting_targets import TargetsFacts

SERVICE = "meetings"

MeetingKindName = Literal["regular", "thematic", "combined"]


class MeetingFacts(EventPayload):
    """What every meeting event carries: where, which meeting, what kind, and its local date."""

    org_id: str
    meeting_id: str
    kind: MeetingKindName
    date: dt.date
    effective_date: dt.date


@event_type(SERVICE, "meeting", "scheduled")
class MeetingScheduled(MeetingFacts):
    """A meeting was put on a branch's calendar (one event per meeting, also when a year is generated)."""

    starts_at: dt.datetime
    topic: str | None = None
    plan_id: str | None = None


@event_type(SERVICE, "meeting", "rescheduled")
class MeetingRescheduled(MeetingFacts):
    """A scheduled or notified meeting was moved to another date or time; ``date`` is the new local date."""

    starts_at: dt.datetime
    previous_date: dt.date
    previous_starts_at: dt.datetime
    reason: str | None = None


@event_type(SERVICE, "meeting", "notified")
class MeetingNotified(MeetingFacts):
    """The notice (time, place, agenda) went to the branch's members and to the superior committee.

    ``late`` is true when the notice was sent less than the policy's lead time (one day) before the meeting.
    ``recipients`` lists the member ids on the roster at the meeting date and the superior committee's org id.
    """

    starts_at: dt.datetime
    place: str
    agenda: list[str] = Field(default_factory=list)
    notified_at: dt.datetime
    late: bool = False
    materials_count: int = 0
    materials_late: bool = False
    materials_missing: bool = False
    superior_org_id: str | None = None
    recipients: list[str] = Field(default_factory=list)


@event_type(SERVICE, "meeting", "held")
class MeetingHeld(MeetingFacts):
    """A meeting was held and recorded: attendance counts, superior presence and duration.

    ``expected`` is the members on the roster at the meeting date, less the exempted and temporarily away;
    ``present + excused + unexcused == expected``. ``attendance_rate`` is ``present / expected`` as a fraction
    (0–1, ``None`` when nobody was expected); reporting should sum the counts rather than average the rates.
    """

    started_at: dt.datetime
    ended_at: dt.datetime
    duration_minutes: int
    duration_short: bool = False
    expected: int
    present: int
    excused: int
    unexcused: int
    attendance_rate: float | None = None
    guests: int = 0
    superior_present: bool = False
    superior_attendees: int = 0
    resolutions: int = 0
    notice_late: bool = False
    materials_late: bool = False
    materials_missing: bool = Field(False, description="No materials were attached (the targets want them always).")
    good_meeting: bool | None = Field(None, description="The attendance test of a good meeting (Hướng dẫn 12).")


@event_type(SERVICE, "meeting", "cancelled")
class MeetingCancelled(MeetingFacts):
    """A scheduled or notified meeting was cancelled, with the reason given."""

    reason: str


@event_type(SERVICE, "meeting", "evaluated")
class MeetingEvaluated(MeetingFacts):
    """The quality evaluation form of a held meeting was confirmed by the attending superior.

    ``score`` is out of ``max_score`` (100 with the default rubric); ``grade`` is the rubric's band code
    (``good``, ``fair``, ``average``, ``poor`` by default).
    """

    evaluation_id: str
    rubric_id: str
    score: float
    max_score: float = 100
    grade: str
    confirmed_by: str | None = None


@event_type(SERVICE, "resolution", "adopted")
class ResolutionAdopted(EventPayload):
    """A meeting adopted a resolution (recorded with the held meeting), with its votes."""

    org_id: str
    meeting_id: str
    resolution_id: str
    kind: MeetingKindName
    title: str
    votes_for: int
    votes_against: int
    abstentions: int = 0
    effective_date: dt.date


@event_type(SERVICE, "member", "absence_threshold_reached")
class MemberAbsenceThresholdReached(EventPayload):
    """A member crossed an absence rule: to review for removal from the rolls (membership decides).

    ``rule`` is ``consecutive_absences`` (absent for any reason from more than 3 consecutive regular meetings)
    or ``unexcused_months_in_year`` (absent without reason in 3 months of one year); ``count`` is the number that
    crossed it, ``first_date``/``last_date`` the meetings it spans. Raised once per rule and streak/year.
    """

    member_id: str
    org_id: str
    rule: Literal["consecutive_absences", "unexcused_months_in_year"]
    count: int
    first_date: dt.date
    last_date: dt.date
    year: int
    meeting_ids: list[str] = Field(default_factory=list)
    effective_date: dt.date


@event_type(SERVICE, "plan", "adopted")
class PlanAdopted(EventPayload):
    """A branch adopted (or revised) its yearly plan of thematic topics by quarter."""

    org_id: str
    plan_id: str
    year: int
    topics_per_quarter: dict[str, int] = Field(default_factory=dict)
    topics: list[str] = Field(default_factory=list)
    revision: int = 1
    effective_date: dt.date


@event_type(SERVICE, "targets", "set")
class TargetsSet(TargetsFacts, EventPayload):
    """An organisation set (or replaced) its meeting targets for a year, in percent; they apply to every branch
    below it that sets none of its own (as compliance reads them)."""

    version: int = Field(1, description="The targets row's version after this change (its ETag).")
    effective_date: dt.date
