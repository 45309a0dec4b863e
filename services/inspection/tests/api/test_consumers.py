"""Inspection's copies of the tree and of the member facts, kept from membership's events: merges,
out-of-order delivery (parked until the parent arrives, never dropped) and stale member events."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select

from inspection.members.models import MemberCopy
from shared import orgtree
from shared.bus import ensure_stream
from shared.consumer import NotReady
from shared.events import Envelope
from shared.schema import inbox
from shared.testing.polling import eventually

World = Any


async def test_a_merge_moves_the_children_under_the_target_and_closes_the_unit(world: World) -> None:
    w = world
    await w.feed(
        "org",
        "merged",
        {"org_id": w.C, "into_id": w.C2, "moved_children": [w.B1, w.B2], "effective_date": "2026-07-01"},
    )
    async with w.service.db.read_session() as session:
        closed = await orgtree.get_node(session, w.C)
        moved = await orgtree.get_node(session, w.B1)
    assert closed is not None
    assert closed.status == "merged"
    assert moved is not None
    assert moved.path == f"/{w.P}/{w.D2}/{w.C2}/{w.B1}/"
    # the member of B1 is now in D2's subtree, and D2's inspector may discipline them
    response = await w.service.client.post(
        "/api/v1/disciplines",
        headers=w.headers("D2", "inspector"),
        json={
            "target_type": "member",
            "target_id": w.M1,
            "measure": "warning",
            "decision_number": "5",
            "decision_date": "2026-08-01",
            "issuing_org_id": w.C2,
            "violation_date": "2026-06-01",
        },
    )
    assert response.status_code == 201, response.text
    gone = await w.service.client.post(
        "/api/v1/disciplines",
        headers=w.headers("D", "admin"),
        json={
            "target_type": "organisation",
            "target_id": w.C,
            "measure": "warning",
            "decision_number": "6",
            "decision_date": "2026-08-01",
            "issuing_org_id": w.D,
            "violation_date": "2026-06-01",
        },
    )
    assert gone.status_code == 422
    assert gone.json()["rule"] == "inspection.org_not_active"


async def test_an_org_whose_parent_is_unknown_is_not_ready(world: World) -> None:
    with pytest.raises(NotReady):
        await world.feed(
            "org",
            "created",
            {
                "org_id": str(uuid.uuid4()),
                "parent_id": str(uuid.uuid4()),
                "kind": "branch",
                "name": "x",
                "effective_date": "2026-01-01",
            },
        )


async def test_an_older_member_event_does_not_undo_a_newer_one(world: World) -> None:
    w = world
    now = datetime.now(UTC)
    base = {
        "member_id": w.M2,
        "org_id": w.B1,
        "gender": "male",
        "birth_date": "1990-01-01",
        "ethnicity": "Kinh",
        "ethnic_minority": False,
        "effective_date": "2026-01-01",
    }
    await w.feed("member", "recognised", {**base, "status": "official"}, time=now + timedelta(seconds=5))
    await w.feed("member", "updated", {**base, "status": "probationary", "positions": ["Phó bí thư"]}, time=now)
    await w.feed("member", "updated", {**base, "status": "official"}, time=now + timedelta(seconds=6))
    async with w.service.db.read_session() as session:
        member = await session.get(MemberCopy, w.M2)
    assert member is not None
    assert member.status == "official"
    assert member.positions == []  # the stale event's posts were never applied; later events keep them


async def test_events_delivered_child_first_are_parked_then_applied(insp: Any) -> None:
    """Through the real stream: the branch arrives before its committee, waits parked, and is then applied."""
    js = insp.runtime.js
    await ensure_stream(js, "membership")
    parent, child = str(uuid.uuid4()), str(uuid.uuid4())
    for org_id, parent_id, kind in [(child, parent, "branch"), (parent, None, "province")]:
        envelope = Envelope(
            source="/grassroots/membership",
            type="vn.party.membership.org.created.v1",
            subject=f"org/{org_id}",
            data={"org_id": org_id, "parent_id": parent_id, "kind": kind, "name": kind, "effective_date": "2026-01-01"},
        )
        await js.publish(envelope.nats_subject, envelope.to_bytes(), headers={"Nats-Msg-Id": envelope.id})

    async def copied() -> orgtree.OrgNode | None:
        async with insp.db.read_session() as session:
            return await orgtree.get_node(session, child)

    node = await eventually(copied, "inspection's copy of the child organisation")
    assert node.path == f"/{parent}/{child}/"


async def test_member_events_with_versions_apply_only_a_newer_version(world: World) -> None:
    w = world
    now = datetime.now(UTC)
    base = {"member_id": w.M3, "org_id": w.B3, "effective_date": "2026-01-01"}
    await w.feed("member", "updated", {**base, "status": "official", "positions": ["Bí thư"], "version": 5}, time=now)
    # same instant and even a later clock: version 4 is older and changes nothing
    await w.feed("member", "updated", {**base, "status": "official", "positions": [], "version": 4}, time=now)
    later = now + timedelta(seconds=1)
    await w.feed("member", "updated", {**base, "status": "exempt", "positions": [], "version": 4}, time=later)
    async with w.service.db.read_session() as session:
        member = await session.get(MemberCopy, w.M3)
    assert member is not None
    assert (member.status, member.positions, member.member_version) == ("official", ["Bí thư"], 5)
    await w.feed("member", "updated", {**base, "status": "exempt", "positions": [], "version": 6}, time=now)
    async with w.service.db.read_session() as session:
        member = await session.get(MemberCopy, w.M3)
    assert member is not None
    assert (member.status, member.positions, member.member_version) == ("exempt", [], 6)


async def test_a_host_acceptance_keeps_the_members_version_current(world: World) -> None:
    w = world
    base = {"member_id": w.M3, "org_id": w.B3, "status": "official", "effective_date": "2026-01-01"}
    await w.feed("member", "host_accepted", {**base, "host_org_id": w.B1, "positions": [], "version": 3})
    await w.feed("member", "updated", {**base, "status": "exempt", "positions": [], "version": 2})
    async with w.service.db.read_session() as session:
        member = await session.get(MemberCopy, w.M3)
    assert member is not None
    assert (member.status, member.org_id, member.member_version) == ("official", w.B3, 3)


def _member_event(data: dict[str, Any], time: datetime) -> Envelope:
    return Envelope(
        source="/grassroots/membership",
        type="vn.party.membership.member.updated.v1",
        subject=f"member/{data['member_id']}",
        data={"effective_date": "2026-01-01", **data},
        time=time,
    )


async def test_a_batch_of_member_events_ends_as_one_event_at_a_time_would(world: World) -> None:
    """The member consumer applies a batch with one read and one write (issue 13), in arrival order: a stale
    event inside the batch changes nothing, a member first seen in the batch is created once, and an event
    without posts keeps the posts an earlier event of the same batch gave."""
    w, now = world, datetime.now(UTC)
    base, newcomer = {"member_id": w.M3, "org_id": w.B3, "effective_date": "2026-01-01"}, str(uuid.uuid4())
    batch = [
        _member_event({**base, "status": "official", "positions": ["Bí thư"], "version": 5}, now),
        _member_event({**base, "status": "exempt", "positions": [], "version": 4}, now + timedelta(seconds=1)),
        _member_event({"member_id": newcomer, "org_id": w.B1, "status": "probationary", "version": 1}, now),
        _member_event({"member_id": newcomer, "org_id": w.B2, "status": "official", "version": 2}, now),
        _member_event({**base, "status": "official", "version": 6}, now),
    ]
    await w.service.runtime.runners["inspection-members"].apply_batch(batch)
    async with w.service.db.read_session() as session:
        member, new = await session.get(MemberCopy, w.M3), await session.get(MemberCopy, newcomer)
    assert member is not None
    assert new is not None
    assert (member.status, member.positions, member.member_version) == ("official", ["Bí thư"], 6)
    assert (new.org_id, new.status, new.member_version) == (w.B2, "official", 2)


async def test_a_batch_naming_an_unknown_branch_is_not_ready_and_writes_nothing(world: World) -> None:
    """The runner then applies the batch one event at a time and parks only the event naming the branch."""
    w, newcomer = world, str(uuid.uuid4())
    batch = [
        _member_event({"member_id": newcomer, "org_id": w.B1, "status": "official"}, datetime.now(UTC)),
        _member_event({"member_id": w.M3, "org_id": str(uuid.uuid4()), "status": "official"}, datetime.now(UTC)),
    ]
    with pytest.raises(NotReady):
        await w.service.runtime.runners["inspection-members"].apply_batch(batch)
    async with w.service.db.read_session() as session:
        assert await session.get(MemberCopy, newcomer) is None


async def test_an_event_without_posts_keeps_the_posts_stored_by_an_earlier_batch(world: World) -> None:
    """The batch's upsert writes the posts it read back for a member whose event does not carry them."""
    w, now, runner = world, datetime.now(UTC), world.service.runtime.runners["inspection-members"]
    base = {"member_id": w.M3, "org_id": w.B3}
    await runner.apply_batch([_member_event({**base, "status": "official", "positions": ["Phó bí thư"]}, now)])
    await runner.apply_batch([_member_event({**base, "status": "exempt"}, now + timedelta(seconds=1))])
    async with w.service.db.read_session() as session:
        member = await session.get(MemberCopy, w.M3)
    assert member is not None
    assert (member.status, member.positions) == ("exempt", ["Phó bí thư"])


