"""The shared calendar: today in Vietnam, month arithmetic at its edges, and the period grammar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.calendar import (
    PERIOD_INVALID,
    Period,
    active_throughout,
    add_months,
    add_years,
    first_whole_month,
    first_whole_quarter,
    full_months_between,
    month_end,
    parse_period,
    today_in_vietnam,
)
from shared.errors import RuleViolation


@pytest.mark.parametrize(
    ("instant", "day"),
    [
        (datetime(2026, 6, 30, 16, 59, 59, tzinfo=UTC), date(2026, 6, 30)),
        (datetime(2026, 6, 30, 17, 0, 0, tzinfo=UTC), date(2026, 7, 1)),
        (datetime(2026, 12, 31, 17, 0, 0, tzinfo=UTC), date(2027, 1, 1)),
        (datetime(2026, 7, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=9))), date(2026, 6, 30)),
    ],
)
def test_today_in_vietnam_turns_at_midnight_utc_plus_7(instant: datetime, day: date) -> None:
    assert today_in_vietnam(instant) == day


def test_today_in_vietnam_defaults_to_now() -> None:
    before = datetime.now(UTC)
    assert today_in_vietnam() in {today_in_vietnam(before), today_in_vietnam(before + timedelta(seconds=5))}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 2, 29), -12, date(2023, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2026, 7, 1), 0, date(2026, 7, 1)),
        (date(1975, 4, 30), 12 * 51, date(2026, 4, 30)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_add_years_of_29_february() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@given(st.dates(date(1900, 1, 1), date(2190, 12, 31)), st.integers(-1000, 1000))
def test_add_months_moves_exactly_that_many_calendar_months(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == min(day.day, month_end(moved).day)


@given(st.dates(date(1900, 1, 1), date(2190, 12, 31)), st.dates(date(1900, 1, 1), date(2190, 12, 31)))
def test_full_months_is_the_largest_whole_count(start: date, end: date) -> None:
    k = full_months_between(start, end)
    assert add_months(start, k) <= end < add_months(start, k + 1)


def test_full_months_on_the_anniversary_and_the_day_before() -> None:
    assert full_months_between(date(2008, 3, 15), date(2026, 3, 15)) == 216
    assert full_months_between(date(2008, 3, 15), date(2026, 3, 14)) == 215
    assert full_months_between(date(2008, 2, 29), date(2026, 2, 28)) == 216


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "label"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "year", "2026"),
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30), "half", "2026-H1"),
        ("2026-h2", date(2026, 7, 1), date(2026, 12, 31), "half", "2026-H2"),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "quarter", "2026-Q1"),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31), "quarter", "2026-Q4"),
        ("2026-07", date(2026, 7, 1), date(2026, 7, 31), "month", "2026-07"),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29), "month", "2028-02"),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28), "month", "2026-02"),
        (" 2026-01 ", date(2026, 1, 1), date(2026, 1, 31), "month", "2026-01"),
        ("2021-06..2024-03", date(2021, 6, 1), date(2024, 3, 31), "range", "2021-06..2024-03"),
        ("2021..2023", date(2021, 1, 1), date(2023, 12, 31), "range", "2021..2023"),
        ("2021-H1..2021-09", date(2021, 1, 1), date(2021, 9, 30), "range", "2021-01..2021-09"),
        ("2025-12..2026-01", date(2025, 12, 1), date(2026, 1, 31), "range", "2025-12..2026-01"),
        ("2026-07..2026-07", date(2026, 7, 1), date(2026, 7, 31), "month", "2026-07"),
        ("2026-01..2026-06", date(2026, 1, 1), date(2026, 6, 30), "half", "2026-H1"),
        ("2026-04 .. 2026-Q2", date(2026, 4, 1), date(2026, 6, 30), "quarter", "2026-Q2"),
        ("1960..2026", date(1960, 1, 1), date(2026, 12, 31), "range", "1960..2026"),
    ],
)
def test_parse_every_form(text: str, start: date, end: date, kind: str, label: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.kind, period.label, str(period)) == (start, end, kind, label, label)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "..",
        "26",
        "2026-7",
        "2026-00",
        "2026-13",
        "2026-Q0",
        "2026-Q5",
        "2026-H0",
        "2026-H3",
        "2026Q3",
        "2026-Q3-07",
        "2026-07-01",
        "abcd",
        "0000",
        "1899",
        "2201",
        "２０２６",
        "2024-03..2021-06",
        "2026-07..2026-06",
        "2021..",
        "..2024",
        "2021...2024",
        "2021..2022..2023",
        "2021-06/2024-03",
    ],
)
def test_malformed_periods_are_refused_with_the_rule_and_parameter(text: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        parse_period(text, field="from")
    assert (raised.value.code, raised.value.field, raised.value.params) == (PERIOD_INVALID, "from", {"value": text})


def test_a_caller_keeps_its_own_rule_code() -> None:
    with pytest.raises(RuleViolation) as raised:
        parse_period("2026-13", rule="compliance.period_invalid")
    assert (raised.value.code, raised.value.field) == ("compliance.period_invalid", "period")


singles = st.one_of(
    st.builds(Period.month, st.integers(1900, 2200), st.integers(1, 12)),
    st.builds(Period.quarter, st.integers(1900, 2200), st.integers(1, 4)),
    st.builds(Period.half, st.integers(1900, 2200), st.integers(1, 2)),
    st.builds(Period.whole_year, st.integers(1900, 2200)),
)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    first, last = sorted([draw(singles), draw(singles)], key=lambda p: p.start)
    return Period(first.start, max(first.end, last.end)) if draw(st.booleans()) else first


@given(periods())
def test_the_label_parses_back_to_the_same_period(period: Period) -> None:
    assert parse_period(period.label) == period


@given(periods(), st.dates(date(1899, 1, 1), date(2201, 12, 31)))
def test_a_period_contains_exactly_the_days_of_its_months(period: Period, day: date) -> None:
    assert period.contains(day) == any(m.contains(day) for m in period.months())
    assert period.contains(day) == (period.start <= day <= period.end)
    assert len(period.months()) == period.month_count


@given(periods())
def test_quarters_are_the_calendar_quarters_wholly_inside(period: Period) -> None:
    quarters = period.quarters()
    assert all(q.kind == "quarter" and period.covers(q) for q in quarters)
    assert len(quarters) == sum(
        1 for m in period.months() if m.start.month % 3 == 0 and period.covers(Period.quarter_of(m.start))
    )


def test_months_and_quarters_of_each_kind() -> None:
    assert [m.label for m in Period.quarter(2026, 3).months()] == ["2026-07", "2026-08", "2026-09"]
    assert [q.label for q in Period.whole_year(2026).quarters()] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [q.label for q in Period.half(2026, 2).quarters()] == ["2026-Q3", "2026-Q4"]
    assert [q.label for q in parse_period("2021-02..2021-12").quarters()] == ["2021-Q2", "2021-Q3", "2021-Q4"]
    assert Period.month(2026, 5).quarters() == ()
    assert parse_period("2021-06..2024-03").month_count == 34
    assert parse_period("2021-06..2024-03").last_month_start == date(2024, 3, 1)


def test_period_of_a_day() -> None:
    assert Period.month_of(date(2026, 12, 31)) == Period.month(2026, 12)
    assert Period.quarter_of(date(2026, 3, 31)) == Period.quarter(2026, 1)
    assert Period.quarter_of(date(2026, 4, 1)) == Period.quarter(2026, 2)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 1, 2), date(2026, 1, 31)),
        (date(2026, 1, 1), date(2026, 1, 30)),
        (date(2026, 2, 1), date(2026, 1, 31)),
    ],
)
def test_a_period_is_whole_months_forwards(start: date, end: date) -> None:
    with pytest.raises(ValueError, match="whole months"):
        Period(start, end)


@pytest.mark.parametrize(("build", "index"), [(Period.quarter, 0), (Period.quarter, 5), (Period.half, 3)])
def test_impossible_parts_cannot_be_built(build: object, index: int) -> None:
    with pytest.raises(ValueError, match="no part"):
        build(2026, index)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("start", "end", "owed"),
    [
        (date(2026, 7, 1), None, True),
        (date(2026, 7, 10), None, False),
        (date(2026, 6, 30), date(2026, 8, 1), True),
        (date(2026, 6, 30), date(2026, 7, 31), False),
        (date(2026, 6, 30), date(2026, 7, 20), False),
    ],
)
def test_a_month_is_owed_only_when_the_unit_was_active_every_day_of_it(
    start: date, end: date | None, owed: bool
) -> None:
    assert active_throughout(Period.month(2026, 7), start, end) is owed
    assert (first_whole_month(start) <= date(2026, 7, 1)) is (start <= date(2026, 7, 1))


def test_the_first_whole_month_of_a_unit() -> None:
    assert first_whole_month(date(2026, 7, 1)) == date(2026, 7, 1)
    assert first_whole_month(date(2026, 7, 2)) == date(2026, 8, 1)
    assert first_whole_month(date(2026, 12, 31)) == date(2027, 1, 1)


def test_the_first_whole_quarter_of_a_unit() -> None:
    assert first_whole_quarter(date(2026, 7, 1)) == date(2026, 7, 1)
    assert first_whole_quarter(date(2026, 7, 2)) == date(2026, 10, 1)
    assert first_whole_quarter(date(2026, 6, 30)) == date(2026, 7, 1)
    assert first_whole_quarter(date(2026, 12, 2)) == date(2027, 1, 1)
