"""Absence rules that act: consecutive absences (across New Year) and unexcused months per calendar year."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from meetings.attendance.absences import (
    AbsenceAlert,
    AbsenceRule,
    AttendanceRecord,
    absence_alerts,
    absence_streaks_as_of,
)
from meetings.attendance.policies import ABSENCE_STREAK_LIMIT, UNEXCUSED_MONTHS_THRESHOLD
from meetings.attendance.rules import Mark
from meetings.schedules.rules import MeetingKind

P, E, U = Mark.PRESENT, Mark.EXCUSED, Mark.UNEXCUSED
REGULAR, THEMATIC, COMBINED = MeetingKind.REGULAR, MeetingKind.THEMATIC, MeetingKind.COMBINED
LIMIT = ABSENCE_STREAK_LIMIT.at(date(2026, 1, 1))
MONTHS = UNEXCUSED_MONTHS_THRESHOLD.at(date(2026, 1, 1))
CONSECUTIVE, UNEXCUSED_MONTHS = AbsenceRule.CONSECUTIVE_ABSENCES, AbsenceRule.UNEXCUSED_MONTHS


def monthly(member: str, year: int, first_month: int, marks: list[Mark | None]) -> list[AttendanceRecord]:
    """Regular meetings on the 5th of consecutive months from ``first_month`` (rolling into the next year)."""
    records = []
    for offset, mark in enumerate(marks):
        month_index = first_month - 1 + offset
        on = date(year + month_index // 12, month_index % 12 + 1, 5)
        records.append(AttendanceRecord(on, REGULAR, member, mark))
    return records


def alerts(history: list[AttendanceRecord]) -> list[AbsenceAlert]:
    return absence_alerts(history, streak_limit=LIMIT, unexcused_months_threshold=MONTHS)


def test_policy_values() -> None:
    assert (LIMIT, MONTHS) == (3, 3)
    assert "232-QĐ/TW" in UNEXCUSED_MONTHS_THRESHOLD.version_at(date(2026, 1, 1)).source
    assert "24-QĐ/TW" in UNEXCUSED_MONTHS_THRESHOLD.version_at(date(2024, 12, 31)).source


# --- consecutive absences -------------------------------------------------------------------------------


def test_three_consecutive_excused_absences_raise_nothing() -> None:
    assert alerts(monthly("an", 2026, 1, [P, E, E, E, P])) == []


def test_four_consecutive_absences_for_any_reason_raise_an_alert() -> None:
    assert alerts(monthly("an", 2026, 1, [P, E, U, E, E, P])) == [
        AbsenceAlert("an", CONSECUTIVE, date(2026, 2, 5), date(2026, 5, 5), 4)
    ]


def test_streak_across_new_year_is_one_streak() -> None:
    history = monthly("an", 2025, 11, [E, E, E, E, P])  # Nov, Dec 2025, Jan, Feb 2026
    assert alerts(history) == [AbsenceAlert("an", CONSECUTIVE, date(2025, 11, 5), date(2026, 2, 5), 4)]


def test_streak_still_running_is_reported_with_its_length_so_far() -> None:
    assert alerts(monthly("an", 2026, 6, [E, E, E, E, E, E])) == [
        AbsenceAlert("an", CONSECUTIVE, date(2026, 6, 5), date(2026, 11, 5), 6)
    ]


def test_streak_identity_stays_while_it_grows() -> None:
    four = alerts(monthly("an", 2026, 1, [E, E, E, E]))
    five = alerts(monthly("an", 2026, 1, [E, E, E, E, E]))
    assert (four[0].member_id, four[0].rule, four[0].first_meeting_on) == (
        five[0].member_id,
        five[0].rule,
        five[0].first_meeting_on,
    )
    assert (four[0].count, five[0].count) == (4, 5)


def test_each_broken_streak_raises_its_own_alert() -> None:
    history = monthly("an", 2026, 1, [E, E, E, E, P, E, E, E, E])
    assert [(a.first_meeting_on.month, a.count) for a in alerts(history)] == [(1, 4), (6, 4)]


def test_meetings_where_the_member_was_not_expected_neither_break_nor_extend_a_streak() -> None:
    history = monthly("an", 2026, 1, [E, E, None, None, E, P, E, None, E])
    assert alerts(history) == []  # runs of 3 (Jan, Feb, May) and 2 (Jul, Sep): neither exceeds 3


def test_exempt_months_inside_a_streak_do_not_reset_it() -> None:
    history = monthly("an", 2026, 1, [E, E, None, None, E, E, P])
    assert alerts(history) == [AbsenceAlert("an", CONSECUTIVE, date(2026, 1, 5), date(2026, 6, 5), 4)]


def test_thematic_meetings_neither_break_nor_extend_a_streak() -> None:
    history = [
        *monthly("an", 2026, 1, [E, E, E, E]),
        AttendanceRecord(date(2026, 2, 20), THEMATIC, "an", P),
        AttendanceRecord(date(2026, 3, 20), THEMATIC, "an", U),
    ]
    assert alerts(history) == [AbsenceAlert("an", CONSECUTIVE, date(2026, 1, 5), date(2026, 4, 5), 4)]


def test_combined_meetings_count_as_regular() -> None:
    history = [
        *monthly("an", 2026, 1, [E, E, E]),
        AttendanceRecord(date(2026, 4, 5), COMBINED, "an", E),
    ]
    assert alerts(history)[0].count == 4


def test_history_order_does_not_matter() -> None:
    history = monthly("an", 2025, 10, [P, E, E, E, E, P])
    assert alerts(list(reversed(history))) == alerts(history)


def test_members_are_counted_separately() -> None:
    history = [*monthly("an", 2026, 1, [E, E, E, E]), *monthly("binh", 2026, 1, [E, P, E, E])]
    assert [a.member_id for a in alerts(history)] == ["an"]


# --- unexcused months in a calendar year ----------------------------------------------------------------


def test_unexcused_absence_in_three_months_of_a_year_raises_an_alert() -> None:
    history = monthly("an", 2026, 1, [U, P, P, U, P, P, P, P, P, P, U, P])
    assert alerts(history) == [AbsenceAlert("an", UNEXCUSED_MONTHS, date(2026, 1, 5), date(2026, 11, 5), 3)]


def test_unexcused_absence_in_two_months_raises_nothing() -> None:
    assert alerts(monthly("an", 2026, 1, [U, P, P, U, P, P])) == []


def test_unexcused_months_are_counted_per_calendar_year() -> None:
    history = monthly("an", 2025, 11, [U, U, P, U, P])  # Nov, Dec 2025 and Feb 2026
    assert alerts(history) == []


def test_two_unexcused_absences_in_one_month_count_as_one_month() -> None:
    history = [
        *monthly("an", 2026, 1, [U, U, P]),
        AttendanceRecord(date(2026, 2, 25), REGULAR, "an", U),
    ]
    assert alerts(history) == []


def test_excused_absences_do_not_count_as_unexcused_months() -> None:
    assert alerts(monthly("an", 2026, 1, [U, P, E, P, E, P, U, P])) == []


def test_unexcused_absences_at_thematic_meetings_do_not_count() -> None:
    history = [
        *monthly("an", 2026, 1, [U, P, U, P]),
        AttendanceRecord(date(2026, 6, 20), THEMATIC, "an", U),
    ]
    assert alerts(history) == []


def test_four_consecutive_unexcused_absences_raise_both_alerts() -> None:
    assert alerts(monthly("an", 2026, 3, [U, U, U, U])) == [
        AbsenceAlert("an", CONSECUTIVE, date(2026, 3, 5), date(2026, 6, 5), 4),
        AbsenceAlert("an", UNEXCUSED_MONTHS, date(2026, 3, 5), date(2026, 6, 5), 4),
    ]


def test_each_year_with_three_unexcused_months_raises_its_own_alert() -> None:
    history = [*monthly("an", 2025, 1, [U, P, U, P, U]), *monthly("an", 2026, 1, [U, P, U, P, U])]
    assert [(a.first_meeting_on.year, a.count) for a in alerts(history)] == [(2025, 3), (2026, 3)]


# --- streak as of a meeting (the good-meeting test) ------------------------------------------------------


def test_current_streak_counts_back_from_the_meeting() -> None:
    history = [*monthly("an", 2026, 1, [P, E, E, E]), *monthly("binh", 2026, 1, [E, E, E, P])]
    assert absence_streaks_as_of(history, date(2026, 4, 5)) == {"an": 3, "binh": 0}
    assert absence_streaks_as_of(history, date(2026, 3, 5)) == {"an": 2, "binh": 3}


def test_current_streak_for_the_good_meeting_test_stays_within_the_year() -> None:
    history = monthly("an", 2025, 11, [E, E, E, E])  # Nov, Dec 2025, Jan, Feb 2026
    assert absence_streaks_as_of(history, date(2026, 2, 5)) == {"an": 2}


def test_current_streak_skips_meetings_where_the_member_was_not_expected() -> None:
    history = monthly("an", 2026, 1, [E, None, E, None])
    assert absence_streaks_as_of(history, date(2026, 4, 30)) == {"an": 2}


def test_current_streak_ignores_later_meetings() -> None:
    history = monthly("an", 2026, 1, [E, E, P, E])
    assert absence_streaks_as_of(history, date(2026, 2, 10)) == {"an": 2}


# --- properties -----------------------------------------------------------------------------------------

marks = st.lists(st.sampled_from([P, E, U]), max_size=30)


def longest_run(values: list[Mark]) -> int:
    best = run = 0
    for mark in values:
        run = run + 1 if mark is not P else 0
        best = max(best, run)
    return best


@given(marks)
def test_a_streak_alert_exists_exactly_when_the_longest_run_exceeds_the_limit(values: list[Mark]) -> None:
    streaks = [a for a in alerts(monthly("an", 2026, 1, list(values))) if a.rule is CONSECUTIVE]
    assert bool(streaks) == (longest_run(values) > LIMIT)
    assert max((a.count for a in streaks), default=0) == (longest_run(values) if streaks else 0)


@given(marks, st.lists(st.integers(0, 30), max_size=10))
def test_meetings_not_expected_at_change_nothing(values: list[Mark], gaps: list[int]) -> None:
    padded: list[Mark | None] = list(values)
    for position in sorted(gaps, reverse=True):
        padded.insert(min(position, len(padded)), None)
    expected = [(a.rule, a.count) for a in alerts(monthly("an", 2026, 1, list(values)))]
    got = [(a.rule, a.count) for a in alerts(monthly("an", 2026, 1, padded))]
    streaks_only = [item for item in expected if item[0] is CONSECUTIVE]
    assert [item for item in got if item[0] is CONSECUTIVE] == streaks_only