def _org_created(org_id: str, parent_id: str) -> Envelope:
    return Envelope(
        source="/grassroots/membership",
        type="vn.party.membership.org.created.v1",
        subject=f"org/{org_id}",
        data={
            "org_id": org_id,
            "parent_id": parent_id,
            "kind": "branch",
            "name": "Chi bộ mới",
            "effective_date": "2026-01-01",
        },
        time=datetime.now(UTC),
    )


async def test_a_batch_waits_a_moment_for_a_branch_its_sibling_consumer_is_applying(world: World) -> None:
    """Issue 13: organisations and members loaded together, the member consumer runs just behind the organisation
    consumer; a batch naming a branch that the sibling commits a moment later applies whole instead of being
    parked event by event. A single event does not wait (the runner's one-at-a-time path parks it)."""
    w, runners = world, world.service.runtime.runners
    branch, newcomer, other = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    batch = [
        _member_event({"member_id": newcomer, "org_id": branch, "status": "official"}, datetime.now(UTC)),
        _member_event({"member_id": other, "org_id": w.B1, "status": "official"}, datetime.now(UTC)),
    ]

    async def sibling_applies(org_id: str) -> None:
        await asyncio.sleep(0.1)
        await runners["inspection-orgs"].apply_batch([_org_created(org_id, w.C)])

    await asyncio.gather(runners["inspection-members"].apply_batch(batch), sibling_applies(branch))
    async with w.service.db.read_session() as session:
        member = await session.get(MemberCopy, newcomer)
    assert member is not None
    assert member.org_id == branch

    late = str(uuid.uuid4())
    alone = [_member_event({"member_id": str(uuid.uuid4()), "org_id": late, "status": "official"}, datetime.now(UTC))]
    with pytest.raises(NotReady):
        await asyncio.gather(runners["inspection-members"].apply_batch(alone), sibling_applies(late))


