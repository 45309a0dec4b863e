"""Use cases of the calendar: set or remove one day, each with its event and audit row."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from membership.events import HolidayRemoved, HolidaySet
from membership.holidays.models import DayKind, Holiday, HolidayIn
from shared.db import Context, Database
from shared.errors import NotFound, RuleViolation
from shared.workdays import is_weekend


async def set_day(db: Database, ctx: Context, day: date, body: HolidayIn) -> Holiday:
    if body.kind is DayKind.WORKING_WEEKEND and not is_weekend(day):
        raise RuleViolation("holiday.working_weekend_not_weekend", field="kind", day=day.isoformat())
    async with db.uow(ctx) as uow:
        existing = (
            await uow.session.execute(select(Holiday).where(Holiday.day == day).with_for_update())
        ).scalar_one_or_none()
        before = {"kind": existing.kind, "name": existing.name} if existing else None
        if existing is None:
            existing = Holiday(day=day, kind=body.kind.value, name=body.name)
            uow.session.add(existing)
        else:
            existing.kind, existing.name = body.kind.value, body.name
        uow.publish(
            HolidaySet(day=day, kind=body.kind.value, name=body.name, effective_date=day),
            subject=f"holiday/{day.isoformat()}",
            aggregate_id="calendar",
        )
        await uow.audit(
            "holiday.set", "holiday", day.isoformat(), before=before, after={"kind": body.kind.value, "name": body.name}
        )
        await uow.commit()
    return existing


async def remove_day(db: Database, ctx: Context, day: date) -> None:
    async with db.uow(ctx) as uow:
        existing = (
            await uow.session.execute(select(Holiday).where(Holiday.day == day).with_for_update())
        ).scalar_one_or_none()
        if existing is None:
            raise NotFound("resource.not_found", resource="holiday", id=day.isoformat())
        before = {"kind": existing.kind, "name": existing.name}
        await uow.session.delete(existing)
        uow.publish(
            HolidayRemoved(day=day, effective_date=day), subject=f"holiday/{day.isoformat()}", aggregate_id="calendar"
        )
        await uow.audit("holiday.removed", "holiday", day.isoformat(), before=before)
        await uow.commit()
