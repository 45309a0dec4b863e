"""The four grades of the annual quality classification and the values that map scores and caps onto them.

Quy định 366-QĐ/TW (30/8/2025), like 124-QĐ/TW (2023) before it, rates organisations and members in four
grades: excellent, good, completed, not completed (hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành
nhiệm vụ). 366-QĐ/TW adds a 100-point score whose bands fix the grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Grade(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


GRADE_ORDER: tuple[Grade, ...] = (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED)
"""Best first: the order reports list them in."""


def is_above(grade: Grade, other: Grade) -> bool:
    """Whether ``grade`` is strictly better than ``other``."""
    return GRADE_ORDER.index(grade) < GRADE_ORDER.index(other)


@dataclass(frozen=True)
class ScoreBands:
    """Lowest score of each grade on a 0–100 scale; below ``completed_min`` is not completed.

    Bands are half-open (366-QĐ/TW, Điều 11: good is "from 70 to under 90"), so 89.5 is good, 90 excellent.
    """

    excellent_min: Decimal
    good_min: Decimal
    completed_min: Decimal
    maximum: Decimal = Decimal(100)

    def __post_init__(self) -> None:
        if not Decimal(0) < self.completed_min < self.good_min < self.excellent_min <= self.maximum:
            raise ValueError("score bands must rise: 0 < completed < good < excellent <= maximum")

    def grade_for(self, score: Decimal) -> Grade:
        if score >= self.excellent_min:
            return Grade.EXCELLENT
        if score >= self.good_min:
            return Grade.GOOD
        if score >= self.completed_min:
            return Grade.COMPLETED
        return Grade.NOT_COMPLETED


class CapBasis(StrEnum):
    """What the number of excellent grades is compared with: the number rated good, or everyone rated."""

    GOOD = "good"
    TOTAL = "total"


@dataclass(frozen=True)
class CapRule:
    """Excellent grades may not exceed ``ratio`` of the ``basis`` count within one grassroots organisation."""

    ratio: Decimal
    basis: CapBasis

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.ratio <= Decimal(1):
            raise ValueError("the cap ratio is a fraction between 0 and 1")
