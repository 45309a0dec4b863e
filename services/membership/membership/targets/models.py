"""Admission targets: the table and its API schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from membership.base import Base
from shared.columns import Versioned


class AdmissionTarget(Versioned, Base):
    """How many people an organisation aims to admit in a year (chỉ tiêu phát triển đảng viên)."""

    __tablename__ = "admission_targets"

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[int] = mapped_column(Integer)


class TargetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: int = Field(ge=0, le=1_000_000)


class TargetOut(BaseModel):
    org_id: str
    year: int
    target: int
    admitted: int = Field(description="Admissions (ceremonies) in the subtree in that year.")
    progress: float = Field(description="admitted / target (0 when the target is 0).")
    version: int
