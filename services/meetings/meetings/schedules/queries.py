"""Reads of meetings, always inside the caller's subtree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.schedules.models import Meeting, MeetingFilters, MeetingOut
from shared.auth import Principal
from shared.filters import all_in_scope, equal_to, within_subtree
from shared.listings import same_named
from shared.lookups import Lookup
from shared.pagination import Page, PageRequest, page_of

meeting_in_scope = Lookup(Meeting, "meeting.not_found", "meeting_id", field="meeting_id")
"""The meeting if it belongs to a branch in the caller's subtree; 404 otherwise (nothing leaks)."""


async def list_meetings(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: MeetingFilters
) -> Page[MeetingOut]:
    query = equal_to(all_in_scope(Meeting, principal), same_named(Meeting, filters, "org_id", "kind", "status"))
    query = await within_subtree(session, principal, query, Meeting.org_id.expression, filters.under)
    if filters.date_from is not None:
        query = query.where(Meeting.meeting_date >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(Meeting.meeting_date <= filters.date_to)
    sort: list[ColumnElement[Any]] = [Meeting.meeting_date.expression, Meeting.id.expression]
    return await page_of(session, query, sort, page, MeetingOut)
