"""The roster at a date, recorded attendance, rates and the good-meeting test."""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.attendance.policies import (
    GOOD_MEETING_MAX_CONSECUTIVE_ABSENCES,
    GOOD_MEETING_MIN_ATTENDANCE_PERCENT,
)
from meetings.attendance.rules import (
    AttendanceCount,
    AttendanceMark,
    Mark,
    Roster,
    RosterInterval,
    RosterStatus,
    as_percent,
    check_good_meeting,
    roster_at,
    validate_attendance,
)
from shared.errors import RuleViolation

ACTIVE, EXEMPT, AWAY, LEFT = (
    RosterStatus.ACTIVE,
    RosterStatus.EXEMPT,
    RosterStatus.TEMPORARILY_AWAY,
    RosterStatus.LEFT,
)

# A branch's 2026: "an" from the start; "binh" joins in June and is exempted in September; "cuong" is away
# from March to May; "dung" leaves at the end of July.
HISTORY = (
    RosterInterval("an", ACTIVE, date(2020, 1, 1)),
    RosterInterval("binh", ACTIVE, date(2026, 6, 15), date(2026, 9, 1)),
    RosterInterval("binh", EXEMPT, date(2026, 9, 1)),
    RosterInterval("cuong", ACTIVE, date(2019, 5, 1), date(2026, 3, 1)),
    RosterInterval("cuong", AWAY, date(2026, 3, 1), date(2026, 6, 1)),
    RosterInterval("cuong", ACTIVE, date(2026, 6, 1)),
    RosterInterval("dung", ACTIVE, date(2010, 1, 1), date(2026, 8, 1)),
    RosterInterval("dung", LEFT, date(2026, 8, 1)),
)


# --- roster --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 1, 5), {"an", "cuong", "dung"}),
        (date(2026, 3, 1), {"an", "dung"}),  # away from the first day of the interval
        (date(2026, 5, 31), {"an", "dung"}),
        (date(2026, 6, 1), {"an", "cuong", "dung"}),  # back on the day the away interval ends
        (date(2026, 6, 14), {"an", "cuong", "dung"}),
        (date(2026, 6, 15), {"an", "binh", "cuong", "dung"}),  # joins in June
        (date(2026, 7, 31), {"an", "binh", "cuong", "dung"}),
        (date(2026, 8, 1), {"an", "binh", "cuong"}),  # has left
        (date(2026, 8, 31), {"an", "binh", "cuong"}),
        (date(2026, 9, 1), {"an", "cuong"}),  # exempted in September
    ],
)
def test_expected_members_follow_roster_changes_mid_year(on: date, expected: set[str]) -> None:
    assert roster_at(HISTORY, on).expected == expected


def test_roster_lists_exempt_and_away_members_apart() -> None:
    march = roster_at(HISTORY, date(2026, 3, 10))
    assert march.temporarily_away == {"cuong"}
    assert march.exempt == frozenset()
    october = roster_at(HISTORY, date(2026, 10, 10))
    assert october.exempt == {"binh"}


def test_member_before_joining_is_not_on_the_roster() -> None:
    roster = roster_at(HISTORY, date(2026, 6, 14))
    assert "binh" not in roster.expected | roster.exempt | roster.temporarily_away


def test_overlapping_intervals_for_a_member_are_refused() -> None:
    history = [RosterInterval("an", ACTIVE, date(2026, 1, 1)), RosterInterval("an", EXEMPT, date(2026, 6, 1))]
    assert roster_at(history, date(2026, 5, 31)).expected == {"an"}
    with pytest.raises(RuleViolation) as raised:
        roster_at(history, date(2026, 6, 1))
    assert raised.value.code == "attendance.roster_overlap"
    assert raised.value.params == {"member_id": "an", "on": "2026-06-01"}


# --- recording attendance ----------------------------------------------------------------------------------

ROSTER = Roster(date(2026, 7, 5), frozenset({"an", "binh", "cuong"}), frozenset({"dung"}), frozenset({"em"}))


def test_complete_attendance_is_counted() -> None:
    count = validate_attendance(
        ROSTER,
        [
            AttendanceMark("an", Mark.PRESENT),
            AttendanceMark("binh", Mark.EXCUSED, "Ốm"),
            AttendanceMark("cuong", Mark.UNEXCUSED),
        ],
    )
    assert count == AttendanceCount(expected=3, present=1, excused=1, unexcused=1)
    assert count.absent == 2
    assert count.rate == Fraction(1, 3)
    assert count.rate_percent == Decimal("33.33")


@pytest.mark.parametrize("reason", [None, "", "  "])
def test_excused_absence_requires_a_reason(reason: str | None) -> None:
    marks = [
        AttendanceMark("an", Mark.PRESENT),
        AttendanceMark("binh", Mark.EXCUSED, reason),
        AttendanceMark("cuong", Mark.PRESENT),
    ]
    with pytest.raises(RuleViolation) as raised:
        validate_attendance(ROSTER, marks)
    assert raised.value.code == "attendance.excused_reason_required"
    assert raised.value.field == "marks[1].reason"
    assert raised.value.params == {"member_id": "binh"}


def test_every_expected_member_must_be_marked() -> None:
    with pytest.raises(RuleViolation) as raised:
        validate_attendance(ROSTER, [AttendanceMark("binh", Mark.PRESENT)])
    assert raised.value.code == "attendance.marks_missing"
    assert raised.value.field == "marks"
    assert raised.value.params == {"member_ids": ["an", "cuong"], "count": 2}


