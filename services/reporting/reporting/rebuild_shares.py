"""How a rebuild split over processes (``reporting.partitioned``) shares MEMBERSHIP among its workers and cuts
each worker's batches: which worker applies an event, and after which of the leader's events a batch may run.
Pure: tested without a stream (``tests/unit/test_partitioned_cuts.py``)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from reporting.consumers import member_key
from shared.events import Envelope

T = "vn.party.membership"
BARRIERS = frozenset({f"{T}.org.moved.v1", f"{T}.org.merged.v1"})
"""Leader events that read the facts of a subtree (``store.org_rows``) or re-point members (``member_facts``):
every worker's members and sums before them must be in the database (or the leader's staging) first."""


def owner(envelope: Envelope, workers: int) -> tuple[int, bool]:
    """The worker that applies ``envelope`` — its member's (a flow: its id's) share, the leader (0) for the rest —
    and whether it is one of those ordered events of the leader every later event waits for."""
    key = member_key(envelope)
    return (0, True) if key is None else (zlib.crc32(key.encode()) % workers, False)


@dataclass
class Batch:
    """Consecutive events of one worker, applied in one transaction."""

    events: list[Envelope] = field(default_factory=list)
    through: int = 0
    """Once committed, every event of this worker up to this stream sequence is."""
    after_leader: int = 0
    """The last ordered leader event (tree change, target) before this batch's last event: the leader must have
    committed it first."""
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
        mine, ordered = owner(envelope, self.workers)
        if mine == self.worker:
            self.batch.events.append(envelope)
            self.batch.after_leader = self.last_leader
        if ordered:  # the leader's own members are no reason to wait (waiting for them kept the workers in step)
            self.last_leader = sequence
        if len(self.batch.events) < self.size:
            return []
        full, self.batch = self.batch, Batch(through=sequence)
        return [full]

    def end(self) -> Batch:
        return self.batch
