"""Party dues as pure rules: a member's monthly amount, a level's retained share, the months in arrears.

Amounts are whole đồng (VND), rounded half up. A month's dues follow the rule in force on the month's first
day. Rates and shares are parameters (``dues.policies`` holds them with their sources).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from shared.errors import RuleViolation


class DuesCategory(StrEnum):
    SALARIED = "salaried"  # in compulsory social insurance: a percentage of the previous month's salary basis
    SICK_LEAVE = "sick_leave"  # sickness or maternity benefit paid by social insurance: the same percentage of it
    PENSIONER = "pensioner"  # a percentage of the pension
    STUDENT = "student"  # a fixed amount
    ABROAD = "abroad"  # the amount the organisation abroad sets (declared)
    OTHER = "other"  # the amount the branch sets (declared), at least the minimum


PERCENT_OF_BASIS = frozenset({DuesCategory.SALARIED, DuesCategory.SICK_LEAVE, DuesCategory.PENSIONER})
DECLARED = frozenset({DuesCategory.ABROAD, DuesCategory.OTHER})


@dataclass(frozen=True)
class DuesRates:
    """The values of one dues regulation."""

    salary_rate: Decimal
    pension_rate: Decimal
    student_amount: int
    other_minimum: int
    exempt_after_years: int | None  # None: the regulation exempts nobody by party age
    reduction_percents: frozenset[int]
    reduction_max_months: int


@dataclass(frozen=True)
class Income:
    """What the branch records for a member's month: the category, and the basis or the declared amount."""

    category: DuesCategory
    basis: int | None = None  # the previous month's salary basis, the benefit or the pension (VND)
    declared: int | None = None  # the amount for abroad and other members
    reduction_percent: int = 0
    reduction_month: int = 0  # 1 for the first month of a reduction, 2 for the second …


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def base_amount(income: Income, rates: DuesRates) -> int:
    """The month's dues before any reduction or exemption."""
    if income.category in PERCENT_OF_BASIS:
        if income.basis is None:
            raise RuleViolation("dues.basis_required", field="basis", category=income.category.value)
        rate = rates.pension_rate if income.category is DuesCategory.PENSIONER else rates.salary_rate
        return _round(Decimal(income.basis) * rate)
    if income.category is DuesCategory.STUDENT:
        return rates.student_amount
    if income.declared is None:
        raise RuleViolation("dues.amount_required", field="declared", category=income.category.value)
    if income.category is DuesCategory.OTHER and income.declared < rates.other_minimum:
        raise RuleViolation("dues.below_minimum", field="declared", minimum=rates.other_minimum)
    return income.declared


def monthly_amount(income: Income, rates: DuesRates, *, party_age_months: int) -> int:
    """The dues a member owes for one month: exempt after the regulation's years of party age; a reduction of
    one of the allowed percentages for at most the allowed months."""
    if rates.exempt_after_years is not None and party_age_months >= rates.exempt_after_years * 12:
        return 0
    amount = base_amount(income, rates)
    if income.reduction_percent == 0:
        return amount
    if income.reduction_percent not in rates.reduction_percents:
        allowed = sorted(rates.reduction_percents)
        raise RuleViolation("dues.reduction_not_allowed", field="reduction_percent", allowed=allowed)
    if not 1 <= income.reduction_month <= rates.reduction_max_months:
        raise RuleViolation("dues.reduction_too_long", field="reduction_month", max_months=rates.reduction_max_months)
    return _round(Decimal(amount) * (100 - income.reduction_percent) / 100)


@dataclass(frozen=True)
class Split:
    """What one level does with the dues it received for a month."""

    received: int
    retained: int
    remitted: int


def split(received: int, retained_percent: int) -> Split:
    """The level keeps its share (rounded half up) and remits the rest to the level above."""
    retained = _round(Decimal(received) * retained_percent / 100)
    return Split(received, retained, received - retained)


def unpaid_months(due_months: Iterable[int], settled: Iterable[int]) -> list[int]:
    """Months (1–12) of a year the member owed and neither paid nor had a valid reason for."""
    done = set(settled)
    return sorted(m for m in set(due_months) if m not in done)


def needs_review(unpaid: list[int], threshold: int) -> bool:
    """Three months unpaid in a year without valid reason: the branch must review (never removes by itself)."""
    return len(unpaid) >= threshold


def retained_percent(kind: str, shares: Mapping[str, int]) -> int:
    if kind not in shares:
        raise RuleViolation("dues.level_holds_no_dues", field="org_id", kind=kind)
    return shares[kind]
