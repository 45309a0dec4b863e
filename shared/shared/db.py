"""Database engine, and the unit of work: one transaction per command, with its events and audit rows.

A command opens a ``UnitOfWork``, changes state through ``uow.session``, records events with ``uow.publish`` and
audit rows with ``uow.audit``, and calls ``commit``. Events become outbox rows in the same transaction, so a
state change is never published without being stored nor stored without being published. After the commit the
local relay is woken; other processes hear it through ``NOTIFY`` (sent inside the transaction, so only on commit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from shared.events import Envelope, EventPayload
from shared.idempotency import record_commit
from shared.schema import audit_log, outbox


def make_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        hide_parameters=True,  # an exception's text never carries a row's values (national IDs, addresses)
        connect_args={"server_settings": {"timezone": "UTC", "application_name": "grassroots"}},
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


def notify_channel(service: str) -> str:
    return f"outbox_{service}"


OUTBOX_ORDER_LOCK = 0x6F7574626F78  # "outbox": the advisory lock that makes outbox order commit order
"""Taken just before a transaction writes its outbox rows and held until it commits (``NOTIFY`` already serialises
commits of such transactions in PostgreSQL, so the cost is only the insert). Sequence numbers are then handed out in
commit order: a reader of the log that has seen ``seq`` N has seen every row below N that will ever exist, so the
change feed's cursor never skips a row committed late (``shared.changes``)."""


@dataclass(frozen=True)
class Context:
    """Who is acting and under which request: copied into every event envelope and audit row."""

    actor: str = "system"
    request_id: str | None = None
    traceparent: str | None = None


@dataclass
class UnitOfWork:
    """One transaction: state changes, outbox rows and audit rows commit together or not at all."""

    sessionmaker: async_sessionmaker[AsyncSession]
    service: str
    context: Context = field(default_factory=Context)
    on_commit: Callable[[], None] | None = None
    session: AsyncSession = field(init=False)
    events: list[Envelope] = field(init=False, default_factory=list)
    _committed: bool = field(init=False, default=False)

    async def __aenter__(self) -> UnitOfWork:
        self.session = self.sessionmaker()
        await self.session.begin()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                await self.session.rollback()
        finally:
            await self.session.close()

    def publish(
        self,
        payload: EventPayload,
        *,
        subject: str,
        aggregate_id: str,
        orgpath: str | None = None,
        previous_orgpath: str | None = None,
    ) -> Envelope:
        """Record an event to be written to the outbox at commit. ``subject`` is the CloudEvents subject;
        ``previous_orgpath`` names the organisation the subject left, when the change moved it."""
        envelope = Envelope(
            source=f"/grassroots/{self.service}",
            type=payload.spec.type,
            subject=subject,
            data=payload.model_dump(mode="json"),
            actor=self.context.actor,
            orgpath=orgpath,
            previousorgpath=previous_orgpath if previous_orgpath != orgpath else None,
            traceparent=self.context.traceparent,
            requestid=self.context.request_id,
            aggregateid=aggregate_id,
        )
        self.events.append(envelope)
        return envelope

    async def audit(
        self,
        action: str,
        entity_type: str,
        entity_id: str,
        *,
        org_id: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        await self.session.execute(
            insert(audit_log).values(
                actor=self.context.actor,
                request_id=self.context.request_id,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                org_id=org_id,
                before=before,
                after=after,
            )
        )

    async def commit(self) -> None:
        await self.session.flush()
        await record_commit(self.session)  # an Idempotency-Key request's "done" commits with its effects
        if self.events:
            await self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_ORDER_LOCK})
            await self.session.execute(insert(outbox), [_outbox_row(e) for e in self.events])
            await self.session.execute(
                text("SELECT pg_notify(:channel, '')"), {"channel": notify_channel(self.service)}
            )
        await self.session.commit()
        self._committed = True
        if self.events and self.on_commit is not None:
            self.on_commit()


def _outbox_row(envelope: Envelope) -> dict[str, Any]:
    extra = envelope.__pydantic_extra__ or {}
    return {
        "event_id": envelope.id,
        "aggregate_id": str(extra.get("aggregateid", envelope.subject)),
        "event_type": envelope.type,
        "nats_subject": envelope.nats_subject,
        "envelope": envelope.model_dump(mode="json", exclude_none=True),
    }


@dataclass
class Database:
    """A service's engine and session factory, plus the hook that wakes its outbox relay."""

    engine: AsyncEngine
    service: str
    on_commit: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        self.sessionmaker = make_sessionmaker(self.engine)

    def uow(self, context: Context | None = None) -> UnitOfWork:
        return UnitOfWork(self.sessionmaker, self.service, context or Context(), self.on_commit)

    def read_session(self) -> AsyncSession:
        return self.sessionmaker()
