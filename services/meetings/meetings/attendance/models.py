"""Attendance marks, resolutions and raised absence alerts: tables and the API schemas of a held meeting."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, Integer, PrimaryKeyConstraint, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from meetings.attendance.rules import Mark
from meetings.base import Base
from meetings.schedules.models import MeetingTime
from shared.openapi import strict_body


class AttendanceMarkRow(Base):
    """One expected member at one held meeting. Exempt and temporarily-away members have no row: they were not
    expected. ``meeting_date`` and ``kind`` are copied so the absence rules read one table."""

    __tablename__ = "attendance"
    __table_args__ = (
        PrimaryKeyConstraint("meeting_id", "member_id"),
        Index("ix_attendance_member_date", "member_id", "meeting_date"),
    )

    meeting_id: Mapped[str] = mapped_column(String(36))
    member_id: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36))
    meeting_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    mark: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)


class Resolution(Base):
    __tablename__ = "resolutions"
    __table_args__ = (Index("ix_resolutions_meeting", "meeting_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    abstentions: Mapped[int] = mapped_column(Integer, default=0)
    adopted_on: Mapped[date] = mapped_column(Date)


class RaisedAlert(Base):
    """An absence alert already published: one per member, rule and streak (or year), never repeated."""

    __tablename__ = "absence_alerts"
    __table_args__ = (Index("uq_absence_alerts_identity", "member_id", "rule", "alert_key", unique=True),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36))
    rule: Mapped[str] = mapped_column(String(40))
    alert_key: Mapped[str] = mapped_column(String(20), comment="streak start date, or the year")
    count: Mapped[int] = mapped_column(Integer)
    first_date: Mapped[date] = mapped_column(Date)
    last_date: Mapped[date] = mapped_column(Date)
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MarkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    member_id: str
    mark: Mark
    reason: str | None = Field(None, max_length=500, description="Required for an excused absence.")


class GuestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    member_id: str | None = Field(None, description="When the guest is a member (e.g. exempt, or visiting).")
    note: str | None = Field(None, max_length=300)


class SuperiorAttendeeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    committee_org_id: str = Field(description="The superior committee the attendee represents.")
    position: str | None = Field(None, max_length=200)
    user: str | None = Field(None, max_length=200, description="The attendee's login, when they have one.")


class ResolutionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=500)
    text: str = Field(min_length=1, max_length=20000)
    votes_for: int = Field(ge=0)
    votes_against: int = Field(ge=0)
    abstentions: int = Field(0, ge=0)


class HeldRecord(BaseModel):
    model_config = strict_body(
        {
            "started_at": "2026-03-05T14:00:00+07:00",
            "ended_at": "2026-03-05T16:00:00+07:00",
            "marks": [
                {"member_id": "…", "mark": "present"},
                {"member_id": "…", "mark": "excused", "reason": "ốm"},
            ],
            "superior_attendees": [{"name": "Nguyễn Văn A", "committee_org_id": "…", "position": "Đảng ủy viên"}],
            "minutes": "…",
            "resolutions": [{"title": "Nghị quyết tháng 3", "text": "…", "votes_for": 18, "votes_against": 0}],
        }
    )
    started_at: MeetingTime
    ended_at: MeetingTime
    marks: list[MarkIn] = Field(max_length=2000, description="One mark for every member expected that day.")
    guests: list[GuestIn] = Field(default_factory=list, max_length=200)
    superior_attendees: list[SuperiorAttendeeIn] = Field(default_factory=list, max_length=50)
    minutes: str | None = Field(None, max_length=100000)
    resolutions: list[ResolutionIn] = Field(default_factory=list, max_length=50)


class MarkOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    member_id: str
    mark: Mark
    reason: str | None


class RosterOut(BaseModel):
    org_id: str
    on: date
    expected: list[str]
    exempt: list[str]
    temporarily_away: list[str]


class ResolutionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    title: str
    text: str
    votes_for: int
    votes_against: int
    abstentions: int
