"""Holidays: the table and its API schemas."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from membership.base import Base


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # a weekday off (public holiday, Tết, compensatory day)
    WORKING_WEEKEND = "working_weekend"  # a Saturday worked in exchange for a swapped day off


class Holiday(Base):
    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))


class HolidayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: DayKind = DayKind.HOLIDAY
    name: str = Field(min_length=1, max_length=200, examples=["Tết Nguyên đán"])


class HolidayOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    kind: DayKind
    name: str
