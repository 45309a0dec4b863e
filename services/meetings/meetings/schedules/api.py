"""Routes of the meeting calendar: schedule, generate a year, list, read, reschedule, cancel, notice, materials."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

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
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.pagination import Page
from shared.routes import Listed

router = APIRouter(prefix="/api/v1/meetings", tags=["meetings"])


def _shaped(response: Response, meeting: MeetingOut) -> MeetingOut:
    set_etag(response, meeting.version)
    return meeting


@router.post(
    "",
    operation_id="scheduleMeeting",
    status_code=status.HTTP_201_CREATED,
    response_model=MeetingOut,
    responses=sends("ETag", "Location", status=201),
)
async def schedule_meeting(
    body: MeetingCreate, principal: Secretary, db: DB, ctx: Ctx, response: Response
) -> MeetingOut:
    meeting = await commands.create_meeting(db, ctx, principal, body)
    response.headers["Location"] = f"/api/v1/meetings/{meeting.id}"
    return _shaped(response, meeting)


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
        kind=kind.value if kind else None,
        status=status_.value if status_ else None,
        date_from=date_from,
        date_to=date_to,
    )


@router.get("/{meeting_id}", operation_id="getMeeting", response_model=MeetingOut, responses=sends("ETag"))
async def get_meeting(meeting_id: str, principal: Reader, db: DB, response: Response) -> MeetingOut:
    async with db.read_session() as session:
        meeting = MeetingOut.model_validate(await queries.meeting_in_scope(session, principal, meeting_id))
    return _shaped(response, meeting)


@router.post(
    "/{meeting_id}/reschedule", operation_id="rescheduleMeeting", response_model=MeetingOut, responses=sends("ETag")
)
async def reschedule_meeting(
    meeting_id: str, body: Reschedule, principal: Secretary, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> MeetingOut:
    return _shaped(response, await commands.reschedule_meeting(db, ctx, principal, meeting_id, body, version))


@router.post("/{meeting_id}/cancel", operation_id="cancelMeeting", response_model=MeetingOut, responses=sends("ETag"))
async def cancel_meeting(
    meeting_id: str, body: Cancel, principal: Secretary, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> MeetingOut:
    return _shaped(response, await commands.cancel_meeting(db, ctx, principal, meeting_id, body, version))


@router.post(
    "/{meeting_id}/notice",
    operation_id="notifyMeeting",
    response_model=MeetingOut,
    summary="Send the notice (time, place, agenda) to the members and the superior committee.",
    responses=sends("ETag"),
)
async def notify_meeting(
    meeting_id: str, body: Notice, principal: Secretary, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> MeetingOut:
    meeting = await commands.notify_meeting(db, ctx, principal, meeting_id, body, version, datetime.now(UTC))
    return _shaped(response, meeting)


@router.post(
    "/{meeting_id}/materials", operation_id="addMeetingMaterials", response_model=MeetingOut, responses=sends("ETag")
)
async def add_materials(
    meeting_id: str, body: MaterialsAdd, principal: Secretary, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> MeetingOut:
    return _shaped(response, await commands.add_materials(db, ctx, principal, meeting_id, body, version))
