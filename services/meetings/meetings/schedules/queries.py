"""Reads of meetings, always inside the caller's subtree."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.schedules.models import Meeting, MeetingOut
from shared.auth import Principal
from shared.filters import all_in_scope, equal_to, within_subtree
from shared.lookups import Lookup
from shared.pagination import Page, PageRequest, page_of

meeting_in_scope = Lookup(Meeting, "meeting.not_found", "meeting_id", field="meeting_id")
"""The meeting if it belongs to a branch in the caller's subtree; 404 otherwise (nothing leaks)."""


async def list_meetings(
    session: AsyncSession,
    principal: Principal,
    page: PageRequest,
    *,
    org_id: str | None,
    under: str | None,
    kind: str | None,
    status: str | None,
    date_from: date | None,
    date_to: date | None,
) -> Page[MeetingOut]:
    query = equal_to(
        all_in_scope(Meeting, principal), {Meeting.org_id: org_id, Meeting.kind: kind, Meeting.status: status}
    )
    query = await within_subtree(session, principal, query, Meeting.org_id.expression, under)
    if date_from is not None:
        query = query.where(Meeting.meeting_date >= date_from)
    if date_to is not None:
        query = query.where(Meeting.meeting_date <= date_to)
    sort: list[ColumnElement[Any]] = [Meeting.meeting_date.expression, Meeting.id.expression]
    return await page_of(session, query, sort, page, MeetingOut)
