"""Reads of a meeting's attendance, roster and resolutions (the meeting is looked up inside the caller's scope)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.attendance.models import AttendanceMarkRow, MarkOut, Resolution, ResolutionOut, RosterOut
from meetings.roster.queries import branch_roster
from meetings.schedules.queries import meeting_in_scope
from shared.auth import Principal
from shared.pagination import Page, PageRequest, page_of


async def list_marks(session: AsyncSession, principal: Principal, meeting_id: str, page: PageRequest) -> Page[MarkOut]:
    await meeting_in_scope(session, principal, meeting_id)
    query = select(AttendanceMarkRow).where(AttendanceMarkRow.meeting_id == meeting_id)
    return await page_of(session, query, [AttendanceMarkRow.member_id.expression], page, MarkOut)


async def meeting_roster(session: AsyncSession, principal: Principal, meeting_id: str) -> RosterOut:
    meeting = await meeting_in_scope(session, principal, meeting_id)
    roster = await branch_roster(session, meeting.org_id, meeting.meeting_date)
    return RosterOut(
        org_id=meeting.org_id,
        on=meeting.meeting_date,
        expected=sorted(roster.expected),
        exempt=sorted(roster.exempt),
        temporarily_away=sorted(roster.temporarily_away),
    )


async def list_resolutions(session: AsyncSession, principal: Principal, meeting_id: str) -> list[ResolutionOut]:
    await meeting_in_scope(session, principal, meeting_id)
    rows = (
        (
            await session.execute(
                select(Resolution).where(Resolution.meeting_id == meeting_id).order_by(Resolution.title, Resolution.id)
            )
        )
        .scalars()
        .all()
    )
    return [ResolutionOut.model_validate(r) for r in rows]
