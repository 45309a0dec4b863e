"""Classification batches and their entries: the tables and the API schemas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Boolean, Date, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from inspection.base import Base
from inspection.classification.grades import CapBasis, Grade
from inspection.discipline.targets import TargetKind
from shared.columns import Created, Versioned
from shared.openapi import strict_body

BatchStatus = Literal["current", "superseded"]
"""Only the current batch of an organisation, year and kind of subject counts; a replacement supersedes it."""


class Batch(Versioned, Created, Base):
    """One organisation's submission for a year and one kind of subject, with the cap result it was
    accepted with. A replacement supersedes it; only ``current`` batches count."""

    __tablename__ = "classification_batches"
    __table_args__ = (
        Index(
            "uq_classification_batches_current",
            "org_id",
            "year",
            "target_type",
            unique=True,
            postgresql_where=text("status = 'current'"),
        ),
        Index("ix_classification_batches_org", "org_id", "year", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    target_type: Mapped[str] = mapped_column(String(20))
    assessed_on: Mapped[date] = mapped_column(Date)
    justification: Mapped[str | None] = mapped_column(Text)
    cap_flagged: Mapped[bool] = mapped_column(Boolean)
    cap_excellent: Mapped[int] = mapped_column(Integer)
    cap_basis: Mapped[str] = mapped_column(String(20))
    cap_basis_count: Mapped[int] = mapped_column(Integer)
    cap_max_allowed: Mapped[int] = mapped_column(Integer)
    cap_ratio: Mapped[Decimal] = mapped_column(Numeric(6, 4))
    entry_count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), comment="current | superseded")
    replaces_batch_id: Mapped[str | None] = mapped_column(String(36))


class Entry(Base):
    """One subject's grade. ``subject_org_id``: the organisation rated or the member's branch;
    ``grassroots_org_id``: the grassroots organisation it belongs to (reports group by it)."""

    __tablename__ = "classification_entries"
    __table_args__ = (
        Index(
            "uq_classification_entries_current",
            "target_type",
            "target_id",
            "year",
            unique=True,
            postgresql_where=text("current"),
        ),
        Index("ix_classification_entries_batch", "batch_id", "id"),
        Index("ix_classification_entries_year_org", "year", "target_type", "subject_org_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(36))
    subject_org_id: Mapped[str] = mapped_column(String(36))
    grassroots_org_id: Mapped[str] = mapped_column(String(36))
    grade: Mapped[str] = mapped_column(String(20))
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    disciplined_in_year: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_or_leader_disciplined: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="false", comment="A unit or a leading member disciplined in the year"
    )
    current: Mapped[bool] = mapped_column(Boolean, default=True)


class EntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target_id: str = Field(description="The organisation or member rated.")
    grade: Grade
    score: Decimal | None = Field(
        None,
        ge=0,
        le=100,
        max_digits=5,
        decimal_places=2,
        description="Optional 100-point score; must fall in the grade's band.",
    )


class BatchIn(BaseModel):
    model_config = strict_body(
        {
            "org_id": "3f1c…",
            "year": 2026,
            "target_type": "organisation",
            "assessed_on": "2026-12-15",
            "entries": [{"target_id": "9a2e…", "grade": "good", "score": 82}],
            "justification": None,
        }
    )

    org_id: str = Field(description="The submitting organisation (subjects are in its subtree).")
    year: int = Field(ge=2000, le=2100)
    target_type: TargetKind
    assessed_on: date
    entries: list[EntryIn] = Field(max_length=5000)
    justification: str | None = Field(
        None, max_length=5000, description="Required when the excellent grades exceed the cap."
    )


class EntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    batch_id: str
    year: int
    target_type: TargetKind
    target_id: str
    subject_org_id: str
    grassroots_org_id: str
    grade: Grade
    score: Decimal | None
    disciplined_in_year: bool
    unit_or_leader_disciplined: bool = Field(
        description="Organisations: a unit, or a member holding a post in it, was disciplined in the year."
    )
    current: bool


class BatchOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    org_id: str
    year: int
    target_type: TargetKind
    assessed_on: date
    justification: str | None
    cap_flagged: bool
    cap_excellent: int
    cap_basis: CapBasis
    cap_basis_count: int
    cap_max_allowed: int
    cap_ratio: Decimal
    entry_count: int
    status: BatchStatus
    replaces_batch_id: str | None
    version: int
    entries: list[EntryOut] = Field(default_factory=list)


class ShareOut(BaseModel):
    grade: Grade
    count: int
    percentage: Decimal = Field(description='Two decimals, rounded half up (e.g. "17.50").')


class DistributionOut(BaseModel):
    org_id: str
    year: int
    target_type: TargetKind
    total: int
    shares: list[ShareOut]


@dataclass(frozen=True)
class BatchFilters:
    """What a list of batches may be narrowed to: the organisation, the year, current or superseded."""

    org_id: str | None = None
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None
    status: Annotated[str | None, Query(pattern="^(current|superseded)$")] = None


@dataclass(frozen=True)
class EntryFilters:
    """What a list of classification entries may be narrowed to; superseded entries only when asked for."""

    year: Annotated[int | None, Query(ge=2000, le=2100)] = None
    target_type: TargetKind | None = None
    grade: Grade | None = None
    target_id: str | None = None
    under: Annotated[str | None, Query(description="Only subjects in this organisation's subtree.")] = None
    include_superseded: bool = False
