"""The member copy: only what discipline and classification need, never personal details."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from inspection.base import Base

ACTIVE_STATUSES = ("probationary", "official", "exempt", "transfer_pending", "temporarily_away")
"""Statuses of someone still in the party; any other status (expelled, removed, died…) cannot be disciplined."""


class MemberCopy(Base):
    __tablename__ = "member_copies"

    member_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36), index=True, comment="The member's branch")
    status: Mapped[str] = mapped_column(String(30))
    positions: Mapped[list[str]] = mapped_column(JSONB, default=list)
    as_of: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="Time of the last event applied (older ones are ignored)"
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    member_version: Mapped[int | None] = mapped_column(
        Integer, comment="Membership's row version last applied (events carrying one are ordered by it)"
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    @property
    def holds_post(self) -> bool:
        return any(p.strip() for p in self.positions or [])

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES
