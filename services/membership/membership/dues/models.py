"""Dues collected per member and month, each level's month (received, retained, remitted), the API schemas."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from membership.base import Base
from membership.dues.rules import DuesCategory

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class DuesPayment(Base):
    """One member's dues for one month, collected by the branch with its receipt (or excused with a reason)."""

    __tablename__ = "dues_payments"
    __table_args__ = (
        UniqueConstraint("member_id", "month", name="uq_dues_payments_member_month"),
        Index("ix_dues_payments_org_month", "org_id", "month"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36), comment="The branch that collected")
    month: Mapped[date] = mapped_column(Date, comment="First day of the month the dues are for")
    category: Mapped[str] = mapped_column(String(20))
    basis: Mapped[int | None] = mapped_column(BigInteger, comment="Salary basis, benefit or pension (VND)")
    amount_due: Mapped[int] = mapped_column(BigInteger)
    amount_paid: Mapped[int] = mapped_column(BigInteger)
    reduction_percent: Mapped[int] = mapped_column(Integer, default=0)
    receipt_number: Mapped[str | None] = mapped_column(String(60))
    paid_on: Mapped[date] = mapped_column(Date)
    excused_reason: Mapped[str | None] = mapped_column(Text, comment="A valid reason for not paying this month")
    included_in: Mapped[int | None] = mapped_column(
        BigInteger, comment="The branch's month (dues_months.id) whose remittance carried this payment"
    )
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DuesMonth(Base):
    """What one level received for a month, kept and remitted up the tree; for a branch it closes the month."""

    __tablename__ = "dues_months"
    __table_args__ = (
        UniqueConstraint("org_id", "month", name="uq_dues_months_org_month"),
        Index("ix_dues_months_parent_month", "parent_id", "month"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    parent_id: Mapped[str | None] = mapped_column(String(36), comment="The level the remittance went to")
    month: Mapped[date] = mapped_column(Date)
    collected: Mapped[int] = mapped_column(BigInteger, comment="Collected from this level's own members")
    received: Mapped[int] = mapped_column(BigInteger, comment="Collected plus the units' remittances")
    retained: Mapped[int] = mapped_column(BigInteger)
    remitted: Mapped[int] = mapped_column(BigInteger)
    retained_percent: Mapped[int] = mapped_column(Integer)
    arrears_members: Mapped[int] = mapped_column(Integer, default=0)
    included_in: Mapped[int | None] = mapped_column(
        BigInteger, comment="The parent's month (dues_months.id) whose remittance carried this one"
    )
    receipt_number: Mapped[str | None] = mapped_column(String(60))
    remitted_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_id: str
    month: str = Field(pattern=MONTH, description="The month the dues are for, YYYY-MM.")
    category: DuesCategory
    basis: int | None = Field(None, ge=0, description="Previous month's salary basis, benefit or pension (VND).")
    declared: int | None = Field(None, ge=0, description="The amount for members abroad and other members.")
    reduction_percent: int = Field(0, ge=0, le=100)
    reduction_month: int = Field(0, ge=0, description="Which month of the reduction this is (1 = the first).")
    amount_paid: int = Field(ge=0)
    receipt_number: str | None = Field(None, max_length=60)
    paid_on: date
    excused_reason: str | None = Field(None, max_length=2000, description="A valid reason for not paying.")


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    member_id: str
    org_id: str
    month: date
    category: DuesCategory
    basis: int | None
    amount_due: int
    amount_paid: int
    reduction_percent: int
    receipt_number: str | None
    paid_on: date
    excused_reason: str | None


class RemittanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org_id: str
    month: str = Field(pattern=MONTH)
    remitted_on: date
    receipt_number: str | None = Field(None, max_length=60)


class DuesMonthOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    org_id: str
    parent_id: str | None
    month: date
    collected: int
    received: int
    retained: int
    remitted: int
    retained_percent: int
    arrears_members: int
    receipt_number: str | None
    remitted_on: date


class ArrearsOut(BaseModel):
    member_id: str
    year: int
    unpaid_months: list[int] = Field(
        description="Months of the year closed by the branch and neither paid nor excused."
    )
    flagged: bool
