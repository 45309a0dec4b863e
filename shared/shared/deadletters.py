"""Dead letters and parked events: what a consumer could not apply, kept for an operator, never dropped.

- An event whose handler keeps failing becomes a dead letter after its last allowed delivery.
- A message that is not an envelope at all (not JSON, not CloudEvents) becomes a dead letter at once, with its
  raw bytes kept (base64 in ``envelope.raw_base64``) under a stable id derived from its stream position, so a
  redelivery does not add a second one. Replaying it decodes the bytes again (after a fix); discarding it deletes
  it and writes an audit row saying who discarded what.
- An event parked because what it depends on has not arrived (an organisation) becomes a dead letter once it has
  waited ``parked_dead_letter_after_seconds``: an operator then sees it with its reason instead of a count that
  only grows.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from nats.aio.msg import Msg
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from shared.db import Context, Database, UnitOfWork
from shared.events import Envelope
from shared.metrics import DEAD_LETTERS, PARKED, PARKED_OLDEST_SECONDS
from shared.schema import audit_log, dead_letters, parked_events

UNDECODABLE = "undecodable"
_RAW_NAMESPACE = uuid.UUID("6f1d4a52-8c1e-4f5b-9a57-2f0d8f3c1b7e")


async def store(
    uow: UnitOfWork,
    consumer: str,
    *,
    event_id: str,
    event_type: str,
    envelope: dict[str, Any],
    error: str,
    deliveries: int,
) -> None:
    """Insert or refresh one dead letter (a redelivered poison message updates the same row)."""
    await uow.session.execute(
        pg_insert(dead_letters)
        .values(
            consumer=consumer,
            event_id=event_id,
            event_type=event_type[:200],
            envelope=envelope,
            error=error[:4000],
            deliveries=deliveries,
        )
        .on_conflict_do_update(
            constraint="uq_dead_letters_consumer_event",
            set_={"error": error[:4000], "deliveries": deliveries, "replayed_at": None},
        )
    )


def undecodable(msg: Msg) -> tuple[str, dict[str, Any]]:
    """A stable id (from the stream and its sequence) and the kept form of a message that is not an envelope."""
    try:
        meta = msg.metadata
    except Exception:  # not delivered by JetStream (a test, a core NATS publish): no stream position
        meta = None
    position = f"{meta.stream}:{meta.sequence.stream}" if meta is not None else base64.b64encode(msg.data).decode()
    record = {
        UNDECODABLE: True,
        "subject": msg.subject,
        "stream_position": position if meta is not None else None,
        "headers": dict(msg.headers or {}),
        "raw_base64": base64.b64encode(msg.data).decode(),
    }
    return str(uuid.uuid5(_RAW_NAMESPACE, position)), record


def decode_kept(envelope: dict[str, Any]) -> Envelope:
    """The envelope a dead letter keeps; for a poison message, its raw bytes decoded again (raises if still bad)."""
    if envelope.get(UNDECODABLE):
        return Envelope.from_bytes(base64.b64decode(envelope["raw_base64"]))
    return Envelope.model_validate(envelope)


async def park(db: Database, consumer: str, envelope: Envelope, waiting_for: str) -> None:
    async with db.uow() as uow:
        await uow.session.execute(
            pg_insert(parked_events)
            .values(
                consumer=consumer,
                event_id=envelope.id,
                waiting_for=waiting_for,
                envelope=envelope.model_dump(mode="json", exclude_none=True),
            )
            .on_conflict_do_nothing()
        )
        await uow.commit()


async def due_parked(db: Database, consumer: str, limit: int = 500) -> list[Any]:
    """Parked events whose next attempt is due, oldest first (id, envelope, attempts)."""
    async with db.read_session() as session:
        query = (
            select(parked_events.c.id, parked_events.c.envelope, parked_events.c.attempts)
            .where(parked_events.c.consumer == consumer, parked_events.c.next_attempt_at <= func.now())
            .order_by(parked_events.c.id)
            .limit(limit)
        )
        return list((await session.execute(query)).all())


async def postpone(db: Database, parked_id: int, attempts: int, retry_seconds: float) -> None:
    """The next attempt after an exponential back-off (at most five minutes)."""
    delay = timedelta(seconds=min(retry_seconds * 2 ** min(attempts, 8), 300))
    async with db.uow() as uow:
        await uow.session.execute(
            update(parked_events)
            .where(parked_events.c.id == parked_id)
            .values(attempts=attempts + 1, next_attempt_at=func.now() + delay)
        )
        await uow.commit()


async def expire_parked(db: Database, consumer: str, older_than: timedelta) -> int:
    """Move events parked longer than ``older_than`` to the dead letters, with their reason; returns how many."""
    cutoff = datetime.now(UTC) - older_than
    async with db.uow(Context(actor=f"consumer:{consumer}")) as uow:
        rows = (
            await uow.session.execute(
                select(parked_events)
                .where(parked_events.c.consumer == consumer, parked_events.c.parked_at < cutoff)
                .with_for_update(skip_locked=True)
                .limit(500)
            )
        ).all()
        for row in rows:
            waited = int((datetime.now(UTC) - row.parked_at).total_seconds())
            await store(
                uow,
                consumer,
                event_id=row.event_id,
                event_type=str(row.envelope.get("type", "unknown")),
                envelope=row.envelope,
                error=f"parked {waited} s waiting for {row.waiting_for}",
                deliveries=row.attempts,
            )
        if rows:
            await uow.session.execute(delete(parked_events).where(parked_events.c.id.in_([r.id for r in rows])))
        await uow.commit()
    return len(rows)


async def discard(db: Database, dead_letter_id: int, actor: str) -> bool:
    """Delete a dead letter an operator judged worthless, leaving an audit row of who discarded what."""
    async with db.uow(Context(actor=actor)) as uow:
        row = (
            await uow.session.execute(
                delete(dead_letters).where(dead_letters.c.id == dead_letter_id).returning(dead_letters)
            )
        ).first()
        if row is None:
            return False
        before = {k: row._mapping[k] for k in ("consumer", "event_id", "event_type", "error", "deliveries")}
        await uow.session.execute(
            insert(audit_log).values(
                actor=actor,
                action="dead_letter.discarded",
                entity_type="dead_letter",
                entity_id=str(dead_letter_id),
                before={**before, "envelope": row.envelope},
            )
        )
        await uow.commit()
    return True


async def record_gauges(db: Database, consumer: str) -> None:
    """The parked count, the oldest parked event's age and the pending dead letters, per consumer."""
    async with db.read_session() as session:
        parked, oldest = (
            await session.execute(
                select(func.count(), func.min(parked_events.c.parked_at)).where(parked_events.c.consumer == consumer)
            )
        ).one()
        dead = (
            await session.execute(
                select(func.count())
                .select_from(dead_letters)
                .where(dead_letters.c.consumer == consumer, dead_letters.c.replayed_at.is_(None))
            )
        ).scalar_one()
    PARKED.labels(consumer).set(parked)
    PARKED_OLDEST_SECONDS.labels(consumer).set((datetime.now(UTC) - oldest).total_seconds() if oldest else 0)
    DEAD_LETTERS.labels(consumer).set(dead)


__all__ = [
    "UNDECODABLE",
    "decode_kept",
    "discard",
    "due_parked",
    "expire_parked",
    "park",
    "postpone",
    "record_gauges",
    "store",
    "undecodable",
]
