"""Appeals against discipline decisions: the table and the API schemas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspection.appeals.levels import FinalAuthority
from inspection.appeals.outcomes import AppealOutcome, AppealState
from inspection.base import Base
from inspection.discipline.measures import Measure
from shared.columns import Created, Versioned
from shared.openapi import strict_body


class AppealRecord(Versioned, Created, Base):
    """One appeal per decision and level; ``org_id`` is the decision's target organisation (for scope);
    ``heard_by_org_id`` the level that hears it (None: the central ``final_authority``)."""

    __tablename__ = "appeals"
    __table_args__ = (
        Index("ix_appeals_org", "org_id", "id"),
        UniqueConstraint("discipline_id", "level", name="uq_appeals_discipline_level"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    discipline_id: Mapped[str] = mapped_column(String(36))
    level: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    heard_by_org_id: Mapped[str | None] = mapped_column(String(36))
    final_authority: Mapped[str | None] = mapped_column(String(40))
    contested_measure: Mapped[str | None] = mapped_column(String(30), comment="The measure in force when lodged")
    org_id: Mapped[str] = mapped_column(String(36))
    received_on: Mapped[date] = mapped_column(Date)
    lodged_on: Mapped[date] = mapped_column(Date)
    grounds: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20))
    new_measure: Mapped[str | None] = mapped_column(String(30))
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_note: Mapped[str | None] = mapped_column(Text)


class AppealCreate(BaseModel):
    model_config = strict_body(
        {
            "discipline_id": "7c1e…",
            "received_on": "2026-03-12",
            "lodged_on": "2026-04-01",
            "grounds": "Hình thức kỷ luật quá nặng so với mức độ vi phạm",
        }
    )

    discipline_id: str
    received_on: date = Field(
        description="The day the disciplined party received the decision contested (for a further appeal, the "
        "previous level's decision on the appeal)."
    )
    lodged_on: date
    grounds: str | None = Field(None, max_length=10000)
    heard_by_org_id: str | None = Field(
        None,
        description="The level that hears it: the nearest committee above the issuer (or above the previous "
        "level). Omitted: that level, chosen for you.",
    )
    to_central: bool = Field(
        False, description="Heard by the central final authority (only above the top of the tree)."
    )


class AppealDecide(BaseModel):
    model_config = strict_body({"outcome": "reduced", "new_measure": "warning", "decided_on": "2026-05-20"})

    outcome: AppealOutcome
    new_measure: Measure | None = Field(
        None, description="For a reduction a strictly lighter measure, for an increase a strictly heavier one."
    )
    decided_on: date
    note: str | None = Field(None, max_length=10000)


class AppealOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    discipline_id: str
    org_id: str
    level: int
    heard_by_org_id: str | None
    final_authority: FinalAuthority | None
    contested_measure: Measure | None
    received_on: date
    lodged_on: date
    grounds: str | None
    state: AppealState
    outcome: AppealOutcome | None
    new_measure: Measure | None
    decided_on: date | None
    decision_note: str | None
    version: int


@dataclass(frozen=True)
class AppealFilters:
    """What a list of appeals may be narrowed to: the decision appealed, the state."""

    discipline_id: str | None = None
    state: AppealState | None = None
