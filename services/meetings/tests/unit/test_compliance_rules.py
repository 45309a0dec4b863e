"""Compliance per branch and period: meetings held against required, attendance, superior presence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.attendance.rules import (
    AttendanceMark,
    Mark,
    RosterInterval,
    RosterStatus,
    roster_at,
    validate_attendance,
)
from meetings.compliance.policies import DEFAULT_TARGETS
from meetings.compliance.rules import (
    ActiveInterval,
    ComplianceReport,
    Figure,
    HeldMeeting,
    Targets,
    assess_compliance,
)
from meetings.schedules.rules import MeetingKind
from shared.calendar import Period

REGULAR, THEMATIC, COMBINED = MeetingKind.REGULAR, MeetingKind.THEMATIC, MeetingKind.COMBINED
TARGETS = DEFAULT_TARGETS.at(date(2026, 1, 1))
YEAR = Period.whole_year(2026)
ALWAYS = ActiveInterval(date(2000, 1, 1))
YEAR_END = date(2026, 12, 31)


def regular_each_month(year: int = 2026, present: int = 20, expected: int = 20) -> list[HeldMeeting]:
    return [HeldMeeting(date(year, m, 5), REGULAR, expected, present, False) for m in range(1, 13)]


def assess(
    meetings: list[HeldMeeting],
    period: Period = YEAR,
    *,
    active: ActiveInterval = ALWAYS,
    as_of: date = YEAR_END,
    targets: Targets = TARGETS,
) -> ComplianceReport:
    return assess_compliance(period, meetings, active=active, as_of=as_of, targets=targets)


def test_default_targets() -> None:
    assert Targets(Decimal("100"), Decimal("90"), Decimal("100"), Decimal("60")) == TARGETS


# --- the year of a branch of 20 members -----------------------------------------------------------------

REGULAR_PRESENT = [20, 19, 18, 20, 17, 19, 20, 18, 16, 20, 19, 18]  # 224 of 240
THEMATIC_PRESENT = [20, 18, 19, 17]  # 74 of 80, on the 20th of the middle month of each quarter
SUPERIOR_AT = {date(2026, 3, 5), date(2026, 8, 20)}


def branch_year() -> list[HeldMeeting]:
    regular = [HeldMeeting(date(2026, m, 5), REGULAR, 20, p, False) for m, p in enumerate(REGULAR_PRESENT, 1)]
    thematic = [
        HeldMeeting(date(2026, 3 * q - 1, 20), THEMATIC, 20, p, False) for q, p in enumerate(THEMATIC_PRESENT, 1)
    ]
    return [replace(m, superior_present=m.on in SUPERIOR_AT) for m in regular + thematic]


def test_a_year_of_12_regular_and_4_thematic_meetings_gives_the_exact_rates() -> None:
    report = assess(branch_year())
    assert (report.regular_months.achieved, report.regular_months.out_of) == (12, 12)
    assert report.regular_months.percent == Decimal("100.00")
    assert (report.thematic_quarters.achieved, report.thematic_quarters.out_of) == (4, 4)
    assert (report.regular_meetings_held, report.thematic_meetings_held, report.meetings_held) == (12, 4, 16)
    # 298 of 320 = 93.125%: half-up gives 93.13 (banker's rounding would give 93.12)
    assert (report.attendance.achieved, report.attendance.out_of) == (298, 320)
    assert report.attendance.percent == Decimal("93.13")
    # meetings with at least 18 of 20: 10 regular (not 17, 16) and 3 thematic (not 17)
    assert (report.well_attended.achieved, report.well_attended.out_of) == (13, 16)
    assert report.well_attended.percent == Decimal("81.25")
    assert (report.superior_attended.achieved, report.superior_attended.out_of) == (2, 16)
    assert report.superior_attended.percent == Decimal("12.50")


def test_the_year_against_the_default_targets() -> None:
    report = assess(branch_year())
    assert {name: figure.passed for name, figure in report.figures.items()} == {
        "regular_months": True,
        "thematic_quarters": True,
        "attendance": True,
        "well_attended": False,
        "superior_attended": False,
    }
    assert report.passed is False


def test_the_year_against_targets_the_organisation_configured() -> None:
    lenient = Targets(Decimal("100"), Decimal("85"), Decimal("80"), Decimal("12.5"))
    report = assess(branch_year(), targets=lenient)
    assert (report.well_attended.achieved, report.well_attended.passed) == (15, True)  # 17 of 20 is 85%
    assert report.superior_attended.passed is True  # exactly 12.50%
    assert report.passed is True


@pytest.mark.parametrize(
    ("quarter", "regular", "thematic", "present", "expected"),
    [(1, 3, 1, 57 + 20, 80), (2, 3, 1, 56 + 18, 80), (3, 3, 1, 54 + 19, 80), (4, 3, 1, 57 + 17, 80)],
)
def test_the_same_year_quarter_by_quarter(
    quarter: int, regular: int, thematic: int, present: int, expected: int
) -> None:
    report = assess(branch_year(), Period.quarter(2026, quarter))
    assert (report.regular_months.achieved, report.regular_months.out_of) == (regular, 3)
    assert (report.thematic_quarters.achieved, report.thematic_quarters.out_of) == (thematic, 1)
    assert (report.attendance.achieved, report.attendance.out_of) == (present, expected)


def test_the_same_year_month_by_month_has_no_thematic_requirement() -> None:
    report = assess(branch_year(), Period.month(2026, 9))
    assert (report.regular_months.achieved, report.regular_months.out_of) == (1, 1)
    assert report.thematic_quarters.out_of == 0
    assert report.thematic_quarters.passed is None
    assert report.thematic_quarters.percent is None
    assert report.attendance.percent == Decimal("80.00")  # 16 of 20
    assert report.attendance.passed is False


# --- attendance thresholds ------------------------------------------------------------------------------


def test_exactly_90_percent_attendance_meets_the_target_and_makes_a_meeting_well_attended() -> None:
    report = assess(regular_each_month(present=18))
    assert report.attendance.percent == Decimal("90.00")
    assert report.attendance.passed is True
    assert (report.well_attended.achieved, report.well_attended.passed) == (12, True)


def test_just_under_90_percent_fails_even_when_it_displays_as_90() -> None:
    figure = Figure(22499, 25000, Decimal("90"))  # 89.996%
    assert figure.percent == Decimal("90.00")
    assert figure.passed is False


def test_a_meeting_at_17_of_20_is_not_well_attended() -> None:
    report = assess(regular_each_month(present=17))
    assert report.well_attended.achieved == 0


def test_meeting_with_nobody_expected_is_left_out_of_the_well_attended_share() -> None:
    meetings = [*regular_each_month(), HeldMeeting(date(2026, 6, 20), THEMATIC, 0, 0, False)]
    report = assess(meetings)
    assert (report.well_attended.achieved, report.well_attended.out_of) == (12, 12)
    assert report.superior_attended.out_of == 13


# --- roster changes mid-year feed the expected counts -----------------------------------------------------


def test_roster_changes_mid_year_change_the_expected_count_of_each_meeting() -> None:
    """Ten members all year; one joins on 15 June and is exempted from 1 September; one is away in Q2."""
    history = [RosterInterval(f"m{i}", RosterStatus.ACTIVE, date(2015, 1, 1)) for i in range(9)]
    history += [
        RosterInterval("away", RosterStatus.ACTIVE, date(2015, 1, 1), date(2026, 4, 1)),
        RosterInterval("away", RosterStatus.TEMPORARILY_AWAY, date(2026, 4, 1), date(2026, 7, 1)),
        RosterInterval("away", RosterStatus.ACTIVE, date(2026, 7, 1)),
        RosterInterval("new", RosterStatus.ACTIVE, date(2026, 6, 15), date(2026, 9, 1)),
        RosterInterval("new", RosterStatus.EXEMPT, date(2026, 9, 1)),
    ]
    meetings = []
    for month in range(1, 13):
        roster = roster_at(history, date(2026, month, 20))
        marks = [AttendanceMark(m, Mark.PRESENT if m != "m0" else Mark.UNEXCUSED) for m in sorted(roster.expected)]
        count = validate_attendance(roster, marks)
        meetings.append(HeldMeeting(roster.on, REGULAR, count.expected, count.present, False))
    assert [m.expected for m in meetings] == [10, 10, 10, 9, 9, 10, 11, 11, 10, 10, 10, 10]
    report = assess(meetings)
    assert (report.attendance.achieved, report.attendance.out_of) == (108, 120)
    assert report.attendance.percent == Decimal("90.00")
    assert report.attendance.passed is True
    # with one absent, 9/10 = 90% and 10/11 = 90.9% pass; 8/9 = 88.9% (April, May) does not
    assert (report.well_attended.achieved, report.well_attended.out_of) == (10, 12)


@given(st.lists(st.tuples(st.integers(1, 40), st.integers(0, 40), st.booleans()), min_size=1, max_size=16))
def test_figures_are_consistent_with_their_counts(rows: list[tuple[int, int, bool]]) -> None:
    meetings = [
        HeldMeeting(date(2026, 1 + i % 12, 1 + i // 12), REGULAR, expected, min(present, expected), sup)
        for i, (expected, present, sup) in enumerate(rows)
    ]
    report = assess(meetings)
    assert report.attendance.out_of == sum(m.expected for m in meetings)
    assert report.attendance.achieved == sum(m.present for m in meetings)
    assert report.superior_attended.achieved == sum(m.superior_present for m in meetings)
    for figure in report.figures.values():
        assert figure.achieved <= figure.out_of
        if figure.percent is not None:
            assert Decimal(0) <= figure.percent <= Decimal(100)
            assert figure.percent.as_tuple().exponent == -2
