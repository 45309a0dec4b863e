"""The yearly plan of thematic topics by quarter: table and API schemas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from meetings.base import Base
from shared.columns import Created, Updated, Versioned
from shared.openapi import strict_body


class ThematicPlan(Versioned, Created, Updated, Base):
    __tablename__ = "thematic_plans"
    __table_args__ = (UniqueConstraint("org_id", "year", name="uq_thematic_plans_org_year"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    topics: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    revision: Mapped[int] = mapped_column(Integer, default=1)


@dataclass(frozen=True)
class PlanFilters:
    """What a list of plans may be narrowed to (each a query parameter; ``None`` leaves the list whole)."""

    org_id: str | None = None
    under: str | None = None
    year: int | None = None


class TopicIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quarter: int = Field(description="1–4")
    title: str = Field(max_length=500)
    planned_on: date | None = None


class PlanCreate(BaseModel):
    model_config = strict_body(
        {
            "org_id": "…",
            "year": 2026,
            "topics": [
                {"quarter": 1, "title": "Nghị quyết Đại hội XIV"},
                {"quarter": 2, "title": "Chuyển đổi số"},
                {"quarter": 3, "title": "Xây dựng nông thôn mới"},
                {"quarter": 4, "title": "Tổng kết năm"},
            ],
        }
    )
    org_id: str
    year: int = Field(ge=2000, le=2100)
    topics: list[TopicIn] = Field(max_length=100)


class PlanRevise(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topics: list[TopicIn] = Field(max_length=100)


class PlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    org_id: str
    year: int
    topics: list[TopicIn]
    revision: int
    version: int
