"""A rebuild's MEMBERSHIP replay split over processes by member (issue 13): CPython applies a process's events
on one core, so one rebuilding process stayed near 2,000 events/s whatever the machine had.

Every worker reads the whole stream and applies its share: member events by a stable hash of the member (its
state and version stay in one process, in order), flows by event id; worker 0, the *leader*, also applies every
other event (tree changes, targets) in stream order. Each worker sums its facts in its own ``store.Staging``; the
workers' sums are added to ``facts`` one merge at a time (``store.merge_staged`` takes a lock), so their writes
never conflict. Two waits make the result that of one process:

- a worker applies a batch only once the leader has committed every leader event before the batch's last event
  (an organisation exists before its members count in it, and a member is placed by the tree of its place in
  the stream);
- at a move or a merge (``BARRIERS``: they read a subtree's totals and re-point members) every other worker first
  commits what it holds before it and writes its sums to ``facts``; the leader applies it only then.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nats.js.api import DeliverPolicy
from nats.js.errors import NotFoundError

from reporting import rebuild as one_process
from reporting.consumers import consumers, member_key
from reporting.facts import store
from reporting.settings import Settings
from shared.bus import connect
from shared.consumer import ConsumerRunner, EventConsumer
from shared.db import Database, make_engine
from shared.events import Envelope

T = "vn.party.membership"
BARRIERS = frozenset({f"{T}.org.moved.v1", f"{T}.org.merged.v1"})
"""Leader events that read the facts of a subtree (``store.org_rows``) or re-point members (``member_facts``):
every worker's members and sums before them must be in the database first."""
FAILED = -1
POLL_SECONDS = 0.002


def owner(envelope: Envelope, workers: int) -> int:
    """The worker that applies ``envelope``: its member's (a flow: its id's) share; the leader (0) for the rest."""
    key = member_key(envelope)
    return 0 if key is None else zlib.crc32(key.encode()) % workers


@dataclass
class Batch:
    """Consecutive events of one worker, applied in one transaction."""

    events: list[Envelope] = field(default_factory=list)
    through: int = 0
    """Once committed, every event of this worker up to this stream sequence is."""
    after_leader: int = 0
    """The last leader event before this batch's last one: the leader must have committed it first."""
    barrier: int = 0
    """A batch cut at a move or merge (its sequence): the leader's holds that event and waits for the others
    first; another worker's is empty and writes its sums."""


@dataclass
class Cutter:
    """Cuts one worker's batches from the stream's messages, in order. Pure: tested without a stream."""

    worker: int
    workers: int
    size: int
    last_leader: int = 0
    batch: Batch = field(default_factory=Batch)

    def add(self, sequence: int, envelope: Envelope | None) -> list[Batch]:
        """The batches complete once the message at ``sequence`` is read (None: it could not be decoded)."""
        if envelope is not None and envelope.type in BARRIERS:
            out = [self.batch] if self.batch.events else []
            held = [envelope] if self.worker == 0 else []
            out.append(Batch(held, sequence, self.last_leader, barrier=sequence))
            self.last_leader, self.batch = sequence, Batch(through=sequence)
            return out
        self.batch.through = sequence
        if envelope is None:
            return []
        mine = owner(envelope, self.workers)
        if mine == self.worker:
            self.batch.events.append(envelope)
            self.batch.after_leader = self.last_leader
        if mine == 0:
            self.last_leader = sequence
        if len(self.batch.events) < self.size:
            return []
        full, self.batch = self.batch, Batch(through=sequence)
        return [full]

    def end(self) -> Batch:
        return self.batch


@dataclass
class Progress:
    """Shared by the workers: ``done[k]`` is the stream sequence through which worker k has committed its events
    (at a barrier, and written its sums); ``FAILED`` ends every wait."""

    done: Any  # multiprocessing.Array("q", workers)

    async def wait(self, worker: int, sequence: int, alive: Callable[[], bool]) -> None:
        while (value := self.done[worker]) < sequence:
            if value == FAILED or not alive():
                raise RuntimeError(f"rebuild worker {worker} stopped")
            await asyncio.sleep(POLL_SECONDS)


@dataclass(frozen=True)
class Share:
    worker: int
    workers: int
    last: int
    batch_size: int


