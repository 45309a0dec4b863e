"""Routes of a held meeting: record it, read its attendance, its roster on the day and its resolutions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from meetings.attendance import commands, queries
from meetings.attendance.models import HeldRecord, MarkOut, ResolutionOut, RosterOut
from meetings.common import IfMatch, Reader, Secretary
from meetings.schedules.models import MeetingOut
from shared import routes
from shared.deps import DB
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1/meetings", tags=["meetings"])


meetings = routes.Resource(router, MeetingOut, reader=Reader, writer=Secretary, if_match=IfMatch)
meetings.step(
    "/{meeting_id}/record",
    commands.record_meeting,
    HeldRecord,
    "record_meeting",
    "recordHeldMeeting",
    "Record a held meeting: times, attendance, guests, superior attendees, minutes, resolutions.",
    stamped=True,
)


@router.get("/{meeting_id}/attendance", operation_id="listMeetingAttendance", response_model=Page[MarkOut])
async def list_attendance(
    meeting_id: str, principal: Reader, db: DB, page: Annotated[PageRequest, Depends(page_params)]
) -> Page[MarkOut]:
    async with db.read_session() as session:
        return await queries.list_marks(session, principal, meeting_id, page)


@router.get(
    "/{meeting_id}/roster",
    operation_id="getMeetingRoster",
    response_model=RosterOut,
    summary="The branch's members on the meeting date: expected, exempt and temporarily away.",
)
async def get_roster(meeting_id: str, principal: Reader, db: DB) -> RosterOut:
    async with db.read_session() as session:
        return await queries.meeting_roster(session, principal, meeting_id)


@router.get("/{meeting_id}/resolutions", operation_id="listMeetingResolutions", response_model=list[ResolutionOut])
async def list_resolutions(meeting_id: str, principal: Reader, db: DB) -> list[ResolutionOut]:
    async with db.read_session() as session:
        return await queries.list_resolutions(session, principal, meeting_id)
