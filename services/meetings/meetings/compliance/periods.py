"""Reporting periods: a month ("2026-07"), a quarter ("2026-Q3") or a year ("2026").

Compliance is reported per month, quarter and year, and a quarter is what the thematic-meeting rule counts in,
so the three share one small type with the same operations.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from shared.errors import RuleViolation

_PATTERN = re.compile(r"(?P<year>\d{4})(?:-(?:[Qq](?P<quarter>\d)|(?P<month>\d{2})))?", re.ASCII)


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_INDEX_RANGE = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}


@dataclass(frozen=True)
class Period:
    """``index`` is the month (1–12), the quarter (1–4), or 1 for a year."""

    kind: PeriodKind
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999 or not 1 <= self.index <= _INDEX_RANGE[self.kind]:
            raise ValueError(f"no {self.kind.value} {self.year}/{self.index}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(PeriodKind.MONTH, year, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(PeriodKind.QUARTER, year, quarter)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, year)

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2026"``, ``"2026-Q3"`` (or ``q3``) or ``"2026-07"``; anything else is refused (a rule code)."""
        found = _PATTERN.fullmatch(text.strip())
        try:
            if found is None:
                raise ValueError(text)
            year = int(found["year"])
            if found["quarter"] is not None:
                return cls.quarter(year, int(found["quarter"]))
            if found["month"] is not None:
                return cls.month(year, int(found["month"]))
            return cls.whole_year(year)
        except ValueError:
            raise RuleViolation("compliance.period_invalid", field="period", value=text) from None

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}"

    @property
    def first_month(self) -> int:
        return {PeriodKind.MONTH: self.index, PeriodKind.QUARTER: 3 * self.index - 2, PeriodKind.YEAR: 1}[self.kind]

    @property
    def last_month(self) -> int:
        return {PeriodKind.MONTH: self.index, PeriodKind.QUARTER: 3 * self.index, PeriodKind.YEAR: 12}[self.kind]

    @property
    def first_day(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def months(self) -> tuple[Period, ...]:
        return tuple(Period.month(self.year, m) for m in range(self.first_month, self.last_month + 1))

    def quarters(self) -> tuple[Period, ...]:
        """The quarters lying wholly inside this period (none for a month)."""
        if self.kind is PeriodKind.MONTH:
            return ()
        first = (self.first_month - 1) // 3 + 1
        return tuple(Period.quarter(self.year, q) for q in range(first, self.last_month // 3 + 1))

    @classmethod
    def month_of(cls, day: date) -> Period:
        return cls.month(day.year, day.month)

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        return cls.quarter(day.year, (day.month - 1) // 3 + 1)
