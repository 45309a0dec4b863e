"""Month and year arithmetic as Bộ luật Dân sự, Điều 148 counts periods."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection.discipline.periods import add_months, add_years


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 3, 15), 1, date(2025, 4, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 12, 31), 1, date(2026, 1, 31)),
        (date(2025, 12, 15), 13, date(2027, 1, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_a_leap_day_plus_years_lands_on_28_february_in_a_common_year() -> None:
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 240))
def test_add_months_moves_forward_by_the_right_number_of_calendar_months(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    assert result.day == start.day or (result + timedelta(days=1)).day == 1


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 120))
def test_add_months_is_monotone_in_the_start_date(start: date, months: int) -> None:
    assert add_months(start, months) <= add_months(start + timedelta(days=1), months)
