"""Reading a form's totals: the same rows and sums as every report (``reports.queries.rows_for`` and
``reports.figures.totals``), for the period and, when a column compares, the same period a year before. The
organisation's facts are attributed as the tree stood when each event happened, so a form of a past period is
the tree of that period; one query per period also gives the opening (the stocks at the end of the month before)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from reporting.forms.model import Form, Reading, opening_period, previous_year
from reporting.reports import queries
from reporting.reports.figures import totals
from shared.calendar import Period


async def readings(session: AsyncSession, org_id: str, form: Form, period: Period) -> dict[str, Reading]:
    """The readings a form's columns need, by column period (``current``, ``previous_year``). A period the
    organisation's data does not reach reads None (its cells are null, never zeros)."""
    covered = (await queries.covered_from(session, [org_id])).get(org_id)
    wanted = {"current": period, "previous_year": previous_year(period)}
    out: dict[str, Reading] = {}
    for key in sorted(form.periods()):
        p = wanted[key]
        if not queries.has_data(p, covered):
            out[key] = Reading(p, None)
            continue
        rows = (await queries.rows_for(session, [org_id], p.start, p.last_month_start, by_month=False))[org_id]
        before = opening_period(p)
        out[key] = Reading(p, totals(rows, p), totals(rows, before) if queries.has_data(before, covered) else None)
    return out
