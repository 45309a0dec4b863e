"""Programmes and their items: the tables and the API schemas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Boolean, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspection.base import Base
from inspection.discipline.measures import Measure
from inspection.discipline.targets import TargetKind
from inspection.programmes.rules import ItemKind, ItemState
from shared.columns import Created, Versioned
from shared.openapi import strict_body


class Programme(Versioned, Created, Base):
    """A committee's yearly inspection and supervision programme."""

    __tablename__ = "programmes"
    __table_args__ = (UniqueConstraint("committee_id", "year", name="uq_programmes_committee_year"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    committee_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))


class Item(Versioned, Created, Base):
    """One inspection or supervision of an organisation or a member; ``org_id`` is the target's organisation."""

    __tablename__ = "inspection_items"
    __table_args__ = (
        Index("ix_inspection_items_programme", "programme_id", "id"),
        Index("ix_inspection_items_org", "org_id", "id"),
        Index("ix_inspection_items_committee", "committee_id", "year", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(36))
    committee_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(Text)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(36))
    member_id: Mapped[str | None] = mapped_column(String(36), index=True)
    org_id: Mapped[str] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(20))
    planned_on: Mapped[date | None] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    violation: Mapped[bool | None] = mapped_column(Boolean)
    findings: Mapped[str | None] = mapped_column(Text)
    recommended_measure: Mapped[str | None] = mapped_column(String(30))


class ProgrammeCreate(BaseModel):
    model_config = strict_body(
        {"committee_id": "3f1c…", "year": 2026, "title": "Chương trình kiểm tra, giám sát năm 2026"}
    )

    committee_id: str = Field(description="The committee (organisation) whose programme this is.")
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=3, max_length=300)


class ProgrammeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    committee_id: str
    year: int
    title: str
    version: int


class ItemCreate(BaseModel):
    model_config = strict_body(
        {
            "kind": "thematic_supervision",
            "target_type": "organisation",
            "target_id": "9a2e…",
            "subject": "Việc thực hiện sinh hoạt chi bộ định kỳ",
            "planned_on": "2026-05-01",
        }
    )

    kind: ItemKind
    target_type: TargetKind
    target_id: str
    subject: str | None = Field(None, max_length=2000)
    planned_on: date | None = None


class ItemStart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    started_on: date


class ItemConclude(BaseModel):
    model_config = ConfigDict(extra="forbid")
    concluded_on: date
    violation: bool
    findings: str = Field(max_length=20000)
    recommended_measure: Measure | None = None


class ItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    programme_id: str
    committee_id: str
    year: int
    kind: ItemKind
    subject: str | None
    target_type: TargetKind
    target_id: str
    member_id: str | None
    org_id: str
    state: ItemState
    planned_on: date | None
    started_on: date | None
    concluded_on: date | None
    violation: bool | None
    findings: str | None
    recommended_measure: Measure | None
    version: int


@dataclass(frozen=True)
class ProgrammeFilters:
    """What a list of programmes may be narrowed to: the committee, the year."""

    committee_id: str | None = None
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None


@dataclass(frozen=True)
class ItemFilters:
    """What a list of inspections may be narrowed to (each a query parameter; ``None`` leaves the list whole)."""

    programme_id: str | None = None
    state: ItemState | None = None
    kind: ItemKind | None = None
    target_id: str | None = None
    under: Annotated[str | None, Query(description="Only targets in this organisation's subtree.")] = None
