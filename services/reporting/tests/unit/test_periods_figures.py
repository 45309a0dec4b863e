"""Periods, figures from monthly deltas, percentages and the export's formula neutralisation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reporting.reports.export import safe_cell
from reporting.reports.figures import age_bands, check_targets, figures, percent, totals
from reporting.reports.periods import parse_period, series
from shared.calendar import Period
from shared.errors import RuleViolation

year, quarter, month = Period.whole_year, Period.quarter, Period.month


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-07", date(2026, 7, 1), date(2026, 7, 31)),
        ("2021-06..2024-03", date(2021, 6, 1), date(2024, 3, 31)),
    ],
)
def test_periods_parse_every_form_of_the_shared_grammar(text: str, first: date, last: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (first, last, text)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "26", "2026-7", "abcd", "2026-Q0", "2024-03..2021-06"])
def test_a_malformed_period_names_the_rule_and_the_parameter(text: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_period(text, "from")
    assert (caught.value.code, caught.value.field) == ("report.bad_period", "from")


def test_a_series_covers_whole_periods_of_the_granularity() -> None:
    assert [p.label for p in series(month(2025, 11), month(2026, 2), "quarter")] == ["2025-Q4", "2026-Q1"]
    assert [p.label for p in series(year(2025), quarter(2026, 1), "year")] == ["2025", "2026"]
    with pytest.raises(RuleViolation):
        series(year(2026), year(2025), "month")


def test_flows_sum_inside_the_period_and_stocks_up_to_its_end() -> None:
    rows = [
        (date(2025, 12, 1), "members.total", 10),
        (date(2025, 12, 1), "members.admitted", 4),
        (date(2026, 2, 1), "members.total", 2),
        (date(2026, 2, 1), "members.admitted", 2),
        (date(2026, 5, 1), "members.total", -1),
        (date(2026, 5, 1), "members.admitted", 7),
    ]
    q1 = totals(rows, quarter(2026, 1))
    assert (q1.stock("members.total"), q1.flow("members.admitted")) == (12, 2)
    assert totals(rows, year(2026)).stock("members.total") == 11
    assert totals(rows, year(2025)).flow("members.admitted") == 4
    whole = totals(rows, parse_period("2025-12..2026-05"))
    assert (whole.stock("members.total"), whole.flow("members.admitted")) == (11, 13)


def test_a_range_sums_flows_over_its_months_and_reads_stocks_at_its_end() -> None:
    rows = [(date(2021, 5, 1), "members.admitted", 1), (date(2021, 6, 1), "members.admitted", 2)]
    rows += [(date(2024, 3, 1), "members.admitted", 4), (date(2024, 4, 1), "members.admitted", 8)]
    rows += [(date(2020, 1, 1), "members.total", 5), (date(2024, 3, 1), "members.total", 1)]
    rows += [(date(2024, 4, 1), "members.total", 100)]
    t = totals(rows, parse_period("2021-06..2024-03"))
    assert (t.flow("members.admitted"), t.stock("members.total")) == (6, 6)


def test_required_meetings_follow_the_branches_active_each_month_and_quarter() -> None:
    rows = [
        (date(2025, 6, 1), "orgs.due.branch", 2),
        (date(2026, 3, 1), "orgs.due.branch", 1),
        (date(2026, 8, 1), "orgs.due.branch", -1),
        (date(2025, 7, 1), "orgs.due_q.branch", 2),
        (date(2026, 4, 1), "orgs.due_q.branch", 1),  # founded in March: owes from the second quarter
        (date(2026, 7, 1), "orgs.due_q.branch", -1),  # closed in August: owes nothing in the third
    ]
    values = figures(totals(rows, year(2026)), year(2026))
    assert values["regular_meetings_required"] == 2 * 2 + 3 * 5 + 2 * 5  # Jan–Feb, Mar–Jul, Aug–Dec
    assert values["thematic_meetings_required"] == 2 + 3 + 2 + 2  # the branches active throughout each quarter
    assert values["regular_meeting_rate"] == Decimal("0.00")


def test_months_and_quarters_still_running_owe_no_meeting_yet() -> None:
    """The rule meetings' compliance uses: a month owes its meeting once it has ended (issue 15: 88 vs 96)."""
    rows = [(date(2025, 6, 1), "orgs.due.branch", 8), (date(2026, 11, 1), "meetings.regular_branch_months", 8)]
    rows += [(date(2025, 7, 1), "orgs.due_q.branch", 8)]
    rows += [(date(2026, 12, 1), "meetings.regular_branch_months", 8)]
    values = figures(totals(rows, year(2026), due_by=date(2026, 12, 1)), year(2026))
    assert (values["regular_meetings_required"], values["thematic_meetings_required"]) == (8 * 11, 8 * 3)
    assert values["regular_branch_months_met"] == 8  # December's meetings cover a month not yet owed
    values = figures(totals(rows, year(2026), due_by=date(2026, 12, 31)), year(2026))
    assert (values["regular_meetings_required"], values["thematic_meetings_required"]) == (8 * 12, 8 * 4)
    values = figures(totals(rows, parse_period("2026-02..2026-07"), due_by=date(2027, 1, 1)), year(2026))
    assert (values["regular_meetings_required"], values["thematic_meetings_required"]) == (8 * 6, 8 * 1)


def test_percentages_round_half_up_to_two_decimals() -> None:
    assert percent(7, 40) == Decimal("17.50")
    assert percent(1, 3) == Decimal("33.33")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(1, 200) == Decimal("0.50")
    assert percent(1, 0) is None


def test_age_bands_use_the_age_reached_in_the_year_of_the_period_end() -> None:
    stocks = {"yob.1997": 1, "yob.1996": 2, "yob.1966": 4, "yob.1965": 8, "members.total": 15}
    assert age_bands(stocks, date(2026, 12, 31)) == {
        "age_under_30": 1,
        "age_30_40": 2,
        "age_41_50": 0,
        "age_51_60": 4,
        "age_over_60": 8,
    }


def test_a_figure_passes_its_target_when_it_reaches_it() -> None:
    checks = check_targets(
        {
            "attendance_rate": Decimal("90.00"),
            "superior_attendance_share": Decimal("59.99"),
            "regular_meeting_rate": None,
        },
        {
            "attendance_rate": Decimal(90),
            "superior_attendance_share": Decimal(60),
            "regular_meeting_rate": Decimal(100),
        },
    )
    assert [c.passed for c in checks] == [True, False, None]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=x", "'\t=x"),
        ("Chi bộ 1", "Chi bộ 1"),
        (-3, -3),
        (Decimal("17.50"), Decimal("17.50")),
        (None, ""),
    ],
)
def test_exported_text_that_a_spreadsheet_would_run_is_quoted(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_an_organisations_own_meeting_targets_replace_the_defaults_they_name() -> None:
    from reporting.reports.policies import targets_at

    defaults = targets_at(date(2025, 12, 31))
    assert (defaults["meetings_resolution_share"], defaults["meetings_materials_share"]) == (95, 100)
    own = targets_at(date(2025, 12, 31), {"meetings_held_percent": Decimal(90), "attendance_percent": Decimal(85)})
    assert (own["regular_meeting_rate"], own["thematic_meeting_rate"], own["attendance_rate"]) == (90, 90, 85)
    assert own["superior_attendance_share"] == defaults["superior_attendance_share"] == 60
    assert targets_at(date(2017, 12, 31)) == {}  # before the guidance: no default target, not an error
    assert targets_at(date(2017, 12, 31), {"attendance_percent": Decimal(80)}) == {"attendance_rate": 80}
