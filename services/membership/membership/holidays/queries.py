"""Reads of the calendar: the working-day calendar that every deadline is counted in."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from membership.holidays.models import DayKind, Holiday, HolidayOut
from shared.pagination import Page, PageRequest, page_of
from shared.workdays import WorkingCalendar


async def load_calendar(session: AsyncSession) -> WorkingCalendar:
    """The calendar as operators maintain it (a few hundred rows: read whole, once per command)."""
    rows = (await session.execute(select(Holiday.day, Holiday.kind))).all()
    return WorkingCalendar(
        holidays=frozenset(r.day for r in rows if r.kind == DayKind.HOLIDAY),
        working_weekends=frozenset(r.day for r in rows if r.kind == DayKind.WORKING_WEEKEND),
    )


async def list_holidays(session: AsyncSession, page: PageRequest, year: int | None) -> Page[HolidayOut]:
    query = select(Holiday)
    if year is not None:
        query = query.where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
    return await page_of(session, query, [Holiday.day.expression], page, HolidayOut)
