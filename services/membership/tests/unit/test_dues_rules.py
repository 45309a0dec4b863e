"""Party dues rules at their edges: amounts by category and regulation, exemption, reductions, shares, arrears."""

from __future__ import annotations

from datetime import date

import pytest

from membership.dues.policies import RATES, RETAINED_SHARES
from membership.dues.rules import (
    DuesCategory,
    Income,
    monthly_amount,
    needs_review,
    retained_percent,
    split,
    unpaid_months,
)
from shared.errors import RuleViolation
from shared.policy import PolicyNotInForce

MARCH_2026 = RATES.at(date(2026, 3, 1))
JAN_2026 = RATES.at(date(2026, 1, 1))
C = DuesCategory


def test_salaried_members_pay_1_percent_of_the_salary_basis_rounded_half_up_to_the_dong() -> None:
    assert monthly_amount(Income(C.SALARIED, basis=8_450_050), MARCH_2026, party_age_months=0) == 84_501
    assert monthly_amount(Income(C.SICK_LEAVE, basis=5_000_000), MARCH_2026, party_age_months=0) == 50_000


def test_pensioners_pay_half_a_percent_and_students_a_fixed_amount_that_01_qd_2026_raised() -> None:
    assert monthly_amount(Income(C.PENSIONER, basis=7_000_000), MARCH_2026, party_age_months=0) == 35_000
    assert monthly_amount(Income(C.STUDENT), MARCH_2026, party_age_months=0) == 5_000
    assert monthly_amount(Income(C.STUDENT), JAN_2026, party_age_months=0) == 2_000


def test_declared_amounts_are_required_and_other_members_pay_at_least_the_minimum() -> None:
    assert monthly_amount(Income(C.ABROAD, declared=120_000), MARCH_2026, party_age_months=0) == 120_000
    with pytest.raises(RuleViolation) as missing:
        monthly_amount(Income(C.ABROAD), MARCH_2026, party_age_months=0)
    assert missing.value.code == "dues.amount_required"
    with pytest.raises(RuleViolation) as low:
        monthly_amount(Income(C.OTHER, declared=4_999), MARCH_2026, party_age_months=0)
    assert low.value.code == "dues.below_minimum"
    with pytest.raises(RuleViolation) as basis:
        monthly_amount(Income(C.SALARIED), MARCH_2026, party_age_months=0)
    assert basis.value.code == "dues.basis_required"


def test_fifty_years_of_party_age_exempt_from_01_qd_2026_but_not_under_342() -> None:
    salaried = Income(C.PENSIONER, basis=6_000_000)
    assert monthly_amount(salaried, MARCH_2026, party_age_months=600) == 0
    assert monthly_amount(salaried, MARCH_2026, party_age_months=599) == 30_000
    assert monthly_amount(salaried, JAN_2026, party_age_months=700) == 30_000


@pytest.mark.parametrize(("percent", "amount"), [(30, 70_000), (50, 50_000), (70, 30_000)])
def test_reductions_of_30_50_70_percent(percent: int, amount: int) -> None:
    reduced = Income(C.SALARIED, basis=10_000_000, reduction_percent=percent, reduction_month=12)
    assert monthly_amount(reduced, MARCH_2026, party_age_months=0) == amount


def test_a_reduction_of_another_percent_or_past_12_months_is_refused() -> None:
    with pytest.raises(RuleViolation) as other:
        monthly_amount(
            Income(C.SALARIED, basis=1, reduction_percent=40, reduction_month=1), MARCH_2026, party_age_months=0
        )
    assert other.value.code == "dues.reduction_not_allowed"
    with pytest.raises(RuleViolation) as long:
        monthly_amount(
            Income(C.SALARIED, basis=1, reduction_percent=30, reduction_month=13), MARCH_2026, party_age_months=0
        )
    assert long.value.code == "dues.reduction_too_long"


def test_a_level_keeps_its_share_and_remits_the_rest_rounding_the_share_half_up() -> None:
    parts = split(100_005, 30)
    assert (parts.received, parts.retained, parts.remitted) == (100_005, 30_002, 70_003)
    assert retained_percent("branch", RETAINED_SHARES.at(date(2026, 3, 1))) == 30
    with pytest.raises(RuleViolation):
        retained_percent("central", RETAINED_SHARES.at(date(2026, 3, 1)))


def test_three_unpaid_months_in_a_year_need_review_and_excused_months_do_not_count() -> None:
    assert unpaid_months([1, 2, 3, 4], [1]) == [2, 3, 4]
    assert needs_review([2, 3, 4], 3)
    assert not needs_review(unpaid_months([1, 2, 3, 4], [1, 3]), 3)


def test_dues_before_342_qd_are_not_judged() -> None:
    with pytest.raises(PolicyNotInForce):
        RATES.at(date(2010, 12, 1))
