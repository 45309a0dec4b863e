"""Report periods: any period of the shared grammar (``shared.calendar``) and the series of a range. Pure.

A report asks for one period, e.g. ``2026``, ``2026-H1``, ``2026-Q3``, ``2026-07`` or ``2021-06..2024-03``:
flows are summed over its months and stocks are read at its end, so a range is one request.
"""

from __future__ import annotations

from shared.calendar import Period, add_months
from shared.calendar import parse_period as _parse
from shared.errors import RuleViolation

GRANULARITIES = ("month", "quarter", "year")


def parse_period(text: str, field: str = "period") -> Period:
    """A period of the shared grammar; anything else is ``report.bad_period`` naming ``field`` (a 422)."""
    return _parse(text, field=field, rule="report.bad_period")


def _unit(granularity: str, month: Period) -> Period:
    start = month.start
    if granularity == "month":
        return month
    if granularity == "quarter":
        return Period.quarter_of(start)
    return Period.whole_year(start.year)


def series(first: Period, last: Period, granularity: str, limit: int = 240) -> list[Period]:
    """Consecutive periods of one granularity from the one holding ``first.start`` to the one holding
    ``last.end`` (at most ``limit``)."""
    if granularity not in GRANULARITIES:
        raise RuleViolation("report.bad_granularity", field="granularity", value=granularity)
    if last.end < first.start:
        raise RuleViolation("report.bad_range", field="to", start=first.label, end=last.label)
    out: list[Period] = []
    cursor = first.start
    while cursor <= last.end and len(out) < limit:
        period = _unit(granularity, Period.month_of(cursor))
        out.append(period)
        cursor = add_months(period.start, period.month_count)
    return out
