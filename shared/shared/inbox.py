"""Pruning the consumer inbox, which otherwise keeps one row per event applied, forever.

The inbox exists to turn a second delivery of an event into a no-op. A second delivery comes from one of:

- a redelivery of a message whose ack was lost: JetStream redelivers only messages not yet acknowledged, and
  does so ``ack_wait`` after delivering them (after a broker restart, ``ack_wait`` after it is back);
- a re-published outbox row (the relay lost JetStream's ack and publishes the row again): the copy carries the
  same ``Nats-Msg-Id`` and JetStream drops it within the stream's duplicate window
  (``stream_duplicate_window_seconds``);
- an operator's ``republish`` of a range of the event log.

So a row may go once it is older than a retention (``inbox_retention_seconds``, at least the duplicate window
plus a margin, a week by default) **and** the broker has answered the runner continuously for longer than
``ack_wait``: then every message whose ack was lost before has been redelivered and met its row. Rows go in
batches, each its own short transaction, oldest first through the ``(consumer, processed_at)`` index.

The bound: an operator who re-publishes events older than the retention gets them applied again; replaying
that far back is what ``rebuild`` is for (it empties the inbox and the aggregates together).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from shared.db import Database

_PRUNE = text(
    "DELETE FROM inbox WHERE consumer = :consumer AND event_id IN ("
    "  SELECT event_id FROM inbox WHERE consumer = :consumer AND processed_at < now() - CAST(:age AS interval)"
    "  ORDER BY processed_at LIMIT :batch)"
)


async def prune(db: Database, consumer: str, older_than: timedelta, batch: int = 5000) -> int:
    """Delete ``consumer``'s inbox rows older than ``older_than``, ``batch`` rows per transaction; returns how many."""
    removed = 0
    while True:
        async with db.uow() as uow:
            result = await uow.session.execute(_PRUNE, {"consumer": consumer, "age": older_than, "batch": batch})
            await uow.commit()
        count = int(getattr(result, "rowcount", 0) or 0)
        removed += count
        if count < batch:
            return removed


__all__ = ["prune"]
