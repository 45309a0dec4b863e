"""How a set of grades divides into the four grades, as reports print it.

Reports quote each share to two decimals, rounded half up as people round by hand (7 of 40 → 17.50%), so the
shares are computed with ``Decimal`` and are not forced to sum to exactly 100.00: each figure must match what
a reader recomputes from the counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from inspection.classification.grades import GRADE_ORDER, Grade

CENT = Decimal("0.01")


@dataclass(frozen=True)
class GradeShare:
    grade: Grade
    count: int
    percentage: Decimal


@dataclass(frozen=True)
class Distribution:
    """Counts and percentages of each grade, best grade first; percentages are 0.00 for an empty set."""

    total: int
    shares: tuple[GradeShare, ...]

    def count(self, grade: Grade) -> int:
        return next(s.count for s in self.shares if s.grade is grade)

    def percentage(self, grade: Grade) -> Decimal:
        return next(s.percentage for s in self.shares if s.grade is grade)


def percentage(part: int, total: int) -> Decimal:
    """``part`` of ``total`` in percent, two places, half up; 0.00 when there is nothing to divide."""
    if total == 0:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(total)).quantize(CENT, rounding=ROUND_HALF_UP)


def grade_distribution(grades: Iterable[Grade]) -> Distribution:
    counts = Counter(grades)
    total = sum(counts.values())
    shares = tuple(GradeShare(g, counts[g], percentage(counts[g], total)) for g in GRADE_ORDER)
    return Distribution(total=total, shares=shares)
