"""Routes of the meeting calendar: schedule, generate a year, list, read, reschedule, cancel, notice, materials."""

from __future__ import annotations

from fastapi import APIRouter, status

from meetings.common import IfMatch, Reader, Secretary
from meetings.schedules import commands, queries
from meetings.schedules.models import (
    Cancel,
    GenerateResult,
    MaterialsAdd,
    MeetingCreate,
    MeetingFilters,
    MeetingOut,
    Notice,
    Reschedule,
    YearGenerate,
)
from shared import routes
from shared.deps import DB, Ctx
from shared.listings import list_route

router = APIRouter(prefix="/api/v1/meetings", tags=["meetings"])


meetings = routes.Resource(router, MeetingOut, reader=Reader, writer=Secretary, if_match=IfMatch)
meetings.create(
    "", commands.create_meeting, MeetingCreate, "schedule_meeting", "scheduleMeeting", "/api/v1/meetings/{id}"
)


@router.post(
    "/generate",
    operation_id="generateYearOfMeetings",
    status_code=status.HTTP_201_CREATED,
    response_model=GenerateResult,
    summary="Schedule a year of monthly regular meetings for a branch or every branch of a subtree.",
)
async def generate_year(body: YearGenerate, principal: Secretary, db: DB, ctx: Ctx) -> GenerateResult:
    return await commands.generate_year(db, ctx, principal, body)


list_route(router, "", queries.list_meetings, MeetingFilters, MeetingOut, "list_meetings", "listMeetings")


meetings.read("/{meeting_id}", queries.meeting_in_scope, "get_meeting", "getMeeting")
meetings.step(
    "/{meeting_id}/reschedule", commands.reschedule_meeting, Reschedule, "reschedule_meeting", "rescheduleMeeting"
)
meetings.step("/{meeting_id}/cancel", commands.cancel_meeting, Cancel, "cancel_meeting", "cancelMeeting")
meetings.step(
    "/{meeting_id}/notice",
    commands.notify_meeting,
    Notice,
    "notify_meeting",
    "notifyMeeting",
    "Send the notice (time, place, agenda) to the members and the superior committee.",
    stamped=True,
)
meetings.step("/{meeting_id}/materials", commands.add_materials, MaterialsAdd, "add_materials", "addMeetingMaterials")
