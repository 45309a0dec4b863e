"""Discipline decisions: the table and the API schemas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Boolean, Date, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from inspection.base import Base
from inspection.discipline.competence import DecidingLevel
from inspection.discipline.measures import Measure
from inspection.discipline.policies import ViolationCategory
from inspection.discipline.targets import TargetKind
from shared.columns import Created, Versioned
from shared.openapi import strict_body

DisciplineStatus = Literal["in_force", "reduced", "annulled"]
"""A decision is in force until an appeal reduces or annuls it (an upheld appeal leaves it in force)."""


class Discipline(Versioned, Created, Base):
    """A decision (quyết định kỷ luật). ``measure`` is what was decided; ``measure_in_force`` what stands after
    any appeal (None once annulled). ``org_id`` is the member's branch or the organisation disciplined."""

    __tablename__ = "disciplines"
    __table_args__ = (
        UniqueConstraint("issuing_org_id", "decision_number", name="uq_disciplines_issuer_number"),
        Index("ix_disciplines_org", "org_id", "decision_date", "id"),
        Index("ix_disciplines_member", "member_id", "decision_date"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(36))
    member_id: Mapped[str | None] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36))
    measure: Mapped[str] = mapped_column(String(30))
    measure_in_force: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), comment="in_force | reduced | annulled")
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[date] = mapped_column(Date)
    issuing_org_id: Mapped[str] = mapped_column(String(36))
    violation_date: Mapped[date] = mapped_column(Date)
    effective_date: Mapped[date] = mapped_column(Date)
    inspection_id: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str | None] = mapped_column(Text)
    standing: Mapped[str | None] = mapped_column(String(20), comment="A member's standing on the decision date")
    held_post: Mapped[bool] = mapped_column(Boolean, default=False, comment="Whether the member held a post then")
    issuer_level: Mapped[str | None] = mapped_column(String(30), comment="The issuer's level on the decision date")
    violation_category: Mapped[str | None] = mapped_column(String(40), comment="A never time-barred category")
    later_violation_dates: Mapped[list[date]] = mapped_column(
        ARRAY(Date), default=list, server_default="{}", comment="Later violations that restart the limitation"
    )


class DisciplineCreate(BaseModel):
    model_config = strict_body(
        {
            "target_type": "member",
            "target_id": "5b7d…",
            "measure": "warning",
            "decision_number": "12-QĐ/UBKT",
            "decision_date": "2026-03-10",
            "issuing_org_id": "3f1c…",
            "violation_date": "2025-11-02",
            "reason": "Vi phạm quy định về những điều đảng viên không được làm",
        }
    )

    target_type: TargetKind
    target_id: str = Field(description="The member, or the organisation, disciplined.")
    measure: Measure
    decision_number: str = Field(min_length=1, max_length=100)
    decision_date: date
    issuing_org_id: str = Field(description="The target's own organisation or one above it.")
    violation_date: date
    effective_date: date | None = Field(None, description="Defaults to the decision date.")
    inspection_id: str | None = Field(None, description="The inspection whose conclusion led to it, if any.")
    reason: str | None = Field(None, max_length=5000)
    violation_category: ViolationCategory | None = Field(
        None, description="A category never time-barred (102-QĐ/TW Điều 3; 69-QĐ/TW Điều 6), if the violation is one."
    )
    later_violation_dates: list[date] = Field(
        default_factory=list,
        max_length=100,
        description="The target's later violations: one within the limitation period restarts it.",
    )


class DisciplineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    target_type: TargetKind
    target_id: str
    member_id: str | None
    org_id: str
    measure: Measure
    measure_in_force: Measure | None
    status: DisciplineStatus
    decision_number: str
    decision_date: date
    issuing_org_id: str
    violation_date: date
    effective_date: date
    inspection_id: str | None
    reason: str | None
    issuer_level: DecidingLevel | None
    violation_category: ViolationCategory | None
    later_violation_dates: list[date]
    version: int


@dataclass(frozen=True)
class DisciplineFilters:
    """What a list of disciplines may be narrowed to (each a query parameter; ``None`` leaves the list whole)."""

    member_id: str | None = None
    target_type: TargetKind | None = None
    measure: Measure | None = None
    year: Annotated[int | None, Query(ge=2000, le=2100, description="Decision year.")] = None
    under: Annotated[str | None, Query(description="Only targets in this organisation's subtree.")] = None
