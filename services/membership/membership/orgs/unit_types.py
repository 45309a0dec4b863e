"""The unit type of a grassroots organisation (loại hình tổ chức cơ sở đảng: xã, doanh nghiệp, …), kept beside the
platform's tree (``org_nodes`` is every service's copy; the type is membership's fact, published in events).

Set at creation (``OrgCreate.unit_type``, the import's ``unit_type`` column) or later by its command, which
publishes ``org.unit_type_set`` with the date it holds from, so a report of a period can count by the type then."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import Date, DateTime, String, Table, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Mapped, mapped_column

from membership.base import Base
from shared.db import UnitOfWork


class OrgUnitType(Base):
    __tablename__ = "org_unit_types"

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_type: Mapped[str] = mapped_column(String(40), comment="shared.org_unit_types code")
    since: Mapped[date] = mapped_column(Date, comment="The date the type holds from")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


UNIT_TYPES = cast(Table, OrgUnitType.__table__)


async def current(uow: UnitOfWork, org_id: str) -> str | None:
    found = await uow.session.execute(select(UNIT_TYPES.c.unit_type).where(UNIT_TYPES.c.org_id == org_id))
    return found.scalar_one_or_none()


async def store(uow: UnitOfWork, types: dict[str, tuple[str, date]]) -> None:
    """Organisation id → (type, since), inserted or replaced."""
    if not types:
        return
    rows = [{"org_id": org_id, "unit_type": kind, "since": since} for org_id, (kind, since) in types.items()]
    upsert = insert(UNIT_TYPES)
    await uow.session.execute(
        upsert.on_conflict_do_update(
            index_elements=[UNIT_TYPES.c.org_id],
            set_={"unit_type": upsert.excluded.unit_type, "since": upsert.excluded.since, "updated_at": func.now()},
        ),
        rows,
    )
