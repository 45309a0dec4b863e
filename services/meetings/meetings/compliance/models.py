"""Per-organisation, per-year compliance targets (table and schemas) and the compliance report schemas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from meetings.base import Base
from shared.columns import Updated, Versioned
from shared.meeting_targets import TargetPercentColumns
from shared.openapi import strict_body
from shared.orgtree import OrgKind


class MeetingTarget(TargetPercentColumns, Versioned, Updated, Base):
    """An organisation's targets for a year; they apply to every branch below it that sets none of its own."""

    __tablename__ = "meeting_targets"
    __table_args__ = (PrimaryKeyConstraint("org_id", "year"),)

    org_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)


def _percent(description: str, *, optional: bool = False) -> Any:
    """A target in percent with two decimals; an ``optional`` one may be left unset (null: the default applies)."""
    return Field(None if optional else ..., ge=0, le=100, max_digits=5, decimal_places=2, description=description)


class TargetsIn(BaseModel):
    model_config = strict_body(
        {
            "meetings_held_percent": 100,
            "attendance_percent": 90,
            "well_attended_percent": 100,
            "superior_attended_percent": 60,
        }
    )
    meetings_held_percent: Decimal = _percent("Months with a regular meeting, quarters with a thematic one.")
    attendance_percent: Decimal = _percent("Overall attendance, and the bar of a well-attended meeting.")
    well_attended_percent: Decimal = _percent("Share of meetings at or above the attendance bar.")
    superior_attended_percent: Decimal = _percent("Share of meetings attended by a superior committee.")
    resolutions_percent: Decimal | None = _percent(
        "Share of meetings adopting a resolution (reported by reporting; default 95).", optional=True
    )
    materials_percent: Decimal | None = _percent(
        "Share of meetings with materials prepared (reported by reporting; default 100).", optional=True
    )


class TargetsOut(TargetsIn):
    model_config = ConfigDict(extra="ignore")
    org_id: str
    year: int
    source: str = Field(description='"own", "inherited:<org id>" or "default".')
    version: int | None = Field(None, description="Set when the organisation has its own targets (its ETag).")


class FigureOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # read from a rules.Figure's fields and properties

    achieved: int
    out_of: int
    percent: Decimal | None = Field(description="Rounded half-up to 2 places; null when nothing to count.")
    target: Decimal
    passed: bool | None = Field(description="Compared exactly, before rounding; null when nothing to count.")


class ComplianceOut(BaseModel):
    org_id: str
    name: str
    kind: OrgKind
    period: str
    as_of: date
    branches: int = Field(description="Branches counted (1 for a branch).")
    branches_passed: int
    regular_months: FigureOut
    regular_meetings_held: int
    thematic_quarters: FigureOut
    thematic_meetings_held: int
    meetings_held: int
    attendance: FigureOut
    well_attended: FigureOut
    superior_attended: FigureOut
    passed: bool
    targets_source: str


@dataclass(frozen=True)
class TargetFilters:
    """What a list of organisations' own targets may be narrowed to: the year."""

    year: Annotated[int | None, Query(ge=2000, le=2100)] = None
