"""Pure rules for who is expected at a meeting, how attendance is recorded, and what a good meeting is.

Hướng dẫn 12-HD/BTCTW (2018): members exempted from party work and meetings (miễn công tác và sinh hoạt
đảng) do not count; a good meeting has attendance above 85%, no unexcused absence and nobody absent more
than 3 consecutive times in the year. Members temporarily away (chuyển sinh hoạt tạm thời) meet with their
host branch and are left out of the expected count here. Streaks and alerts live in ``absences.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from shared.errors import RuleViolation


class RosterStatus(StrEnum):
    ACTIVE = "active"
    EXEMPT = "exempt"
    TEMPORARILY_AWAY = "temporarily_away"
    LEFT = "left"


class Mark(StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    UNEXCUSED = "unexcused"

    @property
    def is_absence(self) -> bool:
        return self is not Mark.PRESENT


def as_percent(share: Fraction) -> Decimal:
    """``share`` × 100 rounded half-up to 2 places, computed exactly (no float or 28-digit rounding first)."""
    scaled = share * 10_000
    hundredths = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(hundredths).scaleb(-2)


# --- the roster at a date ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterInterval:
    """A member's status from ``start`` (inclusive) to ``end`` (exclusive; ``None`` while it lasts).

    Half-open intervals chain without gaps: the day a member is exempted ends the active interval and starts
    the exempt one.
    """

    member_id: str
    status: RosterStatus
    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Roster:
    """The branch's members on a date, split by whether they are expected at a meeting held that day."""

    on: date
    expected: frozenset[str]
    exempt: frozenset[str]
    temporarily_away: frozenset[str]


def roster_at(history: Iterable[RosterInterval], on: date) -> Roster:
    """Who is expected at a meeting on ``on``: the members active that day (not exempt, away or gone)."""
    status: dict[str, RosterStatus] = {}
    for interval in history:
        if not interval.covers(on):
            continue
        if interval.member_id in status:
            raise RuleViolation(
                "attendance.roster_overlap", field="roster", member_id=interval.member_id, on=on.isoformat()
            )
        status[interval.member_id] = interval.status

    def having(wanted: RosterStatus) -> frozenset[str]:
        return frozenset(member for member, s in status.items() if s is wanted)

    return Roster(on, having(RosterStatus.ACTIVE), having(RosterStatus.EXEMPT), having(RosterStatus.TEMPORARILY_AWAY))


# --- recording attendance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceMark:
    member_id: str
    mark: Mark
    reason: str | None = None


@dataclass(frozen=True)
class AttendanceCount:
    """The counts a held meeting reports; ``rate`` is exact, ``rate_percent`` is what is shown."""

    expected: int
    present: int
    excused: int
    unexcused: int

    @property
    def absent(self) -> int:
        return self.excused + self.unexcused

    @property
    def rate(self) -> Fraction | None:
        """Present over expected; ``None`` when nobody is expected (every member exempt or away)."""
        return Fraction(self.present, self.expected) if self.expected else None

    @property
    def rate_percent(self) -> Decimal | None:
        rate = self.rate
        return None if rate is None else as_percent(rate)


def _check_mark(roster: Roster, index: int, mark: AttendanceMark, seen: set[str]) -> None:
    field = f"marks[{index}]"
    member = mark.member_id
    if member in seen:
        raise RuleViolation("attendance.duplicate_mark", field=f"{field}.member_id", member_id=member)
    if member in roster.exempt:
        raise RuleViolation("attendance.member_exempt", field=f"{field}.member_id", member_id=member)
    if member in roster.temporarily_away:
        raise RuleViolation("attendance.member_away", field=f"{field}.member_id", member_id=member)
    if member not in roster.expected:
        raise RuleViolation("attendance.unknown_member", field=f"{field}.member_id", member_id=member)
    if mark.mark is Mark.EXCUSED and not (mark.reason or "").strip():
        raise RuleViolation("attendance.excused_reason_required", field=f"{field}.reason", member_id=member)


def validate_attendance(roster: Roster, marks: Sequence[AttendanceMark]) -> AttendanceCount:
    """Every expected member has exactly one mark, nobody else has one, and an excused absence has a reason.

    Exempt or temporarily-away members who come anyway are recorded as guests, not marked: a mark would put
    them back into the expected count the guidance leaves them out of.
    """
    seen: set[str] = set()
    for index, mark in enumerate(marks):
        _check_mark(roster, index, mark, seen)
        seen.add(mark.member_id)
    missing = sorted(roster.expected - seen)
    if missing:
        raise RuleViolation("attendance.marks_missing", field="marks", member_ids=missing, count=len(missing))
    tally = {kind: sum(1 for m in marks if m.mark is kind) for kind in Mark}
    return AttendanceCount(len(roster.expected), tally[Mark.PRESENT], tally[Mark.EXCUSED], tally[Mark.UNEXCUSED])


# --- a good meeting ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoodMeetingCheck:
    """Each attendance criterion of a good meeting, so a report can say which one failed."""

    attendance_above_minimum: bool
    no_unexcused_absence: bool
    longest_absence_streak: int
    streaks_within_limit: bool

    @property
    def good(self) -> bool:
        return self.attendance_above_minimum and self.no_unexcused_absence and self.streaks_within_limit


def check_good_meeting(
    count: AttendanceCount,
    longest_absence_streak: int,
    *,
    min_attendance_percent: Decimal,
    max_consecutive_absences: int,
) -> GoodMeetingCheck:
    """The attendance part of the good-meeting test (Hướng dẫn 12-HD/BTCTW).

    "Above 85%" is strict and exact: 17 of 20 (85%) is not good, 35 of 41 (85.37%) is. A meeting where nobody
    was expected cannot show attendance and is not rated good. ``longest_absence_streak`` is the longest
    current streak among the members expected, in the meeting's year (``absences.absence_streaks_as_of``).
    """
    rate = count.rate
    return GoodMeetingCheck(
        attendance_above_minimum=rate is not None and rate * 100 > Fraction(min_attendance_percent),
        no_unexcused_absence=count.unexcused == 0,
        longest_absence_streak=longest_absence_streak,
        streaks_within_limit=longest_absence_streak <= max_consecutive_absences,
    )
