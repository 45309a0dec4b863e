"""Calendar arithmetic for party deadlines: Vietnamese working days and whole months.

Party regulations count most deadlines in *working days* ("ngày làm việc": decision within 60, ceremony within
30, recognition within 30) and ages and periods in *whole months* (age "tính theo tháng", probation 12 months,
readmission 36 months). Both are computed here, once, so that every service counts the same way.

Holidays are data, not code: an operator maintains them through the API, so ``WorkingCalendar`` only takes
sets of dates. ``vietnam_public_holidays`` is the seed: the holidays of the Labour Code 2019 (Bộ luật Lao
động, art. 112, in force 2021; art. 115 of the 2012 code before) with the compensatory days off of
art. 111(3), plus the government's announced Tết breaks and swapped working Saturdays where known.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.calendar import add_months as add_months  # re-exported: month arithmetic lives in shared.calendar
from shared.calendar import full_months_between as full_months_between

_ONE_DAY = timedelta(days=1)

# Lunar New Year's Day (mùng 1 Tết) in the Vietnamese calendar (UTC+7; it differs from the Chinese in 2030).
TET_DATES: dict[int, date] = {
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
    2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
    2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 2), 2031: date(2031, 1, 23),
    2032: date(2032, 2, 11), 2033: date(2033, 1, 31), 2034: date(2034, 2, 19), 2035: date(2035, 2, 8),
    2036: date(2036, 1, 28), 2037: date(2037, 2, 15), 2038: date(2038, 2, 4), 2039: date(2039, 1, 24),
    2040: date(2040, 2, 12),
}  # fmt: skip

# Hùng Kings' Commemoration Day (Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month), Gregorian dates.
HUNG_KINGS_DATES: dict[int, date] = {
    2020: date(2020, 4, 2), 2021: date(2021, 4, 21), 2022: date(2022, 4, 10), 2023: date(2023, 4, 29),
    2024: date(2024, 4, 18), 2025: date(2025, 4, 7), 2026: date(2026, 4, 26), 2027: date(2027, 4, 16),
    2028: date(2028, 4, 4), 2029: date(2029, 4, 23), 2030: date(2030, 4, 12), 2031: date(2031, 4, 1),
    2032: date(2032, 4, 19), 2033: date(2033, 4, 9), 2034: date(2034, 4, 28), 2035: date(2035, 4, 17),
    2036: date(2036, 4, 6), 2037: date(2037, 4, 24), 2038: date(2038, 4, 13), 2039: date(2039, 4, 3),
    2040: date(2040, 4, 20),
}  # fmt: skip

# The Tết breaks the government announced for civil servants: the weekdays off, first and last.
ANNOUNCED_TET_BREAKS: dict[int, tuple[date, date]] = {
    2020: (date(2020, 1, 23), date(2020, 1, 29)), 2021: (date(2021, 2, 10), date(2021, 2, 16)),
    2022: (date(2022, 1, 31), date(2022, 2, 4)), 2023: (date(2023, 1, 20), date(2023, 1, 26)),
    2024: (date(2024, 2, 8), date(2024, 2, 14)), 2025: (date(2025, 1, 27), date(2025, 1, 31)),
    2026: (date(2026, 2, 16), date(2026, 2, 20)),
}  # fmt: skip

# Weekdays the government gave off in exchange for a Saturday worked ("nghỉ bù, làm bù"): {day off: Saturday}.
ANNOUNCED_SWAPS: dict[date, date] = {
    date(2024, 4, 29): date(2024, 5, 4),
    date(2025, 5, 2): date(2025, 4, 26),
    date(2026, 8, 31): date(2026, 8, 22),
}

TET_WORKING_DAYS_OFF = 5  # Labour Code 2019 art. 112(1)(b): five days of Tết
FIRST_YEAR_OF_TWO_DAY_NATIONAL_DAY = 2021  # Labour Code 2019 added 1 or 3 September
FIRST_YEAR_OF_CULTURE_DAY = 2026  # 24 November, Ngày Văn hóa Việt Nam, a paid day off from 2026


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days: Monday to Friday, less ``holidays``, plus any Saturday or Sunday in ``working_weekends``.

    ``working_weekends`` holds the Saturdays worked in exchange for a swapped day off ("làm bù").
    """

    holidays: frozenset[date] = frozenset()
    working_weekends: frozenset[date] = frozenset()
    _days_off: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _days_on: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_days_off", tuple(sorted(d for d in self.holidays if not is_weekend(d))))
        object.__setattr__(self, "_days_on", tuple(sorted(d for d in self.working_weekends if is_weekend(d))))

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        return not is_weekend(day) or day in self.working_weekends

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (before it when ``n`` is negative); ``start`` when 0."""
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        day, remaining = start, abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``; when ``end`` is earlier, minus those in ``[end, start)``.

        The inverse of ``add_working_days``: ``working_days_between(s, add_working_days(s, n)) == n``.
        """
        if end < start:
            return -self.working_days_between(end - _ONE_DAY, start - _ONE_DAY)
        weekdays = _weekdays_in(start, end)
        off = bisect_right(self._days_off, end) - bisect_right(self._days_off, start)
        on = bisect_right(self._days_on, end) - bisect_right(self._days_on, start)
        return weekdays - off + on

    def is_within(self, start: date, day: date, limit: int) -> bool:
        """Whether ``day`` falls no later than ``limit`` working days after ``start``."""
        return day <= self.add_working_days(start, limit)