def test_a_member_is_marked_once() -> None:
    marks = [AttendanceMark("an", Mark.PRESENT), AttendanceMark("an", Mark.UNEXCUSED)]
    with pytest.raises(RuleViolation) as raised:
        validate_attendance(ROSTER, marks)
    assert raised.value.code == "attendance.duplicate_mark"
    assert raised.value.field == "marks[1].member_id"


@pytest.mark.parametrize(
    ("member", "code"),
    [
        ("zed", "attendance.unknown_member"),
        ("dung", "attendance.member_exempt"),
        ("em", "attendance.member_away"),
    ],
)
def test_only_expected_members_are_marked(member: str, code: str) -> None:
    marks = [AttendanceMark(m, Mark.PRESENT) for m in ("an", "binh", "cuong", member)]
    with pytest.raises(RuleViolation) as raised:
        validate_attendance(ROSTER, marks)
    assert raised.value.code == code
    assert raised.value.field == "marks[3].member_id"
    assert raised.value.params == {"member_id": member}


def test_meeting_with_nobody_expected_has_no_rate() -> None:
    empty = Roster(date(2026, 7, 5), frozenset(), frozenset({"dung"}), frozenset())
    count = validate_attendance(empty, [])
    assert (count.expected, count.rate, count.rate_percent) == (0, None, None)


@given(
    marks=st.lists(st.sampled_from(list(Mark)), min_size=1, max_size=60),
    order=st.randoms(use_true_random=False),
)
def test_any_complete_attendance_in_any_order_is_accepted(marks: list[Mark], order: random.Random) -> None:
    members = [f"m{i}" for i in range(len(marks))]
    recorded = [
        AttendanceMark(m, mark, "lý do" if mark is Mark.EXCUSED else None)
        for m, mark in zip(members, marks, strict=True)
    ]
    order.shuffle(recorded)
    count = validate_attendance(Roster(date(2026, 1, 1), frozenset(members), frozenset(), frozenset()), recorded)
    assert count.present + count.excused + count.unexcused == count.expected == len(marks)
    assert count.rate is not None
    assert 0 <= count.rate <= 1


# --- percentages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "percent"),
    [
        (Fraction(1, 3), "33.33"),
        (Fraction(2, 3), "66.67"),
        (Fraction(1, 8), "12.50"),
        (Fraction(1, 80000), "0.00"),
        (Fraction(1, 40000), "0.00"),  # 0.0025%
        (Fraction(1, 20000), "0.01"),  # 0.005% rounds half up to 0.01
        (Fraction(17, 20), "85.00"),
        (Fraction(1), "100.00"),
        (Fraction(0), "0.00"),
    ],
)
def test_percent_is_rounded_half_up_to_two_places(share: Fraction, percent: str) -> None:
    assert as_percent(share) == Decimal(percent)
    assert str(as_percent(share)) == percent


@given(st.fractions(min_value=0, max_value=1))
def test_percent_matches_decimal_half_up_rounding(share: Fraction) -> None:
    with localcontext() as ctx:
        ctx.prec = 200
        exact = Decimal(share.numerator) * 100 / Decimal(share.denominator)
    assert as_percent(share) == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- the good meeting ----------------------------------------------------------------------------------

MIN_RATE = GOOD_MEETING_MIN_ATTENDANCE_PERCENT.at(date(2026, 7, 5))
MAX_STREAK = GOOD_MEETING_MAX_CONSECUTIVE_ABSENCES.at(date(2026, 7, 5))


def good(count: AttendanceCount, streak: int = 0) -> bool:
    return check_good_meeting(count, streak, min_attendance_percent=MIN_RATE, max_consecutive_absences=MAX_STREAK).good


def test_good_meeting_policy_values() -> None:
    assert (Decimal("85"), 3) == (MIN_RATE, MAX_STREAK)


def test_exactly_85_percent_is_not_good_because_the_rule_says_above() -> None:
    check = check_good_meeting(
        AttendanceCount(20, 17, 3, 0), 0, min_attendance_percent=MIN_RATE, max_consecutive_absences=MAX_STREAK
    )
    assert not check.attendance_above_minimum
    assert not check.good


def test_just_above_85_percent_with_excused_absences_is_good() -> None:
    assert good(AttendanceCount(41, 35, 6, 0))  # 85.37%
    assert good(AttendanceCount(20, 18, 2, 0))  # 90%


def test_one_unexcused_absence_spoils_a_well_attended_meeting() -> None:
    check = check_good_meeting(
        AttendanceCount(20, 19, 0, 1), 0, min_attendance_percent=MIN_RATE, max_consecutive_absences=MAX_STREAK
    )
    assert check.attendance_above_minimum
    assert not check.no_unexcused_absence
    assert not check.good


def test_a_member_absent_three_times_in_a_row_is_tolerated_four_is_not() -> None:
    assert good(AttendanceCount(20, 19, 1, 0), streak=3)
    check = check_good_meeting(
        AttendanceCount(20, 19, 1, 0), 4, min_attendance_percent=MIN_RATE, max_consecutive_absences=MAX_STREAK
    )
    assert (check.longest_absence_streak, check.streaks_within_limit, check.good) == (4, False, False)


def test_meeting_with_nobody_expected_is_not_rated_good() -> None:
    assert not good(AttendanceCount(0, 0, 0, 0))


def test_full_attendance_is_good() -> None:
    assert good(AttendanceCount(7, 7, 0, 0))
