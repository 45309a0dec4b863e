"""Routes of the meeting calendar: schedule, generate a year, list, read, reschedule, cancel, notice, materials."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from meetings.common import IfMatch, Reader, Secretary
from meetings.schedules import commands, queries
from meetings.schedules.models import (
    Cancel,
    GenerateResult,
    MaterialsAdd,
    MeetingCreate,
    MeetingOut,
    Notice,
    Reschedule,
    YearGenerate,
)
from meetings.schedules.rules import MeetingKind, MeetingStatus
from shared import routes
from shared.deps import DB, Ctx
from shared.pagination import Page
from shared.routes import Listed

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


@router.get("", operation_id="listMeetings", response_model=Page[MeetingOut])
async def list_meetings(
    listing: Listed,
    org_id: str | None = None,
    under: str | None = None,
    kind: MeetingKind | None = None,
    status_: Annotated[MeetingStatus | None, Query(alias="status")] = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Page[MeetingOut]:
    return await listing.of(
        queries.list_meetings,
        org_id=org_id,
        under=under,
        kind=kind,
        status=status_,
        date_from=date_from,
        date_to=date_to,
    )


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
