"""Rebuild every aggregate from the streams: empty reporting's state, then replay MEMBERSHIP (the tree first),
MEETINGS and INSPECTION from their first message through an ephemeral ordered consumer, applying them with
the same handlers and inbox as the live consumers.

Run it with reporting's consumers stopped (``grassroots rebuild-reporting`` does; API-only replicas may keep
serving, showing partial figures meanwhile). Events published during the rebuild are left to the durable
consumers, which resume where they stood: whatever the rebuild already applied is in the inbox, so nothing
counts twice. An event that still cannot be applied (an organisation never seen) is parked for the live
consumer, as it would be live.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import structlog
from nats.aio.msg import Msg
from nats.js.api import DeliverPolicy
from nats.js.errors import NotFoundError
from sqlalchemy import text

from reporting.consumers import consumers
from reporting.facts import store
from reporting.rebuild_shares import BARRIERS
from reporting.settings import Settings, load_settings
from shared.bus import connect
from shared.consumer import ConsumerRunner, EventConsumer, NotReady
from shared.db import Database, make_engine
from shared.events import Envelope

log = structlog.get_logger(__name__)

RESET_TABLES = (
    "facts",
    "facts_pending",
    "coverage",
    "member_facts",
    "entity_contributions",
    "org_targets",
    "meeting_targets",
    "progress",
    "org_nodes",
    "org_node_history",
    "org_unit_types",
    "inbox",
    "parked_events",
    "dead_letters",
)


@dataclass
class RebuildReport:
    applied: dict[str, int] = field(default_factory=dict)
    parked: dict[str, int] = field(default_factory=dict)
    dead_letters: dict[str, int] = field(default_factory=dict)


async def reset(db: Database) -> None:
    """Empty the aggregates, the tree copy and the inbox in one transaction."""
    async with db.uow() as uow:
        await uow.session.execute(text(f"TRUNCATE {', '.join(RESET_TABLES)}"))
        await uow.session.execute(text("UPDATE tree_version SET version = version + 1"))
        await uow.commit()


async def replay(db: Database, js: Any, consumer: EventConsumer, report: RebuildReport, batch_size: int = 1000) -> None:
    """Apply every message of the consumer's stream up to the last one there when the replay starts."""
    try:
        info = await js.stream_info(consumer.stream)
    except NotFoundError:
        return
    last = info.state.last_seq
    runner = ConsumerRunner(db, js, consumer)
    report.applied[consumer.name] = report.parked[consumer.name] = report.dead_letters[consumer.name] = 0
    if not info.state.messages:
        return
    # Reading and decoding the next batches overlaps applying this one; batches are applied one after another.
    batches: asyncio.Queue[list[Envelope] | None] = asyncio.Queue(maxsize=2)
    async with reading_from_the_start(js, consumer, lambda s: _read(s, last, batch_size, batches)) as reader:
        with store.staged() as staging:  # facts summed in memory, written to the store now and then
            writing: asyncio.Task[None] | None = None  # the sums taken last, written while the replay goes on
            try:
                while (batch := await batches.get()) is not None:
                    if writing is not None and (writing.done() or any(e.type in READS_FACTS for e in batch)):
                        finished, writing = writing, None
                        await finished  # its error, if it failed; a move or merge reads what it wrote
                    await _apply(runner, batch, report)
                    if staging.size >= MERGE_EVERY_CELLS:
                        if writing is not None:
                            finished, writing = writing, None
                            await finished
                        writing = asyncio.create_task(_write(db, *staging.take()))
                await reader  # its error, if it stopped early
                if writing is not None:
                    finished, writing = writing, None
                    await finished
                await _merge(db)
            finally:
                if writing is not None:
                    writing.cancel()
                    with contextlib.suppress(BaseException):
                        await writing


MERGE_EVERY_CELLS = 300_000
"""The staged sums are written to the store once they hold this many (organisation, month) cells (each about
half a kilobyte of Python objects), and at the end of each stream. Written by a task while the replay goes on
(PostgreSQL's ``COPY``, ``UPDATE`` and ``INSERT`` of ~200,000 rows took seconds in which nothing was applied):
one write at a time, and a batch holding a move or merge waits for it (``READS_FACTS``)."""
READS_FACTS = BARRIERS
"""Events whose handlers read ``facts`` (a subtree's totals, ``store.org_rows``): sums taken from the staging
and not written yet would be missing from what they read."""


@contextlib.asynccontextmanager
async def reading_from_the_start(
    js: Any, consumer: EventConsumer, read: Callable[[Deliveries], Coroutine[Any, Any, None]]
) -> AsyncIterator[asyncio.Task[None]]:
    """``read`` running as a task on the deliveries of an ordered push subscription to the consumer's whole
    stream: no durable state of its own, so a rebuild never moves the live consumer's position, and a generous
    pending limit so reading runs ahead of applying. On leaving, the reader is stopped and the subscription
    dropped."""
    deliveries = Deliveries()
    subscription = await js.subscribe(
        consumer.subject,
        stream=consumer.stream,
        ordered_consumer=True,
        deliver_policy=DeliverPolicy.ALL,
        pending_msgs_limit=100_000,
        cb=deliveries.deliver,
    )
    reader = asyncio.create_task(read(deliveries))
    try:
        yield reader
    finally:
        reader.cancel()
        with contextlib.suppress(BaseException):
            await reader
        with contextlib.suppress(Exception):
            await subscription.unsubscribe()


