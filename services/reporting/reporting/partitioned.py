"""A rebuild's MEMBERSHIP replay split over processes by member (issue 13): CPython applies a process's events
on one core, so one rebuilding process stayed near 2,000 events/s whatever the machine had.

Every worker reads the whole stream and applies its share: member events by a stable hash of the member (its
state and version stay in one process, in order), flows by event id; worker 0, the *leader*, also applies every
other event (tree changes, targets) in stream order. Each worker sums its facts in its own ``store.Staging``; the
followers ship their committed sums to the leader (at a barrier, when they hold ``MERGE_EVERY_CELLS``, at the
end), which adds them to its own and is the one writer of ``facts``. Two waits make the result that of one
process:

- a worker applies a batch only once the leader has committed every leader event before the batch's last event
  (an organisation exists before its members count in it, and a member is placed by the tree of its place in
  the stream);
- at a move or a merge (``BARRIERS``: they read a subtree's totals and re-point members) every other worker first
  commits what it holds before it and ships its sums to the leader; the leader applies it only then.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import queue
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nats.js.errors import NotFoundError

from reporting import rebuild as one_process
from reporting.consumers import consumers
from reporting.facts import store
from reporting.rebuild_shares import Batch, Cutter
from reporting.settings import Settings
from shared.bus import connect
from shared.consumer import ConsumerRunner, EventConsumer
from shared.db import Database, make_engine
from shared.events import Envelope

FAILED = -1
Cells = dict[tuple[str, date], dict[str, int]]
POLL_SECONDS = 0.002


@dataclass
class Progress:
    """Shared by the workers: ``done[k]`` is the stream sequence through which worker k has committed its events
    (``FAILED`` ends every wait); ``sums[k]`` carries follower k's staged sums to the leader, each tagged
    (``PARTIAL``, a barrier's sequence, or the end's ``last + 1``), and ``seen[k]`` is the highest tag received."""

    done: Any  # multiprocessing.Array("q", workers)
    sums: list[Any]  # a multiprocessing.Queue per worker (the leader's unused)
    seen: list[int] = field(default_factory=list)

    async def wait(self, worker: int, sequence: int, alive: Callable[[], bool]) -> None:
        while (value := self.done[worker]) < sequence:
            if value == FAILED or not alive():
                raise RuntimeError(f"rebuild worker {worker} stopped")
            await asyncio.sleep(POLL_SECONDS)

    def ship(self, worker: int, tag: int, staging: store.Staging) -> None:
        """A follower's committed sums to the leader (the follower's staging starts again empty)."""
        self.sums[worker].put((tag, staging.take()))

    def take_shipped(self) -> None:
        """The sums the followers have shipped so far, added to this (the leader's) staging; waits for none."""
        for worker in range(1, len(self.sums)):
            while True:
                try:
                    tag, held = self.sums[worker].get_nowait()
                except queue.Empty:
                    break
                self._add(worker, tag, held)

    async def gather(self, worker: int, tag: int, alive: Callable[[], bool]) -> None:
        """Add follower ``worker``'s sums to the leader's staging until those tagged ``tag`` have arrived."""
        while self.seen[worker] < tag:
            try:
                got, held = await asyncio.to_thread(self.sums[worker].get, True, 1.0)
            except queue.Empty:
                if self.done[worker] == FAILED or not alive():
                    raise RuntimeError(f"rebuild worker {worker} stopped") from None
                continue
            self._add(worker, got, held)

    def _add(self, worker: int, tag: int, held: tuple[Cells, Cells]) -> None:
        store.add_staged(*held)
        self.seen[worker] = max(self.seen[worker], tag)


PARTIAL = 0
"""The tag of sums a follower ships because it holds ``MERGE_EVERY_CELLS`` of them (its memory stays bounded)."""


@dataclass(frozen=True)
class Share:
    worker: int
    workers: int
    last: int
    batch_size: int
    merge_every: int = one_process.MERGE_EVERY_CELLS


async def work(
    db: Database,
    js: Any,
    share: Share,
    progress: Progress,
    report: one_process.RebuildReport,
    alive: Callable[[], bool],
) -> None:
    """Apply this worker's share of MEMBERSHIP up to sequence ``share.last``. The leader is the one writer of
    ``facts``: the followers ship it their sums (a merge per worker rewrote the upper levels' rows once per
    worker, with an ``UPDATE`` that costs PostgreSQL about eight times a row's ``COPY``)."""
    consumer = _membership(consumers())
    runner = ConsumerRunner(db, js, consumer)
    for counts in (report.applied, report.parked, report.dead_letters):
        counts.setdefault(consumer.name, 0)
    batches: asyncio.Queue[Batch | None] = asyncio.Queue(maxsize=4)
    leader = share.worker == 0
    async with one_process.reading_from_the_start(js, consumer, lambda s: _read(s, share, batches)) as reader:
        with store.staged() as staging:
            while (batch := await batches.get()) is not None:
                await _run(runner, share, progress, batch, report, alive, staging)
                if leader:
                    progress.take_shipped()
                if staging.size >= share.merge_every and leader:
                    await one_process._merge(db)
                elif staging.size >= share.merge_every:
                    progress.ship(share.worker, PARTIAL, staging)
                progress.done[share.worker] = batch.through
            await reader  # its error, if it stopped early
            if leader:
                for other in range(1, share.workers):
                    await progress.gather(other, share.last + 1, alive)
                await one_process._merge(db)
            else:
                progress.ship(share.worker, share.last + 1, staging)
        progress.done[share.worker] = share.last


async def _run(
    runner: ConsumerRunner,
    share: Share,
    progress: Progress,
    batch: Batch,
    report: one_process.RebuildReport,
    alive: Callable[[], bool],
    staging: store.Staging,
) -> None:
    if share.worker != 0:
        await progress.wait(0, batch.after_leader, alive)
    if batch.barrier and share.worker == 0:  # the move reads the subtree's totals: every worker's sums first
        for other in range(1, share.workers):
            await progress.gather(other, batch.barrier, alive)
    elif batch.barrier:
        progress.ship(share.worker, batch.barrier, staging)
    if batch.events:
        await one_process._apply(runner, batch.events, report)


async def _read(deliveries: one_process.Deliveries, share: Share, batches: asyncio.Queue[Batch | None]) -> None:
    """This worker's batches of the stream up to ``share.last``, then None (also when reading fails: the applier
    stops and meets the error when it awaits this task)."""
    cutter = Cutter(share.worker, share.workers, share.batch_size)
    try:
        sequence = 0
        while sequence < share.last:
            for msg in await deliveries.take(timeout=10):
                sequence = one_process.stream_sequence(msg)
                try:
                    envelope: Envelope | None = Envelope.from_bytes(msg.data)
                except ValueError:
                    envelope = None
                for batch in cutter.add(sequence, envelope):
                    await batches.put(batch)
                if sequence >= share.last:
                    break
        await batches.put(cutter.end())
    except Exception:
        await batches.put(None)
        raise
    await batches.put(None)


def _membership(all_consumers: list[EventConsumer]) -> EventConsumer:
    return next(c for c in all_consumers if c.stream == "MEMBERSHIP")


async def replay(
    settings: Settings,
    db: Database,
    js: Any,
    report: one_process.RebuildReport,
    workers: int,
    batch_size: int,
    merge_every: int = one_process.MERGE_EVERY_CELLS,
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
    results, sums = context.Queue(), [context.Queue() for _ in range(workers)]
    followers = [
        context.Process(
            target=_follower, args=(settings, Share(k, workers, last, batch_size, merge_every), done, sums, results)
        )
        for k in range(1, workers)
    ]
    for process in followers:
        process.start()
    progress = Progress(done, sums, [PARTIAL] * workers)
    try:
        if last:
            await work(
                db, js, Share(0, workers, last, batch_size, merge_every), progress, report, lambda: _alive(followers)
            )
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


def _follower(settings: Settings, share: Share, done: Any, sums: list[Any], results: Any) -> None:
    """A spawned worker's entry point: its share, then its counts on ``results``."""
    gc.set_threshold(one_process.GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        report = asyncio.run(_follow(settings, share, Progress(done, sums)))
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
