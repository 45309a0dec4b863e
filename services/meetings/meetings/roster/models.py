"""The roster log: every change of a member's branch or roster status, with its effective date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from meetings.base import Base


class RosterChange(Base):
    """From ``effective_date`` on (until the member's next change), the member stood in ``org_id`` with
    ``roster_status``. Kept as a log rather than as intervals so that events arriving out of order still give
    the right intervals: the intervals are read by ordering the log (``roster.queries``)."""

    __tablename__ = "roster_changes"
    __table_args__ = (
        Index("ix_roster_changes_member", "member_id", "effective_date", "event_time", "id"),
        Index("ix_roster_changes_org", "org_id", "member_id"),
        # A member event's row, written once whatever its deliveries (the consumer's ON CONFLICT; issue 13)
        UniqueConstraint("event_id", "member_id", name="uq_roster_changes_event_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36))
    roster_status: Mapped[str] = mapped_column(String(20), comment="active, exempt, temporarily_away or left")
    member_status: Mapped[str] = mapped_column(String(30), comment="membership's status after the change")
    change: Mapped[str] = mapped_column(String(40), comment="the membership event verb")
    effective_date: Mapped[date] = mapped_column(Date)
    event_id: Mapped[str] = mapped_column(String(36))
    event_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
