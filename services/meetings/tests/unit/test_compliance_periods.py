"""Reporting periods: parsing, boundaries, months and quarters of a period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings.compliance.periods import Period, PeriodKind
from shared.errors import RuleViolation


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2026", Period(PeriodKind.YEAR, 2026, 1)),
        ("2026-Q3", Period(PeriodKind.QUARTER, 2026, 3)),
        ("2026-q1", Period(PeriodKind.QUARTER, 2026, 1)),
        ("2026-07", Period(PeriodKind.MONTH, 2026, 7)),
        ("2026-12", Period(PeriodKind.MONTH, 2026, 12)),
        (" 2026-01 ", Period(PeriodKind.MONTH, 2026, 1)),
    ],
)
def test_parse(text: str, period: Period) -> None:
    assert Period.parse(text) == period


@pytest.mark.parametrize(
    "text",
    [
        "",
        "26",
        "2026-7",
        "2026-00",
        "2026-13",
        "2026-Q0",
        "2026-Q5",
        "2026Q3",
        "2026-Q3-07",
        "abcd",
        "0000",
        "２０２６",
    ],
)
def test_parse_refuses_anything_else_with_a_rule_code(text: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        Period.parse(text)
    assert raised.value.code == "compliance.period_invalid"
    assert raised.value.field == "period"
    assert raised.value.params == {"value": text}


@pytest.mark.parametrize(("text"), ["2026", "2026-Q3", "2026-07", "0999-01"])
def test_str_is_the_parsed_form(text: str) -> None:
    assert str(Period.parse(text)) == text


periods = st.one_of(
    st.builds(Period.month, st.integers(1900, 2200), st.integers(1, 12)),
    st.builds(Period.quarter, st.integers(1900, 2200), st.integers(1, 4)),
    st.builds(Period.whole_year, st.integers(1900, 2200)),
)


@given(periods)
def test_parse_of_str_round_trips(period: Period) -> None:
    assert Period.parse(str(period)) == period


@given(periods, st.dates(date(1899, 1, 1), date(2201, 12, 31)))
def test_contains_exactly_the_days_of_its_months(period: Period, day: date) -> None:
    assert period.contains(day) == any(m.contains(day) for m in period.months())
    assert period.contains(day) == (period.first_day <= day <= period.last_day)


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        (Period.month(2026, 2), date(2026, 2, 1), date(2026, 2, 28)),
        (Period.month(2028, 2), date(2028, 2, 1), date(2028, 2, 29)),
        (Period.quarter(2026, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (Period.quarter(2026, 4), date(2026, 10, 1), date(2026, 12, 31)),
        (Period.whole_year(2026), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_first_and_last_days(period: Period, first: date, last: date) -> None:
    assert (period.first_day, period.last_day) == (first, last)
    assert period.contains(first)
    assert period.contains(last)
    assert not period.contains(first - timedelta(days=1))
    assert not period.contains(last + timedelta(days=1))


def test_months_of_each_kind() -> None:
    assert [str(m) for m in Period.quarter(2026, 3).months()] == ["2026-07", "2026-08", "2026-09"]
    assert len(Period.whole_year(2026).months()) == 12
    assert Period.month(2026, 5).months() == (Period.month(2026, 5),)


def test_quarters_of_each_kind() -> None:
    assert [str(q) for q in Period.whole_year(2026).quarters()] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert Period.quarter(2026, 2).quarters() == (Period.quarter(2026, 2),)
    assert Period.month(2026, 5).quarters() == ()


def test_period_of_a_day() -> None:
    assert Period.month_of(date(2026, 12, 31)) == Period.month(2026, 12)
    assert Period.quarter_of(date(2026, 3, 31)) == Period.quarter(2026, 1)
    assert Period.quarter_of(date(2026, 4, 1)) == Period.quarter(2026, 2)


@pytest.mark.parametrize(
    ("kind", "index"),
    [(PeriodKind.MONTH, 0), (PeriodKind.MONTH, 13), (PeriodKind.QUARTER, 5), (PeriodKind.YEAR, 2)],
)
def test_impossible_period_cannot_be_built(kind: PeriodKind, index: int) -> None:
    with pytest.raises(ValueError, match="no "):
        Period(kind, 2026, index)