def _weekdays_in(start: date, end: date) -> int:
    """Monday-to-Friday days in ``(start, end]``, without a day-by-day loop (report ranges span years)."""
    total = (end - start).days
    full_weeks, rest = divmod(total, 7)
    count = full_weeks * 5
    weekday = start.weekday()
    for offset in range(1, rest + 1):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def tet_break(year: int) -> tuple[date, ...]:
    """The weekdays off for Tết: as announced where known, else the customary rule.

    The customary rule reproduces every announced break of 2020–2026: from New Year's Eve to the 4th day of
    the first lunar month; when weekends fall in it, the 29th of the last month is added first, then the days
    after, until five working days are off.
    """
    if year in ANNOUNCED_TET_BREAKS:
        first, last = ANNOUNCED_TET_BREAKS[year]
        return tuple(d for d in _days(first, last) if not is_weekend(d))
    return customary_tet_break(_tet(year))


def customary_tet_break(new_year: date) -> tuple[date, ...]:
    core = [d for d in _days(new_year - _ONE_DAY, new_year + 3 * _ONE_DAY) if not is_weekend(d)]
    if len(core) < TET_WORKING_DAYS_OFF and not is_weekend(new_year - 2 * _ONE_DAY):
        core.insert(0, new_year - 2 * _ONE_DAY)
    day = new_year + 3 * _ONE_DAY
    while len(core) < TET_WORKING_DAYS_OFF:
        day += _ONE_DAY
        if not is_weekend(day):
            core.append(day)
    return tuple(core)


def vietnam_public_holidays(year: int) -> set[date]:
    """The seed holidays of ``year``: the public holidays, Tết and the compensatory days off.

    Raises ``LookupError`` outside the lunar tables (2020–2040) rather than silently forgetting Tết.
    """
    tet = set(tet_break(year))
    fixed = {date(year, 1, 1), _hung_kings(year), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2)}
    if year >= FIRST_YEAR_OF_TWO_DAY_NATIONAL_DAY:
        fixed.add(national_day_companion(year))
    if year >= FIRST_YEAR_OF_CULTURE_DAY:
        fixed.add(date(year, 11, 24))
    swaps = {off for off in ANNOUNCED_SWAPS if off.year == year}
    return fixed | tet | swaps | _compensatory_days(fixed, tet | swaps)


def vietnam_working_weekends(year: int) -> set[date]:
    """The Saturdays worked in ``year`` in exchange for a swapped day off."""
    return {saturday for saturday in ANNOUNCED_SWAPS.values() if saturday.year == year}


def vietnam_calendar(years: Iterable[int]) -> WorkingCalendar:
    """A calendar seeded with ``vietnam_public_holidays`` for ``years``."""
    holidays: set[date] = set()
    weekends: set[date] = set()
    for year in years:
        holidays |= vietnam_public_holidays(year)
        weekends |= vietnam_working_weekends(year)
    return WorkingCalendar(frozenset(holidays), frozenset(weekends))


def national_day_companion(year: int) -> date:
    """The day beside 2 September that is also off (1 or 3 September, art. 112(1)(đ)), chosen as announced.

    The rule (3 September when the 2nd is a Sunday, Monday or Thursday, else 1 September) reproduces the
    announcements of 2021–2026 and gives the longest break; operators correct a year once it is announced.
    """
    return date(year, 9, 3) if date(year, 9, 2).weekday() in (6, 0, 3) else date(year, 9, 1)


def _compensatory_days(fixed: set[date], taken: set[date]) -> set[date]:
    """Art. 111(3): a holiday on a weekend gives the next working day off."""
    given: set[date] = set()
    for holiday in sorted(fixed):
        if not is_weekend(holiday):
            continue
        day = holiday + _ONE_DAY
        while is_weekend(day) or day in fixed or day in taken or day in given:
            day += _ONE_DAY
        given.add(day)
    return given


def _tet(year: int) -> date:
    try:
        return TET_DATES[year]
    except KeyError:
        raise LookupError(f"no lunar new year date known for {year}; maintain it in the calendar") from None


def _hung_kings(year: int) -> date:
    try:
        return HUNG_KINGS_DATES[year]
    except KeyError:
        raise LookupError(f"no Hùng Kings' day known for {year}; maintain it in the calendar") from None


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
