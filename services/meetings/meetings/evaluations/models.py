"""Provincial rubrics and meeting evaluation forms: tables and API schemas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from meetings.base import Base
from meetings.evaluations.rules import Grade
from shared.columns import Created, Versioned
from shared.openapi import strict_body

EvaluationStatus = Literal["draft", "confirmed"]
"""A form is a draft the branch may correct until the working group confirms it."""


class RubricRow(Versioned, Created, Base):
    """A province's rubric from ``effective_from`` until its next one."""

    __tablename__ = "rubrics"
    __table_args__ = (UniqueConstraint("org_id", "effective_from", name="uq_rubrics_org_from"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    effective_from: Mapped[date] = mapped_column(Date)
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    bands: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


class EvaluationRow(Versioned, Base):
    """The evaluation form of one held meeting: filled by the branch secretary, confirmed by the superior."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("meeting_id", name="uq_evaluations_meeting"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36))
    rubric_id: Mapped[str] = mapped_column(String(36))
    scores: Mapped[dict[str, int]] = mapped_column(JSONB)
    total: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(20))
    venue: Mapped[str | None] = mapped_column(Text)
    facilities: Mapped[str | None] = mapped_column(Text)
    materials: Mapped[str | None] = mapped_column(Text)
    recommendations: Mapped[str | None] = mapped_column(Text)
    observations: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), comment="draft or confirmed")
    filled_by: Mapped[str] = mapped_column(String(200))
    confirmed_by: Mapped[str | None] = mapped_column(String(200))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CriterionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(max_length=60)
    weight: int


class BandIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    grade: Grade
    min_score: int
    max_score: int


DEFAULT_EXAMPLE: dict[str, Any] = {
    "criteria": [
        {"code": "preparation", "weight": 15},
        {"code": "attendance", "weight": 20},
        {"code": "conduct", "weight": 45},
        {"code": "closing", "weight": 20},
    ],
    "bands": [
        {"grade": "poor", "min_score": 0, "max_score": 49},
        {"grade": "average", "min_score": 50, "max_score": 69},
        {"grade": "fair", "min_score": 70, "max_score": 89},
        {"grade": "good", "min_score": 90, "max_score": 100},
    ],
}


class RubricCreate(BaseModel):
    model_config = strict_body({"org_id": "…", "effective_from": "2026-01-01", **DEFAULT_EXAMPLE})
    org_id: str = Field(description="The province that sets the rubric.")
    effective_from: date
    criteria: list[CriterionIn] = Field(min_length=1, max_length=30)
    bands: list[BandIn] = Field(max_length=10)


class RubricUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    criteria: list[CriterionIn] = Field(min_length=1, max_length=30)
    bands: list[BandIn] = Field(max_length=10)


class RubricOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str = Field(description='"default" for the built-in rubric used where a province set none.')
    org_id: str | None
    effective_from: date
    criteria: list[CriterionIn]
    bands: list[BandIn]
    version: int


class EvaluationFill(BaseModel):
    model_config = strict_body(
        {
            "scores": {"preparation": 14, "attendance": 18, "conduct": 40, "closing": 18},
            "venue": "Nhà văn hóa thôn",
            "facilities": "Đủ bàn ghế, loa",
            "materials": "Gửi trước 2 ngày",
            "recommendations": "Đề nghị hỗ trợ tài liệu chuyên đề",
        }
    )
    scores: dict[str, int]
    venue: str | None = Field(None, max_length=5000)
    facilities: str | None = Field(None, max_length=5000)
    materials: str | None = Field(None, max_length=5000)
    recommendations: str | None = Field(None, max_length=5000, description="The branch's recommendations.")
    observations: str | None = Field(None, max_length=5000, description="The working group's observations.")


class EvaluationConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    observations: str | None = Field(None, max_length=5000, description="The working group's observations.")


class EvaluationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    meeting_id: str
    org_id: str
    rubric_id: str
    scores: dict[str, int]
    total: int
    max_score: int
    grade: Grade
    venue: str | None
    facilities: str | None
    materials: str | None
    recommendations: str | None
    observations: str | None
    status: EvaluationStatus
    filled_by: str
    confirmed_by: str | None
    confirmed_at: datetime | None
    version: int


@dataclass(frozen=True)
class RubricFilters:
    """What a list of rubrics may be narrowed to: the province that set them."""

    org_id: str | None = None
