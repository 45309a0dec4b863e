"""Which months and quarters owe a meeting: kinds, period edges, a branch founded or dissolved mid-year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from meetings.compliance.policies import DEFAULT_TARGETS
from meetings.compliance.rules import (
    ActiveInterval,
    ComplianceReport,
    HeldMeeting,
    assess_compliance,
    required_units,
)
from meetings.schedules.rules import MeetingKind
from shared.calendar import Period

REGULAR, THEMATIC, COMBINED = MeetingKind.REGULAR, MeetingKind.THEMATIC, MeetingKind.COMBINED
YEAR = Period.whole_year(2026)
ALWAYS = ActiveInterval(date(2000, 1, 1))


def regular_each_month(year: int = 2026) -> list[HeldMeeting]:
    return [HeldMeeting(date(year, m, 5), REGULAR, 20, 20, False) for m in range(1, 13)]


def assess(
    meetings: list[HeldMeeting],
    period: Period = YEAR,
    *,
    active: ActiveInterval = ALWAYS,
    as_of: date = date(2026, 12, 31),
) -> ComplianceReport:
    targets = DEFAULT_TARGETS.at(as_of)
    return assess_compliance(period, meetings, active=active, as_of=as_of, targets=targets)


# --- required meetings and the branch's life -------------------------------------------------------------


def test_combined_meetings_count_as_both_regular_and_thematic() -> None:
    meetings = regular_each_month()
    for month in (2, 5, 8, 11):
        meetings[month - 1] = replace(meetings[month - 1], kind=COMBINED)
    report = assess(meetings)
    assert (report.regular_months.achieved, report.thematic_quarters.achieved) == (12, 4)
    assert (report.regular_meetings_held, report.thematic_meetings_held, report.meetings_held) == (12, 4, 12)


def test_a_thematic_meeting_does_not_replace_the_regular_one() -> None:
    meetings = regular_each_month()
    meetings[6] = replace(meetings[6], kind=THEMATIC)  # July held only a thematic meeting
    report = assess(meetings)
    assert (report.regular_months.achieved, report.regular_months.passed) == (11, False)
    assert report.thematic_quarters.achieved == 1


def test_two_meetings_in_one_month_do_not_make_up_for_a_missed_month() -> None:
    meetings = regular_each_month()
    meetings[3] = replace(meetings[3], on=date(2026, 3, 25))  # April's meeting held in March
    report = assess(meetings)
    assert (report.regular_months.achieved, report.regular_meetings_held) == (11, 12)
    assert report.regular_months.percent == Decimal("91.67")


def test_quarter_boundary_decides_which_quarter_a_thematic_meeting_serves() -> None:
    meetings = [
        HeldMeeting(date(2026, 3, 31), THEMATIC, 20, 20, False),
        HeldMeeting(date(2026, 4, 1), THEMATIC, 20, 20, False),
    ]
    assert assess(meetings, Period.quarter(2026, 1)).thematic_quarters.achieved == 1
    assert assess(meetings, Period.quarter(2026, 2)).thematic_quarters.achieved == 1
    assert assess(meetings).thematic_quarters.achieved == 2


def test_branch_founded_mid_month_owes_meetings_from_the_next_full_month() -> None:
    founded = ActiveInterval(date(2026, 7, 10))
    meetings = [m for m in regular_each_month() if m.on >= date(2026, 7, 10)]
    report = assess(meetings, active=founded)
    assert (report.regular_months.achieved, report.regular_months.out_of) == (5, 5)  # Aug–Dec
    assert report.regular_meetings_held == 5
    assert report.thematic_quarters.out_of == 1  # only Q4 lies wholly after the founding


def test_a_meeting_held_in_the_founding_month_still_counts_as_held() -> None:
    founded = ActiveInterval(date(2026, 7, 1))
    meetings = [HeldMeeting(date(2026, 6, 30), REGULAR, 5, 5, True), *regular_each_month()[6:]]
    report = assess(meetings, active=founded)
    assert report.regular_months.out_of == 6
    assert report.meetings_held == 7
    assert report.superior_attended.achieved == 1


def test_branch_founded_on_the_first_of_a_month_owes_that_month() -> None:
    report = assess([], active=ActiveInterval(date(2026, 10, 1)))
    assert (report.regular_months.out_of, report.thematic_quarters.out_of) == (3, 1)


def test_dissolved_branch_owes_nothing_after_dissolution() -> None:
    dissolved = ActiveInterval(date(2020, 1, 1), end=date(2026, 10, 20))
    report = assess(regular_each_month()[:9], active=dissolved)
    assert (report.regular_months.achieved, report.regular_months.out_of) == (9, 9)
    assert (report.thematic_quarters.out_of, report.regular_months.passed) == (3, True)


def test_branch_dissolved_on_the_first_of_a_month_owed_the_month_before() -> None:
    dissolved = ActiveInterval(date(2020, 1, 1), end=date(2026, 7, 1))
    assert assess([], active=dissolved).regular_months.out_of == 6


def test_months_not_yet_over_are_not_required() -> None:
    report = assess(regular_each_month()[:6], as_of=date(2026, 7, 15))
    assert (report.regular_months.achieved, report.regular_months.out_of) == (6, 6)
    assert report.thematic_quarters.out_of == 2


def test_month_is_required_on_its_last_day() -> None:
    assert assess([], as_of=date(2026, 6, 30)).regular_months.out_of == 6
    assert assess([], as_of=date(2026, 6, 29)).regular_months.out_of == 5


def test_meetings_outside_the_period_or_after_as_of_are_ignored() -> None:
    meetings = [*regular_each_month(2025), *regular_each_month(2026), *regular_each_month(2027)]
    report = assess(meetings, as_of=date(2026, 8, 31))
    assert (report.meetings_held, report.regular_months.out_of) == (8, 8)


def test_year_with_no_meeting_fails_held_and_has_no_rates() -> None:
    report = assess([])
    assert (report.regular_months.achieved, report.regular_months.passed) == (0, False)
    assert report.attendance.percent is None
    assert report.attendance.passed is None
    assert report.superior_attended.passed is None
    assert report.passed is False


def test_nothing_to_count_neither_passes_nor_fails() -> None:
    report = assess([], as_of=date(2026, 1, 15))
    assert all(figure.passed is None for figure in report.figures.values())
    assert report.passed is True


def test_required_units_directly() -> None:
    units = required_units(Period.whole_year(2026).quarters(), ActiveInterval(date(2026, 2, 1)), date(2026, 9, 30))
    assert [str(u) for u in units] == ["2026-Q2", "2026-Q3"]


def test_held_meeting_cannot_have_more_present_than_expected() -> None:
    with pytest.raises(ValueError, match="present"):
        HeldMeeting(date(2026, 1, 5), REGULAR, 10, 11, False)