async def test_a_versioned_member_event_delivered_again_changes_nothing_even_past_the_inbox(world: World) -> None:
    """Versioned member events are applied without an inbox row per event (issue 13): the copy's version makes a
    second delivery stale, even once the inbox no longer holds the event (pruned past its retention), while an
    event without a version still takes its row (ordered by time only, its second delivery could apply again)."""
    w, now = world, datetime.now(UTC)
    runner = w.service.runtime.runners["inspection-members"]
    base = {"member_id": w.M3, "org_id": w.B3}
    first = _member_event({**base, "status": "official", "positions": ["Bí thư"], "version": 7}, now)
    second = _member_event({**base, "status": "exempt", "version": 8}, now + timedelta(seconds=1))
    unversioned = _member_event({**base, "member_id": str(uuid.uuid4()), "status": "official"}, now)
    await runner.apply_batch([first, second, unversioned])
    async with w.service.db.uow() as uow:
        claimed = set(
            (
                await uow.session.execute(
                    select(inbox.c.event_id).where(inbox.c.event_id.in_([first.id, second.id, unversioned.id]))
                )
            ).scalars()
        )
        assert claimed == {unversioned.id}
        await uow.session.execute(delete(inbox))
        await uow.commit()
    await runner.apply_batch([first])
    async with w.service.db.read_session() as session:
        member = await session.get(MemberCopy, w.M3)
    assert member is not None
    assert (member.status, member.positions, member.member_version) == ("exempt", ["Bí thư"], 8)
