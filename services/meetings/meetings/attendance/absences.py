"""Absence rules that act: repeated absences raise an alert that membership shows as "to review for removal".

Quy định 232-QĐ/TW (2025, replacing 24-QĐ/TW 2021) removes from the rolls a member who misses party meetings 3
months in a year without valid reason; the branch also reviews a member absent (for any reason) more than 3
consecutive regular meetings. Nothing here removes anyone: membership decides.

Choices, stated once:
- only *regular* meetings count (a combined meeting is one); thematic-only meetings neither extend nor break a
  streak, because the rules speak of the monthly meeting;
- a meeting where the member was not expected (exempt or temporarily away, ``mark is None``) neither extends
  nor breaks a streak: the exemption pauses the count, so absences before and after a short temporary
  transfer are still consecutive meetings the member was expected at;
- consecutive absences run across New Year; months without a valid reason are counted per calendar year;
- an alert is identified by ``(member_id, rule, first_meeting_on)``: as a streak grows its count rises but its
  identity stays, so the caller raises one event per streak and may update it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from meetings.attendance.rules import Mark
from meetings.schedules.rules import MeetingKind


@dataclass(frozen=True)
class AttendanceRecord:
    """One member at one held meeting; ``mark`` is ``None`` when the member was not expected there."""

    meeting_on: date
    kind: MeetingKind
    member_id: str
    mark: Mark | None


class AbsenceRule(StrEnum):
    CONSECUTIVE_ABSENCES = "consecutive_absences"
    UNEXCUSED_MONTHS = "unexcused_months_in_year"


@dataclass(frozen=True, order=True)
class AbsenceAlert:
    """``count`` is meetings in a row (consecutive rule) or distinct months (unexcused rule)."""

    member_id: str
    rule: AbsenceRule
    first_meeting_on: date
    last_meeting_on: date
    count: int


def _counted_by_member(history: Iterable[AttendanceRecord]) -> dict[str, list[AttendanceRecord]]:
    """Regular meetings where each member was expected, in date order."""
    by_member: dict[str, list[AttendanceRecord]] = defaultdict(list)
    for record in history:
        if record.kind.counts_as_regular and record.mark is not None:
            by_member[record.member_id].append(record)
    for records in by_member.values():
        records.sort(key=lambda r: r.meeting_on)
    return by_member


def _absence_runs(records: list[AttendanceRecord]) -> list[list[date]]:
    runs: list[list[date]] = []
    current: list[date] = []
    for record in records:
        if record.mark is not None and record.mark.is_absence:
            current.append(record.meeting_on)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _unexcused_by_year(records: list[AttendanceRecord]) -> dict[int, list[date]]:
    years: dict[int, list[date]] = defaultdict(list)
    for record in records:
        if record.mark is Mark.UNEXCUSED:
            years[record.meeting_on.year].append(record.meeting_on)
    return years


def absence_alerts(
    history: Iterable[AttendanceRecord], *, streak_limit: int, unexcused_months_threshold: int
) -> list[AbsenceAlert]:
    """Every streak of more than ``streak_limit`` consecutive absences, and every calendar year in which a
    member was absent without reason in at least ``unexcused_months_threshold`` distinct months."""
    alerts: list[AbsenceAlert] = []
    for member, records in _counted_by_member(history).items():
        for run in _absence_runs(records):
            if len(run) > streak_limit:
                alerts.append(AbsenceAlert(member, AbsenceRule.CONSECUTIVE_ABSENCES, run[0], run[-1], len(run)))
        for days in _unexcused_by_year(records).values():
            months = len({day.month for day in days})
            if months >= unexcused_months_threshold:
                alerts.append(AbsenceAlert(member, AbsenceRule.UNEXCUSED_MONTHS, days[0], days[-1], months))
    return sorted(alerts)


def absence_streaks_as_of(history: Iterable[AttendanceRecord], on: date) -> dict[str, int]:
    """Each member's run of consecutive absences ending at their last counted meeting on or before ``on``,
    within ``on``'s calendar year: the "in a year" of the good-meeting test. A member present last has 0."""
    in_year = (r for r in history if r.meeting_on.year == on.year and r.meeting_on <= on)
    streaks: dict[str, int] = {}
    for member, records in _counted_by_member(in_year).items():
        length = 0
        for record in reversed(records):
            if record.mark is None or not record.mark.is_absence:
                break
            length += 1
        streaks[member] = length
    return streaks
