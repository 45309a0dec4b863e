"""The consumer runner: durable pull consumers whose effects are exactly-once by event id.

For each fetched batch the runner opens one transaction, records every event id in the inbox (``ON CONFLICT DO
NOTHING`` tells which are new), runs the handlers of the new ones, commits, and only then acknowledges. A crash
before the ack means a redelivery, which the inbox turns into a no-op. An event the consumer's handlers apply
idempotently by their own state (``EventConsumer.idempotent``) is not recorded: its redelivery goes to the handlers,
which change nothing. When a handler fails the batch is retried one message at a time so one bad event cannot hold
up the others: a transient error is redelivered with backoff, the last allowed delivery becomes a dead letter an
operator can replay, and an event whose organisation is not known yet (``NotReady``) is parked and retried until
it can be applied, never dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlalchemy import delete, func, select, text, update

from shared import deadletters, inbox
from shared.bus import wait_for_stream
from shared.collector import collection_paused
from shared.db import Context, Database, UnitOfWork
from shared.events import Envelope
from shared.metrics import (
    CONSUMER_LAG,
    CONSUMER_PENDING_ACK,
    EVENT_LAG_SECONDS,
    EVENTS_APPLIED,
    observe_all,
)
from shared.pulls import PullInbox
from shared.redaction import describe
from shared.schema import dead_letters, parked_events

log = structlog.get_logger(__name__)

_CLAIM = text(
    "INSERT INTO inbox (consumer, event_id) SELECT :consumer, unnest(CAST(:ids AS varchar[])) "
    "ON CONFLICT DO NOTHING RETURNING event_id"
)

Handler = Callable[[UnitOfWork, Envelope], Awaitable[None]]


class NotReady(Exception):
    """The event depends on data not seen yet (typically an organisation); park it and retry later."""

    def __init__(self, waiting_for: str) -> None:
        super().__init__(waiting_for)
        self.waiting_for = waiting_for


@dataclass
class EventConsumer:
    """What one durable consumer reads (a stream and subject filter) and how it applies each event type."""

    name: str
    stream: str
    subject: str
    handlers: dict[str, Handler] = field(default_factory=dict)
    before_commit: Callable[[UnitOfWork], Awaitable[None]] | None = None
    partition: Callable[[Envelope], str | None] | None = None
    """The key of the state an event touches (e.g. its member), when events of different keys may be applied in
    concurrent transactions; None for an event that must be applied with the whole batch (a tree change)."""
    lanes: int = 1
    """With ``partition``: a batch whose events all have keys is split into this many sub-batches by key, each
    applied in its own transaction at the same time (one's database round trips overlap the other's Python)."""
    idempotent: Callable[[Envelope], bool] | None = None
    """True for an event the handlers apply idempotently by their own state (its effect carries the event's id
    under a unique key, or a version older events cannot overwrite): the runner records no inbox row for it, and
    a second delivery goes to the handlers, which change nothing (see ``ConsumerRunner._new_ids``)."""

    def on(self, *event_types: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for event_type in event_types:
                self.handlers[event_type] = handler
            return handler

        return register


@dataclass
class ConsumerSettings:
    batch_size: int = 200
    max_deliver: int = 8
    backoff: Sequence[float] = (0.5, 2.0, 5.0, 15.0, 30.0, 60.0)
    parked_retry_seconds: float = 2.0
    parked_dead_letter_after_seconds: float | None = 7 * 24 * 3600.0
    ack_wait_seconds: float = 60.0
    inbox_retention_seconds: float | None = 7 * 24 * 3600.0  # None keeps every row (see shared.inbox)
    inbox_prune_every_seconds: float = 300.0
    inbox_prune_batch: int = 5000


class ConsumerRunner:
    def __init__(
        self, db: Database, js: JetStreamContext, consumer: EventConsumer, settings: ConsumerSettings | None = None
    ) -> None:
        self.db = db
        self.js = js
        self.consumer = consumer
        self.settings = settings or ConsumerSettings()
        self._stop = asyncio.Event()
        self._reachable_since: float | None = None  # monotonic time since which the broker answered every check
        self._pruned_at = 0.0
        self._pulls: PullInbox | None = None  # while ``run`` pulls: acknowledges a batch with one write
        # Label children resolved once: ``labels()`` per event cost ~5 % of a consumer's CPU (issue 13).
        self._applied = EVENTS_APPLIED.labels(consumer.name, "applied")
        self._duplicate = EVENTS_APPLIED.labels(consumer.name, "duplicate")
        self._lag = EVENT_LAG_SECONDS.labels(consumer.name)

    def stop(self) -> None:
        self._stop.set()

    # ---- applying events -------------------------------------------------------------------------------

    async def apply_batch(self, envelopes: Sequence[Envelope]) -> set[str]:
        """Apply new events in one transaction; returns the ids that were new. Raises if any handler fails."""
        async with self.db.uow(Context(actor=f"consumer:{self.consumer.name}")) as uow:
            new_ids = await self._new_ids(uow, envelopes)
            seen: set[str] = set()
            for envelope in envelopes:
                if envelope.id in new_ids and envelope.id not in seen:
                    seen.add(envelope.id)
                    await self._handle(uow, envelope)
            if self.consumer.before_commit is not None:
                await self.consumer.before_commit(uow)
            await uow.commit()
        self._observe(envelopes, new_ids)
        return new_ids

    async def apply_lanes(self, envelopes: Sequence[Envelope]) -> set[str]:
        """Apply a batch, split into concurrent lanes by the consumer's partition key when it declares one and
        every event has a key (each key stays in one lane, in order); returns the ids that were new. Raises if any
        lane fails: the caller then applies the events one by one, and the inbox turns those of lanes that
        committed into no-ops."""
        lanes = self._lanes(envelopes)
        if len(lanes) == 1:
            return await self.apply_batch(lanes[0])
        results = await asyncio.gather(*(self.apply_batch(lane) for lane in lanes), return_exceptions=True)
        new_ids: set[str] = set()
        for result in results:
            if isinstance(result, BaseException):
                raise result
            new_ids |= result
        return new_ids

    def _lanes(self, envelopes: Sequence[Envelope]) -> list[Sequence[Envelope]]:
        count, partition = self.consumer.lanes, self.consumer.partition
        if count < 2 or partition is None or len(envelopes) < 2 * count:
            return [envelopes]
        lanes: list[list[Envelope]] = [[] for _ in range(count)]
        for envelope in envelopes:
            key = partition(envelope)
            if key is None:
                return [envelopes]
            lanes[zlib.crc32(key.encode()) % count].append(envelope)
        return [lane for lane in lanes if lane]

    async def _new_ids(self, uow: UnitOfWork, envelopes: Sequence[Envelope]) -> set[str]:
        """The ids of the batch's events to hand to the handlers: those the inbox did not hold yet, and every
        event the handlers apply idempotently by their own state (``EventConsumer.idempotent``).

        An inbox row per event cost as much of PostgreSQL's CPU as the state it guards: meetings' and
        inspection's member events, every imported member's, cost ~25 µs of the server each for its inbox row
        (a batch of 200 claimed into a table like the inbox, issue 13). The batch's last event is still
        recorded (its claim's answer unused) when no other row is: the inbox's newest row dates what the
        consumer last applied (``shared.freshness``)."""
        own = self.consumer.idempotent
        free = {e.id for e in envelopes if own(e)} if own is not None else None
        if not free:
            return await self._claim(uow, [e.id for e in envelopes])
        claimed = [e.id for e in envelopes if e.id not in free]
        return free | await self._claim(uow, claimed or [envelopes[-1].id])

    async def _claim(self, uow: UnitOfWork, ids: list[str]) -> set[str]:
        unique = list(dict.fromkeys(ids))
        if not unique:
            return set()
        # One statement with an array parameter: compiling a VALUES list of a thousand rows costs ~100 ms a batch.
        result = await uow.session.execute(_CLAIM, {"consumer": self.consumer.name, "ids": unique})
        return {r[0] for r in result}

    async def _handle(self, uow: UnitOfWork, envelope: Envelope) -> None:
        handler = self.consumer.handlers.get(envelope.type)
        if handler is not None:
            await handler(uow, envelope)

    def _observe(self, envelopes: Sequence[Envelope], new_ids: set[str]) -> None:
        now = datetime.now(UTC)
        lags = [max(0.0, (now - e.time).total_seconds()) for e in envelopes if e.id in new_ids]
        observe_all(self._lag, lags)
        applied = len(lags)
        self._applied.inc(applied)
        self._duplicate.inc(len(envelopes) - applied)

    async def park(self, envelope: Envelope, waiting_for: str) -> None:
        await deadletters.park(self.db, self.consumer.name, envelope, waiting_for)
        EVENTS_APPLIED.labels(self.consumer.name, "parked").inc()

    async def dead_letter(self, envelope: Envelope, error: str, deliveries: int) -> None:
        kept = envelope.model_dump(mode="json", exclude_none=True)
        await self._keep(envelope.id, envelope.type, kept, error, deliveries)

    async def dead_letter_undecodable(self, msg: Msg, error: str) -> None:
        """A message that is not an envelope: kept byte for byte for an operator, never looped on."""
        event_id, record = deadletters.undecodable(msg)
        deliveries = 1
        with contextlib.suppress(Exception):
            deliveries = msg.metadata.num_delivered or 1
        await self._keep(event_id, deadletters.UNDECODABLE, record, error, deliveries)

    async def _keep(
        self, event_id: str, event_type: str, envelope: dict[str, Any], error: str, deliveries: int
    ) -> None:
        async with self.db.uow() as uow:
            await deadletters.store(
                uow,
                self.consumer.name,
                event_id=event_id,
                event_type=event_type,
                envelope=envelope,
                error=error,
                deliveries=deliveries,
            )
            await uow.commit()
        EVENTS_APPLIED.labels(self.consumer.name, "dead_letter").inc()
        log.error("consumer.dead_letter", consumer=self.consumer.name, event_id=event_id, type=event_type, error=error)

    # ---- the NATS side ------------------------------------------------------------------------------------

    async def run(self) -> None:
        await wait_for_stream(self.js, self.consumer.stream, self._stop)
        self._pulls = pulls = await self._subscribe()
        parked = asyncio.create_task(self._retry_parked_forever())
        # The next batch is fetched while this one is applied (its round trip to the broker overlaps the
        # database's); fetched messages are acknowledged only once applied, in the order fetched.
        fetching: asyncio.Task[list[Msg]] | None = asyncio.create_task(self._fetch(pulls))
        try:
            while fetching is not None and not self._stop.is_set():
                messages = await fetching
                fetching = None if self._stop.is_set() else asyncio.create_task(self._fetch(pulls))
                if messages:
                    await self.process(messages)
        finally:
            await self._abandon(fetching, pulls)
            parked.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await parked

    async def _fetch(self, pulls: PullInbox) -> list[Msg]:
        try:
            return await pulls.fetch(self.settings.batch_size, timeout=1.0)
        except Exception as exc:  # broker away or refusing (consumer deleted): the client reconnects; try again
            log.warning("consumer.fetch_error", consumer=self.consumer.name, error=describe(exc))
            await asyncio.sleep(1.0)
            return []

    async def _abandon(self, fetching: asyncio.Task[list[Msg]] | None, pulls: PullInbox) -> None:
        """On stop, a prefetched batch goes back to the broker at once (a nak) rather than after ``ack_wait``."""
        abandoned: list[Msg] = []
        if fetching is not None:
            if not fetching.done():
                fetching.cancel()
            with contextlib.suppress(BaseException):
                abandoned = await fetching
        await pulls.close()
        for msg in abandoned + pulls.take():  # a cancelled fetch leaves what had arrived in the inbox
            await self._safe(msg.nak())

    async def _subscribe(self) -> PullInbox:
        config = ConsumerConfig(
            durable_name=self.consumer.name,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=self.settings.ack_wait_seconds,
            max_deliver=-1,  # the runner counts deliveries itself so the last one becomes a dead letter
            max_ack_pending=max(1000, self.settings.batch_size * 4),
            filter_subject=self.consumer.subject,
        )
        while True:
            try:
                # Create or update: binding to an existing durable would keep its old settings (its ack wait).
                await self.js.add_consumer(self.consumer.stream, config)
                pulls = PullInbox(self.js._nc, self.consumer.stream, self.consumer.name, api_prefix=self.js._prefix)
                await pulls.open()
                return pulls
            except Exception as exc:
                if self._stop.is_set():
                    raise
                log.warning("consumer.subscribe_error", consumer=self.consumer.name, error=describe(exc))
                await asyncio.sleep(1.0)

    async def process(self, messages: Sequence[Msg]) -> None:
        """Decode, apply and acknowledge a fetched batch, the collector paused meanwhile (``shared.collector``)."""
        with collection_paused():
            await self._process(messages)

    async def _process(self, messages: Sequence[Msg]) -> None:
        decoded: list[tuple[Msg, Envelope]] = []
        for msg in messages:
            try:
                decoded.append((msg, Envelope.from_bytes(msg.data)))
            except ValueError as exc:  # not an envelope at all: keep it for an operator, never loop on it
                try:
                    await self.dead_letter_undecodable(msg, describe(exc))
                except Exception as store_error:  # database away: redelivered later, stored then
                    log.warning("consumer.dead_letter_failed", consumer=self.consumer.name, error=describe(store_error))
                    await self._safe(msg.nak(delay=self.settings.backoff[-1]))
                    continue
                await self._safe(msg.ack())
        if not decoded:
            return
        try:
            await self.apply_lanes([e for _, e in decoded])
        except Exception:
            for msg, envelope in decoded:
                await self._process_one(msg, envelope)
            return
        await self._acknowledge([msg for msg, _ in decoded])

    async def _acknowledge(self, messages: list[Msg]) -> None:
        if self._pulls is None:
            for msg in messages:
                await self._safe(msg.ack())
        else:
            await self._safe(self._pulls.acknowledge(messages))

    async def _process_one(self, msg: Msg, envelope: Envelope) -> None:
        deliveries = msg.metadata.num_delivered if msg.metadata else 1
        try:
            await self.apply_batch([envelope])
        except NotReady as waiting:
            await self.park(envelope, waiting.waiting_for)
        except Exception as exc:
            if deliveries >= self.settings.max_deliver:
                await self.dead_letter(envelope, describe(exc), deliveries)
            else:
                delay = self.settings.backoff[min(deliveries - 1, len(self.settings.backoff) - 1)]
                log.warning(
                    "consumer.retry",
                    consumer=self.consumer.name,
                    event_id=envelope.id,
                    deliveries=deliveries,
                    delay=delay,
                    error=describe(exc),
                )
                await self._safe(msg.nak(delay=delay))
                return
        await self._safe(msg.ack())

    @staticmethod
    async def _safe(op: Awaitable[Any]) -> None:
        """An ack lost to a broker outage only causes a redelivery, which the inbox absorbs."""
        with contextlib.suppress(Exception):
            await op

    # ---- parked events and dead letters ---------------------------------------------------------------------

    async def retry_parked(self) -> int:
        """Try parked events whose time has come; returns how many were applied."""
        rows = await deadletters.due_parked(self.db, self.consumer.name)
        applied = 0
        for row in rows:
            envelope = Envelope.model_validate(row.envelope)
            try:
                await self._apply_parked(row.id, envelope)
                applied += 1
            except NotReady:
                await deadletters.postpone(self.db, row.id, row.attempts, self.settings.parked_retry_seconds)
            except Exception as exc:
                log.warning("consumer.parked_error", event_id=envelope.id, error=describe(exc))
                await deadletters.postpone(self.db, row.id, row.attempts, self.settings.parked_retry_seconds)
        return applied

    async def _apply_parked(self, parked_id: int, envelope: Envelope) -> None:
        async with self.db.uow(Context(actor=f"consumer:{self.consumer.name}")) as uow:
            new_ids = await self._new_ids(uow, [envelope])
            if new_ids:
                await self._handle(uow, envelope)
                if self.consumer.before_commit is not None:
                    await self.consumer.before_commit(uow)
            await uow.session.execute(delete(parked_events).where(parked_events.c.id == parked_id))
            await uow.commit()
        self._observe([envelope], new_ids)  # its lag counts too: parked is the slow path operators watch

    async def _retry_parked_forever(self) -> None:
        while not self._stop.is_set():
            try:
                await self.retry_parked()
                if self.settings.parked_dead_letter_after_seconds is not None:
                    after = timedelta(seconds=self.settings.parked_dead_letter_after_seconds)
                    await deadletters.expire_parked(self.db, self.consumer.name, after)
                await self._record_gauges()
                await self._prune_inbox()
            except Exception as exc:
                log.warning("consumer.parked_loop_error", error=describe(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.settings.parked_retry_seconds)

    async def _record_gauges(self) -> None:
        await deadletters.record_gauges(self.db, self.consumer.name)
        try:
            info = await self.js.consumer_info(self.consumer.stream, self.consumer.name)
        except Exception:
            self._reachable_since = None  # a lost ack may be redelivered once the broker is back
            return
        if self._reachable_since is None:
            self._reachable_since = time.monotonic()
        CONSUMER_LAG.labels(self.consumer.name).set(info.num_pending or 0)
        CONSUMER_PENDING_ACK.labels(self.consumer.name).set(info.num_ack_pending or 0)

    async def _prune_inbox(self) -> None:
        """Prune now and then, once the broker has answered for longer than ``ack_wait`` (see ``shared.inbox``)."""
        retention, now = self.settings.inbox_retention_seconds, time.monotonic()
        if retention is None or self._reachable_since is None or now < self._pruned_at:
            return
        if now - self._reachable_since <= self.settings.ack_wait_seconds:
            return
        self._pruned_at = now + self.settings.inbox_prune_every_seconds
        removed = await inbox.prune(
            self.db, self.consumer.name, timedelta(seconds=retention), self.settings.inbox_prune_batch
        )
        if removed:
            log.info("consumer.inbox_pruned", consumer=self.consumer.name, rows=removed)

    async def replay_dead_letter(self, dead_letter_id: int) -> bool:
        """Apply a dead letter again (after the cause was fixed); True when it was applied or already was."""
        async with self.db.read_session() as session:
            row = (
                await session.execute(
                    select(dead_letters.c.envelope).where(
                        dead_letters.c.id == dead_letter_id, dead_letters.c.consumer == self.consumer.name
                    )
                )
            ).first()
        if row is None:
            return False
        try:
            await self.apply_batch([deadletters.decode_kept(row.envelope)])
            values: dict[str, Any] = {"replayed_at": func.now(), "replay_error": None}
        except Exception as exc:
            values = {"replay_error": describe(exc)[:4000]}
        async with self.db.uow() as uow:
            await uow.session.execute(update(dead_letters).where(dead_letters.c.id == dead_letter_id).values(**values))
            await uow.commit()
        return "replayed_at" in values


__all__ = ["ConsumerRunner", "ConsumerSettings", "EventConsumer", "Handler", "NotReady"]
