"""The calendar every service counts in: today in Vietnam, whole months, and report periods.

Written once so that "today", "one month later" and "2026-Q3" mean the same in membership, meetings, inspection
and reporting (issue 16 found three "today"s, two ``add_months`` and two period parsers).

- Dates are Vietnamese calendar dates (Asia/Ho_Chi_Minh, UTC+7): a meeting held at 06:00 on 1 July in Hà Nội is
  a July meeting although it is still 30 June in UTC.
- Months are counted as the Civil Code counts them (Bộ luật Dân sự 2015, Điều 147–148): the same day number
  later, or the month's last day when that month has none, so 31 January plus one month is 28 (or 29) February
  and a member born on 29 February comes of age on 28 February in a common year.
- A period is whole months: a year ``2026``, a half ``2026-H1``, a quarter ``2026-Q3``, a month ``2026-07``, or
  a range of any two of them ``2021-06..2024-03`` (from the first one's first day to the second one's last).
  Anything else is refused with a rule code naming the parameter, which the API renders as a 422 problem.
"""

from __future__ import annotations

import calendar as _gregorian
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from shared.errors import RuleViolation

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
EARLIEST_YEAR = 1900
"""Periods start no earlier: party history begins in 1930, and a typo such as ``0202`` is refused, not read."""
LATEST_YEAR = 2200

PERIOD_INVALID = "period.invalid"
"""The rule code of a period that does not parse, unless the caller names its own."""

_SINGLE = re.compile(r"(?P<year>\d{4})(?:-(?:[Hh](?P<half>\d)|[Qq](?P<quarter>\d)|(?P<month>\d{2})))?", re.ASCII)


def today_in_vietnam(now: datetime | None = None) -> date:
    """The calendar day in Vietnam at ``now`` (default: this instant): the default "today" of every rule."""
    return (now or datetime.now(UTC)).astimezone(VIETNAM).date()


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=_gregorian.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), or the month's last day when it has none (BLDS 2015 Đ.148)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = _gregorian.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February lands on 28 February in a common year."""
    return add_months(day, 12 * years)


def full_months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``: the largest ``k`` with ``add_months(start, k) <= end``.

    This is how the party counts age ("tính theo tháng") and probation; negative when ``end`` is earlier.
    """
    guess = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, guess) > end:
        guess -= 1
    return guess


@dataclass(frozen=True, order=True)
class Period:
    """Whole months from ``start`` (a first day of a month) to ``end`` (a last day of a month), both inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start.day != 1 or self.end != month_end(self.end) or self.end < self.start:
            raise ValueError(f"not a period of whole months: {self.start}..{self.end}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        return cls(first, month_end(first))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls._months(year, 3 * quarter - 2, 3, quarter, 4)

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        return cls._months(year, 6 * half - 5, 6, half, 2)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def between(cls, first: Period, last: Period) -> Period:
        """From ``first``'s first day to ``last``'s last day (``ValueError`` when ``last`` ends before)."""
        return cls(first.start, last.end)

    @classmethod
    def month_of(cls, day: date) -> Period:
        return cls.month(day.year, day.month)

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        return cls.quarter(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def _months(cls, year: int, first_month: int, length: int, index: int, count: int) -> Period:
        if not 1 <= index <= count:
            raise ValueError(f"no part {index} of {count} in {year}")
        return cls(date(year, first_month, 1), month_end(date(year, first_month + length - 1, 1)))

    @property
    def kind(self) -> str:
        """``month``, ``quarter``, ``half``, ``year`` or ``range`` (any other run of whole months)."""
        length = self.month_count
        if self.start.year == self.end.year and (self.start.month - 1) % length == 0 and length in _KINDS:
            return _KINDS[length]
        return "range"

    @property
    def label(self) -> str:
        """The canonical text: ``2026``, ``2026-H1``, ``2026-Q3``, ``2026-07``, ``2021..2023``, ``2021-06..2024-03``."""
        kind, y, m = self.kind, self.start.year, self.start.month
        if kind == "range":
            whole_years = self.start.month == 1 and self.end.month == 12
            if whole_years:
                return f"{y:04d}..{self.end.year:04d}"
            return f"{y:04d}-{m:02d}..{self.end.year:04d}-{self.end.month:02d}"
        return {
            "year": f"{y:04d}",
            "half": f"{y:04d}-H{(m + 5) // 6}",
            "quarter": f"{y:04d}-Q{(m + 2) // 3}",
            "month": f"{y:04d}-{m:02d}",
        }[kind]

    def __str__(self) -> str:
        return self.label

    @property
    def month_count(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def last_month_start(self) -> date:
        """The first day of the period's last month."""
        return self.end.replace(day=1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> tuple[Period, ...]:
        return tuple(Period.month_of(add_months(self.start, i)) for i in range(self.month_count))

    def quarters(self) -> tuple[Period, ...]:
        """The calendar quarters lying wholly inside this period (none for a month)."""
        quarters = (Period.quarter_of(m.start) for m in self.months() if m.start.month % 3 == 1)
        return tuple(q for q in quarters if self.covers(q))

    def covers(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


_KINDS = {1: "month", 3: "quarter", 6: "half", 12: "year"}


def active_throughout(unit: Period, start: date, end: date | None) -> bool:
    """A unit existing from ``start`` (inclusive) to ``end`` (exclusive; None while it lasts) was active on every
    day of ``unit``. The one definition of which months and quarters owe a branch its meetings, used by meetings'
    compliance and by reporting: a branch founded on 10 July or dissolved on 20 July owes no July meeting."""
    return start <= unit.start and (end is None or unit.end < end)


def first_whole_month(start: date) -> date:
    """The first day of the first month a unit existing from ``start`` is active throughout."""
    return start if start.day == 1 else add_months(start.replace(day=1), 1)


def first_whole_quarter(start: date) -> date:
    """The first day of the first calendar quarter a unit existing from ``start`` is active throughout."""
    month = first_whole_month(start)
    quarter = Period.quarter_of(month).start
    return quarter if quarter == month else add_months(quarter, 3)


def _single(text: str) -> Period:
    found = _SINGLE.fullmatch(text)
    if found is None:
        raise ValueError(text)
    year = int(found["year"])
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(text)
    if found["half"] is not None:
        return Period.half(year, int(found["half"]))
    if found["quarter"] is not None:
        return Period.quarter(year, int(found["quarter"]))
    if found["month"] is not None:
        return Period.month(year, int(found["month"]))
    return Period.whole_year(year)


def parse_period(text: str, *, field: str = "period", rule: str = PERIOD_INVALID) -> Period:
    """A period of the grammar above; anything else raises ``RuleViolation(rule, field=field, value=text)``.

    A range's two ends may be of different kinds (``2021-H1..2021-09``) and must not run backwards.
    """
    try:
        parts = text.strip().split("..")
        if len(parts) == 1:
            return _single(parts[0])
        if len(parts) == 2:
            return Period.between(_single(parts[0].strip()), _single(parts[1].strip()))
        raise ValueError(text)
    except ValueError:
        raise RuleViolation(rule, field=field, value=text) from None