class Deliveries:
    """What the subscription delivers, handed to the reader a run of messages at a time: nats-py's ``next_msg``
    costs a task, a ``wait_for`` and a uuid per message (with the metadata's parsing, ~10 % of a rebuild's CPU,
    issue 13). The subscription's callback collects into a list and waits while ``LIMIT`` messages are not taken
    yet, so the subscription's own queue (and JetStream's flow control behind it) holds the rest back."""

    LIMIT = 5000

    def __init__(self) -> None:
        self._messages: list[Msg] = []
        self._arrived = asyncio.Event()
        self._room = asyncio.Event()
        self._room.set()

    async def deliver(self, msg: Msg) -> None:
        self._messages.append(msg)
        self._arrived.set()
        if len(self._messages) >= self.LIMIT:
            self._room.clear()
            await self._room.wait()

    async def take(self, timeout: float) -> list[Msg]:
        """The messages delivered and not taken yet, in order; waits up to ``timeout`` seconds for one
        (``TimeoutError`` when none comes)."""
        if not self._messages:
            self._arrived.clear()
            async with asyncio.timeout(timeout):
                await self._arrived.wait()
        taken, self._messages = self._messages, []
        self._room.set()
        return taken


def stream_sequence(msg: Msg) -> int:
    """The message's stream sequence, from its reply subject (``$JS.ACK.<stream>.<consumer>.<delivered>.<stream
    sequence>.…``, nine tokens) without building nats-py's metadata (dates and objects, ~2 µs a message)."""
    tokens = (msg.reply or "").split(".")
    if len(tokens) == 9 and tokens[1] == "ACK":
        return int(tokens[5])
    return int(msg.metadata.sequence.stream)


async def _merge(db: Database) -> None:
    async with db.uow() as uow:
        await store.merge_staged(uow.session)
        await uow.commit()


async def _write(
    db: Database, cells: dict[tuple[str, date], dict[str, int]], leaves: dict[tuple[str, date], dict[str, int]]
) -> None:
    async with db.uow() as uow:
        await store.write_staged(uow.session, cells, leaves)
        await uow.commit()


async def _read(
    deliveries: Deliveries, last: int, batch_size: int, batches: asyncio.Queue[list[Envelope] | None]
) -> None:
    """Batches of the stream's envelopes up to sequence ``last``, then None (also when reading fails: the applier
    stops and meets the error when it awaits this task)."""
    try:
        seq, pending = 0, []
        while seq < last:
            for msg in await deliveries.take(timeout=10):
                seq = stream_sequence(msg)
                with contextlib.suppress(ValueError):
                    pending.append(Envelope.from_bytes(msg.data))
                if len(pending) >= batch_size or seq >= last:
                    await batches.put(pending)
                    pending = []
                if seq >= last:
                    break
    except Exception:
        await batches.put(None)
        raise
    await batches.put(None)


async def _apply(runner: ConsumerRunner, envelopes: list[Envelope], report: RebuildReport) -> None:
    name = runner.consumer.name
    try:
        report.applied[name] += len(await runner.apply_lanes(envelopes))
        return
    except Exception as exc:  # one event holds the batch back: apply them one by one, as the live runner does
        log.info("reporting.rebuild_batch_split", consumer=name, reason=str(exc)[:200])
    for envelope in envelopes:
        try:
            report.applied[name] += len(await runner.apply_batch([envelope]))
        except NotReady as waiting:
            await runner.park(envelope, waiting.waiting_for)
            report.parked[name] += 1
        except Exception as exc:
            await runner.dead_letter(envelope, f"{type(exc).__name__}: {exc}", 1)
            report.dead_letters[name] += 1


async def rebuild(settings: Settings | None = None, *, batch_size: int = 1000, workers: int = 1) -> RebuildReport:
    """Entry point of ``grassroots rebuild-reporting`` (``asyncio.run(rebuild(settings))``); with ``workers`` > 1,
    MEMBERSHIP is replayed by that many processes split by member (``reporting.partitioned``)."""
    from reporting import partitioned  # it builds on this module

    settings = settings or load_settings()
    db = Database(make_engine(settings.database_url, 2), "reporting")
    nc = await connect(settings.nats_url, "grassroots-reporting-rebuild")
    report = RebuildReport()
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    try:
        js = nc.jetstream(timeout=10)
        await reset(db)
        for consumer in consumers():  # membership first: the tree exists before anything refers to it
            if workers > 1 and consumer.stream == "MEMBERSHIP":
                await partitioned.replay(settings, db, js, report, workers, batch_size)
            else:
                await replay(db, js, consumer, report, batch_size)
        log.info("reporting.rebuilt", applied=report.applied, parked=report.parked, dead=report.dead_letters)
    finally:
        gc.set_threshold(*thresholds)
        await nc.drain()
        await db.engine.dispose()
    return report


GC_THRESHOLD = 100_000
"""Allocations between the collector's youngest-generation passes while a rebuild runs (Python's default is 700):
a replay allocates millions of short-lived dicts and tuples, and collecting every 700 cost ~20 % of its CPU
(``bench/reporting_history.py --rebuild-only``: 375–447 µs per event with the default, 323–336 µs with this,
301–328 µs with the collector off). Restored when the rebuild ends."""
