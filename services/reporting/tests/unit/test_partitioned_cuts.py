"""How a rebuild split over processes cuts each worker's batches (``reporting.rebuild_shares.Cutter``): every event
applied by exactly one worker, a member's events by one worker in stream order, the tree by the leader, and the
waits that keep the order of one process."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from reporting.rebuild_shares import Batch, Cutter, owner
from shared.events import Envelope

M = "vn.party.membership"


def _event(kind: str, **data: Any) -> Envelope:
    return Envelope(
        source="/grassroots/membership", type=f"{M}.{kind}.v1", subject="t", data=data, time=datetime.now(UTC)
    )


def _member(member: str, org: str = "b1") -> Envelope:
    return _event("member.registered", member_id=member, org_id=org, status="official", version=1)


def _stream() -> list[Envelope]:
    members = [str(uuid.UUID(int=i, version=4)) for i in range(40)]
    out = [_event("org.created", org_id="p"), _event("org.created", org_id="b1")]
    out += [_member(m) for m in members[:20]]
    out += [_event("org.moved", org_id="b1", new_parent_id="p")]
    out += [_member(m) for m in members[20:]] + [_member(m) for m in members[:5]]  # later events of the first
    out += [_event("org.created", org_id="b2")] + [_member(m, "b2") for m in members[30:35]]
    return out


STREAM = _stream()  # one set of event ids for every worker's cut


def _cut(worker: int, workers: int, size: int = 4) -> list[Batch]:
    cutter, out = Cutter(worker, workers, size), []
    for sequence, envelope in enumerate(STREAM, start=1):
        out += cutter.add(sequence, envelope)
    return [*out, cutter.end()]


def test_every_event_is_applied_by_exactly_one_worker_and_the_tree_by_the_leader() -> None:
    stream = STREAM
    applied = [[e.id for b in _cut(w, 3) for e in b.events] for w in range(3)]
    assert sorted(i for ids in applied for i in ids) == sorted(e.id for e in stream)
    assert all(applied), "each worker has a share"
    tree = [e.id for e in stream if ".org." in e.type]
    assert [i for i in applied[0] if i in tree] == tree  # in stream order
    for worker, ids in enumerate(applied):
        assert [e.id for e in stream if e.id in ids] == ids, "a worker applies its events in stream order"
        assert all(owner(e, 3)[0] == worker for e in stream if e.id in ids and ".member." in e.type)


def test_a_members_events_stay_with_one_worker() -> None:
    by_member: dict[str, set[int]] = {}
    for worker in range(3):
        for batch in _cut(worker, 3):
            for e in batch.events:
                if "member_id" in e.data:
                    by_member.setdefault(e.data["member_id"], set()).add(worker)
    assert by_member
    assert all(len(workers) == 1 for workers in by_member.values())


def test_a_batch_waits_for_the_leader_events_before_its_last_event() -> None:
    stream = STREAM
    for batch in _cut(1, 3):
        if not batch.events:
            continue
        last = stream.index(batch.events[-1]) + 1
        tree_before = [s for s, e in enumerate(stream, start=1) if s < last and ".org." in e.type]
        assert batch.after_leader == max(tree_before)  # the tree before it, not the leader's members
        assert batch.through >= last


def test_at_a_move_the_others_write_their_sums_and_the_leader_applies_it_alone() -> None:
    move = next(s for s, e in enumerate(STREAM, start=1) if e.type.endswith("org.moved.v1"))
    leader = [b for b in _cut(0, 3) if b.barrier]
    assert [(b.barrier, [e.type for e in b.events]) for b in leader] == [(move, [f"{M}.org.moved.v1"])]
    for worker in (1, 2):
        batches = _cut(worker, 3)
        marker = next(i for i, b in enumerate(batches) if b.barrier)
        assert batches[marker].barrier == move
        assert not batches[marker].events
        assert all(b.through < move for b in batches[:marker])  # everything before it is committed first
        assert all(b.after_leader >= move for b in batches[marker + 1 :] if b.events)  # nothing after it before it
