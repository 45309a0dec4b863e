"""Routes of the working-day calendar: anyone reads it, an administrator maintains it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from membership.common import Reader
from membership.holidays import commands, queries
from membership.holidays.models import HolidayIn, HolidayOut
from shared.auth import NationalAdmin
from shared.deps import DB, Ctx
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1/holidays", tags=["calendar"])
Admin = NationalAdmin  # the calendar sets every district's deadlines


@router.get("", operation_id="listHolidays", response_model=Page[HolidayOut])
async def list_holidays(
    principal: Reader,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[HolidayOut]:
    async with db.read_session() as session:
        return await queries.list_holidays(session, page, year)


@router.put("/{day}", operation_id="setHoliday", response_model=HolidayOut)
async def set_holiday(day: date, body: HolidayIn, principal: Admin, db: DB, ctx: Ctx) -> HolidayOut:
    return HolidayOut.model_validate(await commands.set_day(db, ctx, day, body))


@router.delete("/{day}", operation_id="removeHoliday", status_code=status.HTTP_204_NO_CONTENT)
async def remove_holiday(day: date, principal: Admin, db: DB, ctx: Ctx) -> Response:
    await commands.remove_day(db, ctx, day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
