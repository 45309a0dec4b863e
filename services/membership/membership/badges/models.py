"""Badges in the member's record, the disciplines that defer them, and the API schemas."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import BigInteger, Boolean, Date, DateTime, Identity, Index, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from membership.badges.rules import AwardKind
from membership.base import Base


class MemberBadge(Base):
    """A badge awarded: one per member and milestone."""

    __tablename__ = "member_badges"
    __table_args__ = (
        UniqueConstraint("member_id", "milestone", name="uq_member_badges_milestone"),
        Index("ix_member_badges_org_date", "org_id", "award_date"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36), comment="The member's branch on the award date")
    milestone: Mapped[int] = mapped_column(Integer, comment="Years of party age")
    award_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12), comment="regular, illness (early) or posthumous")
    party_age_months: Mapped[int] = mapped_column(Integer)
    decision_number: Mapped[str | None] = mapped_column(String(60))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MemberDiscipline(Base):
    """A discipline of a member as inspection published it: what defers a badge (annulled ones no longer do)."""

    __tablename__ = "member_disciplines"
    __table_args__ = (Index("ix_member_disciplines_member", "member_id"),)

    discipline_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(36))
    measure: Mapped[str] = mapped_column(String(30))
    effective_date: Mapped[date] = mapped_column(Date)
    annulled: Mapped[bool] = mapped_column(Boolean, default=False)


class AwardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    award_date: date = Field(description="One of 3/2, 19/5, 2/9, 7/11; another day needs `override_reason`.")
    kind: AwardKind = AwardKind.REGULAR
    milestone: int | None = Field(None, ge=30, le=90, description="Defaults to the highest milestone reached.")
    decision_number: str | None = Field(None, max_length=60)
    override_reason: str | None = Field(
        None, max_length=2000, description="An award on another occasion (the provincial standing committee)."
    )


class BadgeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    member_id: str
    org_id: str
    milestone: int
    award_date: date
    kind: AwardKind
    party_age_months: int
    decision_number: str | None


class EligibilityOut(BaseModel):
    """A member whose party age reaches a milestone by the award date, with the verdict of the rules."""

    member_id: str
    org_id: str
    full_name: str
    status: str
    party_age_months: int
    milestone: int | None
    eligible: bool
    rule: str | None = Field(None, description="Why not (badge.disciplined, badge.already_awarded, …).")
    eligible_from: date | None = None
    readmitted: bool = Field(description="Party age is the sum of more than one period of membership.")