async def work(
    db: Database,
    js: Any,
    share: Share,
    progress: Progress,
    report: one_process.RebuildReport,
    alive: Callable[[], bool],
) -> None:
    """Apply this worker's share of MEMBERSHIP up to sequence ``share.last``."""
    consumer = _membership(consumers())
    runner = ConsumerRunner(db, js, consumer)
    for counts in (report.applied, report.parked, report.dead_letters):
        counts.setdefault(consumer.name, 0)
    subscription = await js.subscribe(
        consumer.subject,
        stream=consumer.stream,
        ordered_consumer=True,
        deliver_policy=DeliverPolicy.ALL,
        pending_msgs_limit=100_000,
    )
    batches: asyncio.Queue[Batch | None] = asyncio.Queue(maxsize=4)
    reader = asyncio.create_task(_read(subscription, share, batches))
    try:
        with store.staged() as staging:
            while (batch := await batches.get()) is not None:
                await _run(db, runner, share, progress, batch, report, alive)
                if len(staging.cells) >= one_process.MERGE_EVERY_CELLS:
                    await one_process._merge(db)
                progress.done[share.worker] = batch.through
            await reader  # its error, if it stopped early
            await one_process._merge(db)
        progress.done[share.worker] = share.last
    finally:
        reader.cancel()
        with contextlib.suppress(BaseException):
            await reader
        with contextlib.suppress(Exception):
            await subscription.unsubscribe()


async def _run(
    db: Database,
    runner: ConsumerRunner,
    share: Share,
    progress: Progress,
    batch: Batch,
    report: one_process.RebuildReport,
    alive: Callable[[], bool],
) -> None:
    if share.worker != 0:
        await progress.wait(0, batch.after_leader, alive)
    if batch.barrier and share.worker == 0:
        for other in range(1, share.workers):
            await progress.wait(other, batch.barrier, alive)
    elif batch.barrier:
        await one_process._merge(db)
    if batch.events:
        await one_process._apply(runner, batch.events, report)


async def _read(subscription: Any, share: Share, batches: asyncio.Queue[Batch | None]) -> None:
    """This worker's batches of the stream up to ``share.last``, then None (also when reading fails: the applier
    stops and meets the error when it awaits this task)."""
    cutter = Cutter(share.worker, share.workers, share.batch_size)
    try:
        sequence = 0
        while sequence < share.last:
            msg = await subscription.next_msg(timeout=10)
            sequence = msg.metadata.sequence.stream
            try:
                envelope: Envelope | None = Envelope.from_bytes(msg.data)
            except ValueError:
                envelope = None
            for batch in cutter.add(sequence, envelope):
                await batches.put(batch)
        await batches.put(cutter.end())
    except Exception:
        await batches.put(None)
        raise
    await batches.put(None)


def _membership(all_consumers: list[EventConsumer]) -> EventConsumer:
    return next(c for c in all_consumers if c.stream == "MEMBERSHIP")


async def replay(
    settings: Settings, db: Database, js: Any, report: one_process.RebuildReport, workers: int, batch_size: int
) -> None:
    """MEMBERSHIP applied by ``workers`` processes: this one leads, the others are spawned and joined."""
    consumer = _membership(consumers())
    for counts in (report.applied, report.parked, report.dead_letters):
        counts.setdefault(consumer.name, 0)
    try:
        info = await js.stream_info(consumer.stream)
    except NotFoundError:
        return
    last = info.state.last_seq if info.state.messages else 0
    context = multiprocessing.get_context("spawn")
    done = context.Array("q", [0] * workers, lock=False)
    results = context.Queue()
    followers = [
        context.Process(target=_follower, args=(settings, Share(k, workers, last, batch_size), done, results))
        for k in range(1, workers)
    ]
    for process in followers:
        process.start()
    progress = Progress(done)
    try:
        if last:
            await work(db, js, Share(0, workers, last, batch_size), progress, report, lambda: _alive(followers))
        for _ in followers:
            follower_report = await asyncio.to_thread(results.get, True, 3600)
            for mine, theirs in zip((report.applied, report.parked, report.dead_letters), follower_report, strict=True):
                for name, count in theirs.items():
                    mine[name] = mine.get(name, 0) + count
    except BaseException:
        done[0] = FAILED
        raise
    finally:
        for process in followers:
            await asyncio.to_thread(process.join, 30)
            if process.is_alive():
                process.terminate()


def _alive(processes: list[Any]) -> bool:
    return all(p.is_alive() or p.exitcode == 0 for p in processes)


def _follower(settings: Settings, share: Share, done: Any, results: Any) -> None:
    """A spawned worker's entry point: its share, then its counts on ``results``."""
    gc.set_threshold(one_process.GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        report = asyncio.run(_follow(settings, share, Progress(done)))
    except BaseException:
        done[share.worker] = FAILED
        raise
    results.put((report.applied, report.parked, report.dead_letters))


async def _follow(settings: Settings, share: Share, progress: Progress) -> one_process.RebuildReport:
    db = Database(make_engine(settings.database_url, 2), "reporting")
    nc = await connect(settings.nats_url, f"grassroots-reporting-rebuild-{share.worker}")
    report = one_process.RebuildReport()
    try:
        if share.last:
            await work(db, nc.jetstream(timeout=10), share, progress, report, lambda: progress.done[0] != FAILED)
        return report
    finally:
        await nc.drain()
        await db.engine.dispose()
