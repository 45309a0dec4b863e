"""The working-day calendar and month arithmetic that every party deadline is counted in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.workdays import (
    ANNOUNCED_TET_BREAKS,
    TET_DATES,
    WorkingCalendar,
    add_months,
    customary_tet_break,
    full_months_between,
    national_day_companion,
    tet_break,
    vietnam_calendar,
    vietnam_public_holidays,
    vietnam_working_weekends,
)

CALENDAR = vietnam_calendar(range(2020, 2041))
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 6, 30))


def test_weekends_are_not_working_days() -> None:
    plain = WorkingCalendar(frozenset())
    assert plain.is_working_day(date(2026, 3, 13))  # Friday
    assert not plain.is_working_day(date(2026, 3, 14))  # Saturday
    assert not plain.is_working_day(date(2026, 3, 15))  # Sunday


def test_a_holiday_is_not_a_working_day() -> None:
    assert not WorkingCalendar(frozenset({date(2026, 3, 13)})).is_working_day(date(2026, 3, 13))


def test_a_swapped_saturday_is_a_working_day() -> None:
    assert CALENDAR.is_working_day(date(2025, 4, 26))
    assert not CALENDAR.is_working_day(date(2025, 5, 2))


def test_add_working_days_skips_the_weekend() -> None:
    plain = WorkingCalendar(frozenset())
    assert plain.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)


def test_add_zero_working_days_is_the_start_itself() -> None:
    assert CALENDAR.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 14)


def test_add_negative_working_days_counts_backwards() -> None:
    assert CALENDAR.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)


def test_working_days_across_tet_2026_skip_the_whole_break() -> None:
    # Friday 13 Feb 2026 is the last working day before Tết Bính Ngọ; work resumes on Monday 23 Feb.
    assert CALENDAR.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert CALENDAR.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_sixty_working_days_from_a_vote_before_tet_2025_land_after_the_break() -> None:
    # Vote on Friday 20 Dec 2024: 1 Jan and the five weekdays of Tết Ất Tỵ (27–31 Jan) are not counted.
    deadline = CALENDAR.add_working_days(date(2024, 12, 20), 60)
    assert deadline == date(2025, 3, 24)
    naive = WorkingCalendar(frozenset()).add_working_days(date(2024, 12, 20), 60)
    assert naive == date(2025, 3, 14)
    assert WorkingCalendar().working_days_between(naive, deadline) == 6  # the six weekdays off


def test_working_days_between_is_negative_backwards() -> None:
    assert CALENDAR.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1
    assert CALENDAR.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0


@given(DAYS, st.integers(min_value=1, max_value=400))
def test_add_working_days_always_lands_on_a_working_day(start: date, n: int) -> None:
    assert CALENDAR.is_working_day(CALENDAR.add_working_days(start, n))


@given(DAYS, st.integers(min_value=-400, max_value=400))
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, n)) == n


@given(DAYS, st.integers(min_value=0, max_value=800))
def test_working_days_between_matches_counting_day_by_day(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    counted = sum(1 for i in range(1, span + 1) if CALENDAR.is_working_day(start + timedelta(days=i)))
    assert CALENDAR.working_days_between(start, end) == counted


@pytest.mark.parametrize("year", sorted(ANNOUNCED_TET_BREAKS))
def test_customary_tet_rule_reproduces_every_announced_break(year: int) -> None:
    assert customary_tet_break(TET_DATES[year]) == tet_break(year)


@pytest.mark.parametrize("year", range(2020, 2041))
def test_tet_gives_exactly_five_weekdays_around_new_year(year: int) -> None:
    days = tet_break(year)
    assert len(days) == 5
    assert all(d.weekday() < 5 for d in days)
    assert days[0] <= TET_DATES[year] + timedelta(days=1)
    assert days[-1] >= TET_DATES[year] - timedelta(days=1)


def test_tet_2027_on_a_saturday_starts_on_the_29th() -> None:
    assert tet_break(2027) == (
        date(2027, 2, 4),
        date(2027, 2, 5),
        date(2027, 2, 8),
        date(2027, 2, 9),
        date(2027, 2, 10),
    )


def test_vietnamese_new_year_2030_differs_from_the_chinese() -> None:
    assert TET_DATES[2030] == date(2030, 2, 2)


def test_holidays_of_2025_as_announced() -> None:
    weekdays_off = sorted(d for d in vietnam_public_holidays(2025) if d.weekday() < 5)
    assert weekdays_off == [
        date(2025, 1, 1),
        *[date(2025, 1, d) for d in range(27, 32)],
        date(2025, 4, 7),
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),
        date(2025, 9, 1),
        date(2025, 9, 2),
    ]
    assert vietnam_working_weekends(2025) == {date(2025, 4, 26)}


def test_a_holiday_on_a_weekend_gives_the_next_working_day_off() -> None:
    # 30 Apr 2022 (Saturday) and 1 May 2022 (Sunday): Monday 2 and Tuesday 3 May off.
    holidays = vietnam_public_holidays(2022)
    assert {date(2022, 5, 2), date(2022, 5, 3)} <= holidays
    assert date(2022, 5, 4) not in holidays


def test_national_day_is_one_day_before_2021() -> None:
    holidays = vietnam_public_holidays(2020)
    assert date(2020, 9, 2) in holidays
    assert not {date(2020, 9, 1), date(2020, 9, 3)} & holidays


@pytest.mark.parametrize(
    ("year", "companion"),
    [(2021, 3), (2022, 1), (2023, 1), (2024, 3), (2025, 1), (2026, 1)],
)
def test_national_day_companion_matches_announcements(year: int, companion: int) -> None:
    assert national_day_companion(year) == date(year, 9, companion)


def test_culture_day_is_off_from_2026() -> None:
    assert date(2026, 11, 24) in vietnam_public_holidays(2026)
    assert date(2025, 11, 24) not in vietnam_public_holidays(2025)


def test_years_outside_the_lunar_table_are_refused_rather_than_missing_tet() -> None:
    with pytest.raises(LookupError):
        vietnam_public_holidays(2041)


def test_calendars_compare_by_their_dates() -> None:
    assert vietnam_calendar([2026]) == vietnam_calendar([2026])


def test_add_months_clamps_to_the_end_of_a_short_month() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


def test_full_months_on_the_anniversary_and_the_day_before() -> None:
    assert full_months_between(date(2008, 3, 15), date(2026, 3, 15)) == 216
    assert full_months_between(date(2008, 3, 15), date(2026, 3, 14)) == 215


def test_born_on_29_february_completes_the_year_on_28_february() -> None:
    assert full_months_between(date(2008, 2, 29), date(2026, 2, 28)) == 216
    assert full_months_between(date(2008, 2, 29), date(2026, 2, 27)) == 215
    assert full_months_between(date(2008, 2, 29), date(2028, 2, 28)) == 239
    assert full_months_between(date(2008, 2, 29), date(2028, 2, 29)) == 240


@given(st.dates(), st.dates())
def test_full_months_is_the_largest_k_whose_anniversary_has_passed(start: date, end: date) -> None:
    try:
        k = full_months_between(start, end)
        assert add_months(start, k) <= end
        assert add_months(start, k + 1) > end
    except (OverflowError, ValueError):
        pass  # beyond year 1..9999
