"""The meetings table and the API schemas of scheduling, notice and materials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    computed_field,
    model_validator,
)
from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from meetings.base import Base
from meetings.schedules.rules import MeetingKind, MeetingStatus
from shared.columns import Created, Updated, Versioned
from shared.openapi import strict_body


class Meeting(Versioned, Created, Updated, Base):
    """A branch meeting through its life: scheduled → notified → held (or cancelled)."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_org_date", "org_id", "meeting_date", "id"),
        Index("ix_meetings_date", "meeting_date", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    meeting_date: Mapped[date] = mapped_column(Date, comment="local (Asia/Ho_Chi_Minh) date of starts_at")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    topic: Mapped[str | None] = mapped_column(String(500))
    plan_id: Mapped[str | None] = mapped_column(String(36))
    place: Mapped[str | None] = mapped_column(String(300))
    agenda: Mapped[list[str]] = mapped_column(JSONB, default=list)
    materials: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notice_late: Mapped[bool] = mapped_column(Boolean, default=False)
    materials_late: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    duration_short: Mapped[bool] = mapped_column(Boolean, default=False)
    expected: Mapped[int | None] = mapped_column(Integer)
    present: Mapped[int | None] = mapped_column(Integer)
    excused: Mapped[int | None] = mapped_column(Integer)
    unexcused: Mapped[int | None] = mapped_column(Integer)
    guests: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    superior_attendees: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    minutes: Mapped[str | None] = mapped_column(Text)
    good_meeting: Mapped[bool | None] = mapped_column(Boolean, comment="the attendance test of a good meeting")


def _within_calendar(moment: datetime) -> datetime:
    """Keep meeting times to years the calendar handles (and away from datetime's limits)."""
    if not 2000 <= moment.year <= 2100:
        raise ValueError("the year must be between 2000 and 2100")
    return moment


MeetingTime = Annotated[AwareDatetime, AfterValidator(_within_calendar)]


class Material(BaseModel):
    """Metadata and a link: the files themselves live in the document store, not here."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=300)
    url: HttpUrl
    media_type: str | None = Field(None, max_length=100, examples=["application/pdf"])
    size_bytes: int | None = Field(None, ge=0)
    sent_at: MeetingTime = Field(description="When the material reached the members.")


class MeetingCreate(BaseModel):
    model_config = strict_body(
        {
            "org_id": "…",
            "kind": "thematic",
            "starts_at": "2026-03-20T14:00:00+07:00",
            "topic": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        }
    )
    org_id: str
    kind: MeetingKind
    starts_at: MeetingTime
    topic: str | None = Field(None, max_length=500)
    plan_id: str | None = None


class MonthlyRuleIn(BaseModel):
    """Either a day of the month (clamped to the month's end), or the nth weekday (nth -1 = the last)."""

    model_config = ConfigDict(extra="forbid")
    day: int | None = Field(None, examples=[5])
    weekday: int | None = Field(None, description="0 = Monday … 6 = Sunday")
    nth: int | None = Field(None, description="1–4, or -1 for the last")

    @model_validator(mode="after")
    def one_form(self) -> MonthlyRuleIn:
        if (self.day is None) == (self.weekday is None and self.nth is None):
            raise ValueError("give either day, or weekday and nth")
        if self.day is None and (self.weekday is None or self.nth is None):
            raise ValueError("give both weekday and nth")
        return self


class YearGenerate(BaseModel):
    model_config = strict_body({"org_id": "…", "year": 2026, "rule": {"day": 5}, "at": "14:00:00", "subtree": False})
    org_id: str = Field(description="A branch, or (with subtree) any organisation above branches.")
    year: int = Field(ge=2000, le=2100)
    rule: MonthlyRuleIn
    at: time = Field(description="Local (Asia/Ho_Chi_Minh) time of day.")
    subtree: bool = Field(False, description="Generate for every active branch under org_id.")
    not_before: date | None = Field(None, description="Skip months whose meeting day is earlier.")


class GenerateResult(BaseModel):
    year: int
    branches: int
    created: int
    skipped_months: int = Field(description="Months that already had a regular or combined meeting.")
    meeting_ids: list[str]


class Reschedule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    starts_at: MeetingTime
    reason: str | None = Field(None, max_length=1000)


class Cancel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=1000)


class Notice(BaseModel):
    model_config = strict_body(
        {
            "place": "Nhà văn hóa thôn",
            "agenda": ["Kiểm điểm tháng", "Nhiệm vụ tháng tới"],
            "notified_at": "2026-03-01T08:00:00+07:00",
            "superior_org_id": "…",
        }
    )
    place: str = Field(min_length=1, max_length=300)
    agenda: list[str] = Field(min_length=1, max_length=50)
    notified_at: MeetingTime | None = Field(None, description="Defaults to now.")
    materials: list[Material] = Field(default_factory=list, max_length=50)


class MaterialsAdd(BaseModel):
    model_config = ConfigDict(extra="forbid")
    materials: list[Material] = Field(min_length=1, max_length=50)


class MeetingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    org_id: str
    kind: MeetingKind
    status: MeetingStatus
    meeting_date: date
    starts_at: datetime
    topic: str | None
    plan_id: str | None
    place: str | None
    agenda: list[str]
    materials: list[dict[str, Any]]
    notified_at: datetime | None
    notice_late: bool
    materials_late: bool
    cancel_reason: str | None
    started_at: datetime | None
    ended_at: datetime | None
    duration_minutes: int | None
    duration_short: bool
    expected: int | None
    present: int | None
    excused: int | None
    unexcused: int | None
    guests: list[dict[str, Any]]
    superior_attendees: list[dict[str, Any]]
    minutes: str | None
    good_meeting: bool | None = Field(description="Above 85% present, nobody unexcused, no long absence streak.")
    version: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def materials_missing(self) -> bool:
        """No materials attached: flagged, since the targets want every meeting to have them."""
        return not self.materials


@dataclass(frozen=True)
class MeetingFilters:
    """What a list of meetings may be narrowed to (each a query parameter; ``None`` leaves the list whole)."""

    org_id: str | None = None
    under: str | None = None
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    date_from: date | None = None
    date_to: date | None = None
