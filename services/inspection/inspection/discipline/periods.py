"""Calendar periods counted in months and years, as Vietnamese law counts them.

Bộ luật Dân sự 2015, Điều 147–148: the day of the event is not counted, and a period of months or years
ends at the end of the day of the last month with the same number; when that month has no such day (31 January
plus one month, 29 February plus one year), it ends on the month's last day. So the last day of a period is
still inside it: an appeal lodged exactly one month after receipt, or a decision exactly five years after the
violation, is in time. The standard library has no month arithmetic, and this rule is not worth a dependency.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the last day of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February lands on 28 February in a common year."""
    return add_months(day, 12 * years)
