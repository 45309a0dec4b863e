"""Distribution of grades as reports print it: counts and percentages, two places, half up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection.classification import Grade, grade_distribution, percentage


def test_the_district_year_of_the_issue_gives_17_50_75_00_5_00_2_50() -> None:
    grades = [Grade.EXCELLENT] * 7 + [Grade.GOOD] * 30 + [Grade.COMPLETED] * 2 + [Grade.NOT_COMPLETED]
    result = grade_distribution(grades)
    assert result.total == 40
    assert [(s.grade, s.count, s.percentage) for s in result.shares] == [
        (Grade.EXCELLENT, 7, Decimal("17.50")),
        (Grade.GOOD, 30, Decimal("75.00")),
        (Grade.COMPLETED, 2, Decimal("5.00")),
        (Grade.NOT_COMPLETED, 1, Decimal("2.50")),
    ]
    assert str(result.percentage(Grade.EXCELLENT)) == "17.50"
    assert result.count(Grade.GOOD) == 30


def test_the_seed_figure_11_of_56_is_19_64() -> None:
    assert percentage(11, 56) == Decimal("19.64")


@pytest.mark.parametrize(
    ("part", "total", "expected"),
    [(1, 8, "12.50"), (1, 3, "33.33"), (2, 3, "66.67"), (1, 200, "0.50"), (1, 400, "0.25"), (1, 800, "0.13")],
)
def test_percentages_round_half_up_to_two_places(part: int, total: int, expected: str) -> None:
    assert percentage(part, total) == Decimal(expected)


def test_an_empty_set_has_zero_counts_and_zero_percentages() -> None:
    result = grade_distribution([])
    assert result.total == 0
    assert all(s.count == 0 and s.percentage == Decimal("0.00") for s in result.shares)
    assert [s.grade for s in result.shares] == [
        Grade.EXCELLENT,
        Grade.GOOD,
        Grade.COMPLETED,
        Grade.NOT_COMPLETED,
    ]


@given(st.lists(st.sampled_from(list(Grade)), max_size=500))
def test_counts_add_up_and_each_percentage_is_within_half_a_cent_of_the_exact_share(
    grades: list[Grade],
) -> None:
    result = grade_distribution(grades)
    assert sum(s.count for s in result.shares) == len(grades) == result.total
    for share in result.shares:
        assert share.percentage.as_tuple().exponent == -2
        if grades:
            exact = Decimal(share.count) * 100 / Decimal(len(grades))
            assert abs(share.percentage - exact) <= Decimal("0.005")
