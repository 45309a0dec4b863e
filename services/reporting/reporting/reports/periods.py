"""Report periods: a year (``2026``), a quarter (``2026-Q3``) or a month (``2026-07``). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reporting.facts.rules import add_months, month_end
from shared.errors import RuleViolation

_PATTERN = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?$")
GRANULARITIES = ("month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    label: str
    first: date  # first day of the first month
    last: date  # first day of the last month

    @property
    def start(self) -> date:
        return self.first

    @property
    def end(self) -> date:
        return month_end(self.last)

    @property
    def months(self) -> list[date]:
        out, month = [], self.first
        while month <= self.last:
            out.append(month)
            month = add_months(month, 1)
        return out

    @property
    def quarter_ends(self) -> list[date]:
        """The months of the period that close a quarter (where a quarterly requirement is due)."""
        return [m for m in self.months if m.month % 3 == 0]


def year(y: int) -> Period:
    return Period(str(y), date(y, 1, 1), date(y, 12, 1))


def quarter(y: int, q: int) -> Period:
    return Period(f"{y}-Q{q}", date(y, 3 * q - 2, 1), date(y, 3 * q, 1))


def month(y: int, m: int) -> Period:
    return Period(f"{y}-{m:02d}", date(y, m, 1), date(y, m, 1))


def parse_period(text: str, field: str = "period") -> Period:
    match = _PATTERN.match(text.strip())
    if match is None or not 1900 <= int(match.group(1)) <= 2200:
        raise RuleViolation("report.bad_period", field=field, value=text)
    y = int(match.group(1))
    if match.group(2):
        return quarter(y, int(match.group(2)))
    if match.group(3):
        return month(y, int(match.group(3)))
    return year(y)


def series(first: Period, last: Period, granularity: str, limit: int = 240) -> list[Period]:
    """Consecutive periods of one granularity from the one holding ``first.first`` to ``last.last``."""
    if granularity not in GRANULARITIES:
        raise RuleViolation("report.bad_granularity", field="granularity", value=granularity)
    if last.last < first.first:
        raise RuleViolation("report.bad_range", field="to", start=first.label, end=last.label)
    out: list[Period] = []
    cursor = first.first
    while cursor <= last.last and len(out) < limit:
        if granularity == "month":
            period = month(cursor.year, cursor.month)
        elif granularity == "quarter":
            period = quarter(cursor.year, (cursor.month - 1) // 3 + 1)
        else:
            period = year(cursor.year)
        out.append(period)
        cursor = add_months(period.last, 1)
    return out
