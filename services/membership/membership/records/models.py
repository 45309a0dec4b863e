"""The member record's tables and API schemas: the personal history's sections, the yearly supplements, the party
card's events and the scanned documents (stored content-addressed; the table keeps their hash and type)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from membership.base import Base
from membership.records.rules import CardEventKind
from shared.columns import Versioned
from shared.member_categories import GeneralEducation, Occupation, PoliticalTheory, ProfessionalLevel, Religion


class MemberRecord(Versioned, Base):
    """The sections of the personal history (lý lịch) and member sheet (phiếu đảng viên) the member row lacks.

    Keyed by the member, not by an organisation: it travels with the member on a permanent transfer."""

    __tablename__ = "member_records"

    member_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sections: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RecordSupplement(Base):
    """A yearly supplement (phiếu bổ sung hồ sơ đảng viên): one per member and year."""

    __tablename__ = "member_record_supplements"
    __table_args__ = (UniqueConstraint("member_id", "year", name="uq_member_record_supplements_year"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    supplement_date: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text, comment="What changed in the year, as the member declared it")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CardEvent(Base):
    """The party card's life: issued, lost, reissued."""

    __tablename__ = "member_card_events"
    __table_args__ = (Index("ix_member_card_events_member", "member_id", "event_date"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(10))
    event_date: Mapped[date] = mapped_column(Date)
    card_number: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)


class RecordAttachment(Base):
    """A scanned document of the record; the bytes are in the store under their sha256."""

    __tablename__ = "member_record_attachments"
    __table_args__ = (UniqueConstraint("member_id", "sha256", name="uq_member_record_attachments_sha"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(36))
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str | None] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# ---- API schemas --------------------------------------------------------------------------------------------------


class Relative(BaseModel):
    model_config = ConfigDict(extra="forbid")

    relation: str = Field(max_length=40, description="cha, mẹ, vợ, chồng, con, anh, chị, em …")
    full_name: str = Field(min_length=1, max_length=120)
    birth_year: int | None = Field(None, ge=1850, le=2100)
    occupation: str | None = Field(None, max_length=200)


class WorkPeriod(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_date: date
    to_date: date | None = None
    place: str = Field(max_length=200)
    position: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _ordered(self) -> WorkPeriod:
        if self.to_date is not None and self.to_date < self.from_date:
            raise ValueError("to_date is before from_date")
        return self


class Decision(BaseModel):
    """An award or a discipline as the personal history lists it: when, what, by whom."""

    model_config = ConfigDict(extra="forbid")

    decided_on: date
    form: str = Field(max_length=200, description="Huân chương …, Khiển trách …")
    decided_by: str | None = Field(None, max_length=200)


class Education(BaseModel):
    model_config = ConfigDict(extra="forbid")

    general: str | None = Field(None, max_length=20, description="Giáo dục phổ thông, e.g. 12/12.")
    professional: str | None = Field(None, max_length=200, description="Chuyên môn, nghiệp vụ (degree, field).")
    political_theory: PoliticalTheory | None = Field(
        None, description="Lý luận chính trị: sơ cấp, trung cấp, cao cấp, cử nhân."
    )
    general_level: GeneralEducation | None = Field(
        None, description="The general education level as the statistical forms count it (code of `general`)."
    )
    professional_level: ProfessionalLevel | None = Field(
        None, description="The highest professional qualification as the forms count it (code of `professional`)."
    )


class RecordBody(BaseModel):
    """The whole record; a PUT replaces every section."""

    model_config = ConfigDict(extra="forbid")

    education: Education = Field(default_factory=Education)
    occupation: str | None = Field(None, max_length=200)
    religion: str | None = Field(None, max_length=60)
    occupation_group: Occupation | None = Field(
        None, description="The occupation as the statistical forms count it (the code of `occupation`)."
    )
    religion_group: Religion | None = Field(
        None, description="The religion as the forms count it (the code of `religion`); masked like `religion`."
    )
    family: list[Relative] = Field(default_factory=list, max_length=60)
    work_history: list[WorkPeriod] = Field(default_factory=list, max_length=100)
    awards: list[Decision] = Field(default_factory=list, max_length=100)
    discipline: list[Decision] = Field(default_factory=list, max_length=100)


class SupplementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=1930, le=2100)
    supplement_date: date
    content: str = Field(min_length=1, max_length=8000)


class SupplementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    year: int
    supplement_date: date
    content: str | None = Field(description="Withheld (null) from roles that do not read sensitive fields.")


class CardEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: CardEventKind
    event_date: date
    card_number: str | None = Field(None, max_length=30, description="Required when a card is issued or reissued.")
    note: str | None = Field(None, max_length=2000)


class CardEventOut(CardEventIn):
    model_config = ConfigDict(from_attributes=True)

    id: int


class AttachmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sha256: str
    content_type: str
    size_bytes: int
    title: str | None
    uploaded_at: datetime


class RecordOut(RecordBody):
    member_id: str
    version: int = Field(description="0 while nothing has been recorded; the ETag.")
    masked: list[str] = Field(default_factory=list, description="Sections withheld from the caller's role.")
    card_events: list[CardEventOut] = Field(default_factory=list)
    attachments: list[AttachmentOut] = Field(default_factory=list)
