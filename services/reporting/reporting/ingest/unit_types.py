"""Grassroots organisations by unit type (xã, doanh nghiệp, …: ``shared.org_unit_types``), the stock form 5-BTCTW
counts: ``orgs.unit.<type>`` is 1 on an active grassroots organisation of that type, summed up its ancestors like
``orgs.active.<kind>`` (moves carry it with the subtree's totals; a merge, dissolution or restoration takes it away
or back with the kind's count). The current type of each organisation is kept here so a closing knows what to
take away. An unknown code (a newer membership) counts as not stated."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import String, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Mapped, mapped_column

from reporting.base import Base
from shared.db import UnitOfWork
from shared.org_unit_types import UNIT_TYPES

PREFIX = "orgs.unit."


class OrgUnitTypeCopy(Base):
    """The unit type each grassroots organisation has now (membership's ``org_unit_types``, from its events)."""

    __tablename__ = "org_unit_types"

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_type: Mapped[str] = mapped_column(String(40))


class CreatedUnitView(BaseModel):
    """The unit type ``org.created`` states (absent from events published before it existed)."""

    unit_type: str | None = None


class UnitTypeSetView(BaseModel):
    """The fields of ``org.unit_type_set`` reporting reads (tolerant: others are ignored)."""

    org_id: str
    unit_type: str
    effective_date: date


def unit_metric(unit_type: str | None) -> dict[str, int]:
    """The organisation's contribution by its type ({} when none is stated or the code is unknown)."""
    return {f"{PREFIX}{unit_type}": 1} if unit_type in UNIT_TYPES else {}


async def current(uow: UnitOfWork, org_id: str) -> str | None:
    found = await uow.session.execute(select(OrgUnitTypeCopy.unit_type).where(OrgUnitTypeCopy.org_id == org_id))
    return found.scalar_one_or_none()


async def keep(uow: UnitOfWork, org_id: str, unit_type: str | None) -> None:
    if unit_type not in UNIT_TYPES:
        return
    upsert = insert(OrgUnitTypeCopy).values(org_id=org_id, unit_type=unit_type)
    await uow.session.execute(
        upsert.on_conflict_do_update(index_elements=["org_id"], set_={"unit_type": upsert.excluded.unit_type})
    )
