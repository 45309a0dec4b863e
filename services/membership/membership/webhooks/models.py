"""Webhook subscriptions and their delivery log: the tables and the API schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import BigInteger, Boolean, DateTime, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from membership.base import Base
from shared.columns import Created, Versioned


class WebhookSubscription(Versioned, Created, Base):
    """An endpoint receiving one subtree's events of chosen types, in commit order, from ``cursor`` on."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36), index=True, comment="The subtree whose events are sent")
    url: Mapped[str] = mapped_column(String(2000))
    types: Mapped[list[str]] = mapped_column(JSONB, default=list, comment="Event types or prefixes; [] is all")
    description: Mapped[str | None] = mapped_column(String(300))
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    cursor: Mapped[int] = mapped_column(BigInteger, comment="The outbox seq delivered (or skipped) up to")
    failures: Mapped[int] = mapped_column(Integer, default=0, comment="Consecutive failed attempts")
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(200))


class WebhookDelivery(Base):
    """One attempt to deliver one event: kept for the endpoint's owner to see what was sent and answered."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    subscription_id: Mapped[str] = mapped_column(String(36))
    event_id: Mapped[str] = mapped_column(String(36))
    event_type: Mapped[str] = mapped_column(String(200))
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    succeeded: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_webhook_deliveries_subscription", "subscription_id", "id"),)


TypeName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.]+$", max_length=200)]


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org_id: str = Field(min_length=1, max_length=36, description="Whose subtree's events are sent.")
    url: AnyHttpUrl = Field(description="https, public; http or an internal address only if the operator allows it.")
    types: list[TypeName] = Field(
        default_factory=list, max_length=50, examples=[["vn.party.membership.member"]], description="[] sends all."
    )
    description: str | None = Field(None, max_length=300)


class WebhookChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl | None = None
    types: list[TypeName] | None = Field(None, max_length=50)
    description: str | None = Field(None, max_length=300)
    enabled: bool | None = Field(None, description="true re-enables a disabled endpoint (failures are forgotten).")


class WebhookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    org_id: str
    url: str
    types: list[str]
    description: str | None
    enabled: bool
    disabled_reason: str | None
    failures: int
    failing_since: datetime | None
    next_attempt_at: datetime
    created_at: datetime
    version: int


class WebhookWithSecret(WebhookOut):
    secret: str = Field(description="`whsec_…`: shown only when created or rotated; verify signatures with it.")


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: str
    event_type: str
    attempted_at: datetime
    succeeded: bool
    status_code: int | None
    error: str | None


class Redeliver(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_event_id: str = Field(min_length=1, max_length=36, description="Send again from this event on.")
