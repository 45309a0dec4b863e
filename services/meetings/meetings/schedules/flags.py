"""Flags on a meeting's notice and duration: recorded facts that a report shows, never refusals.

Hướng dẫn 12-HD/BTCTW (2018), renewed by Hướng dẫn 42-HD/BTCTW (2025): materials reach members at least a day
before the meeting; a meeting lasts at least 90 minutes, 120 when the regular and thematic meetings are
combined. A late notice or a short meeting still happened, so the record keeps it and flags it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from meetings.schedules.rules import MeetingKind
from shared.dateorder import check_order


class MeetingFlag(StrEnum):
    NOTICE_LATE = "notice_late"
    MATERIALS_LATE = "materials_late"
    MATERIALS_MISSING = "materials_missing"
    TOO_SHORT = "too_short"


def _late(meeting_on: date, sent_on: date, min_lead_days: int) -> bool:
    return (meeting_on - sent_on).days < min_lead_days


def notice_flags(
    meeting_on: date, notice_sent_on: date, materials_sent_on: date | None, *, min_lead_days: int
) -> frozenset[MeetingFlag]:
    """Flags (not refusals) for a notice or materials sent fewer than ``min_lead_days`` calendar days before.

    With one day, a notice on the eve of the meeting is on time and one on the day itself is late. Dates are
    local calendar dates (Asia/Ho_Chi_Minh), as the guidance counts days, not hours. No materials at all is
    flagged too: the district targets require every meeting to have materials.
    """
    flags = set[MeetingFlag]()
    if _late(meeting_on, notice_sent_on, min_lead_days):
        flags.add(MeetingFlag.NOTICE_LATE)
    if materials_sent_on is None:
        flags.add(MeetingFlag.MATERIALS_MISSING)
    elif _late(meeting_on, materials_sent_on, min_lead_days):
        flags.add(MeetingFlag.MATERIALS_LATE)
    return frozenset(flags)


@dataclass(frozen=True)
class DurationCheck:
    minutes: int
    required_minutes: int
    too_short: bool

    @property
    def flags(self) -> frozenset[MeetingFlag]:
        return frozenset({MeetingFlag.TOO_SHORT}) if self.too_short else frozenset()


def required_minutes(kind: MeetingKind, *, min_minutes: int, min_combined_minutes: int) -> int:
    return min_combined_minutes if kind is MeetingKind.COMBINED else min_minutes


def check_duration(
    kind: MeetingKind,
    started_at: datetime,
    ended_at: datetime,
    *,
    min_minutes: int,
    min_combined_minutes: int,
) -> DurationCheck:
    """Flag a meeting shorter than the minimum (exactly the minimum passes; 89 min 59 s does not).

    A short meeting is recorded as held and flagged, not refused: the record must show what happened.
    """
    check_order(
        "meeting.end_not_after_start", field="ended_at", same_allowed=False, started_at=started_at, ended_at=ended_at
    )
    needed = required_minutes(kind, min_minutes=min_minutes, min_combined_minutes=min_combined_minutes)
    length = ended_at - started_at
    return DurationCheck(length // timedelta(minutes=1), needed, length < timedelta(minutes=needed))
