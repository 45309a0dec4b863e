"""Meetings' copy of the tree and of each branch's roster, kept from membership's events."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import delete, select

from meetings.roster.models import RosterChange
from meetings.roster.queries import branch_roster
from shared import orgtree
from shared.consumer import NotReady
from shared.events import Envelope
from shared.schema import inbox
from shared.testing.harness import ServiceFactory


async def roster(w: Any, org_id: str, on: date) -> Any:
    async with w.service.db.read_session() as session:
        return await branch_roster(session, org_id, on)


async def test_exemption_temporary_transfer_and_resignation_shape_the_roster_by_date(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=4)
        a, b, c, d = w.members
        await w.member(w.branch, "exempted", "exempt", member_id=a, on=date(2025, 3, 1))
        await w.member(w.branch, "exemption_ended", "official", member_id=a, on=date(2025, 9, 1))
        await w.member(
            w.branch,
            "transferred_out",
            "temporarily_away",
            member_id=b,
            on=date(2025, 4, 1),
            transfer_kind="temporary",
            to_org_id=w.branch2,
        )
        await w.member(
            w.branch,
            "transferred_in",
            "official",
            member_id=b,
            on=date(2025, 7, 1),
            transfer_kind="temporary",
            from_org_id=w.branch2,
        )
        await w.member(w.branch, "resigned", "resigned", member_id=c, on=date(2025, 5, 15))
        await w.member(
            w.branch,
            "transferred_out",
            "transfer_pending",
            member_id=d,
            on=date(2025, 6, 1),
            transfer_kind="permanent",
            to_org_id=w.branch2,
        )
        await w.member(
            w.branch2,
            "transferred_in",
            "official",
            member_id=d,
            on=date(2025, 6, 20),
            transfer_kind="permanent",
            from_org_id=w.branch,
            previous_org_id=w.branch,
        )
        may = await roster(w, w.branch, date(2025, 5, 10))
        assert may.expected == {c, d}
        assert may.exempt == {a}
        assert may.temporarily_away == {b}
        july = await roster(w, w.branch, date(2025, 7, 10))
        assert july.expected == {b}
        assert (await roster(w, w.branch, date(2025, 10, 1))).expected == {a, b}
        assert (await roster(w, w.branch2, date(2025, 6, 10))).expected == set()
        assert (await roster(w, w.branch2, date(2025, 7, 10))).expected == {d}


async def test_an_event_for_an_unknown_branch_waits_and_a_merge_moves_children_and_members(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=2)
        unknown = str(uuid.uuid4())
        with pytest.raises(NotReady):
            await w.member(unknown)
        commune2 = await w.org("grassroots_committee", w.district, "Đảng ủy xã Hợp Thành")
        child = await w.org("branch", commune2, "Chi bộ thôn Mới")
        await w.apply(
            Envelope(
                source="/grassroots/membership",
                type="vn.party.membership.org.merged.v1",
                subject=f"org/{commune2}",
                data={
                    "org_id": commune2,
                    "into_id": w.commune,
                    "moved_children": [child],
                    "effective_date": "2025-06-01",
                },
            )
        )
        async with mt.db.read_session() as session:
            moved = await orgtree.get_node(session, child)
            merged = await orgtree.get_node(session, commune2)
        assert moved is not None
        assert moved.parent_id == w.commune
        assert merged is not None
        assert merged.status == "merged"
        old_branch = await w.org("branch", w.commune, "Chi bộ cũ")
        member = await w.member(old_branch)
        await w.apply(
            Envelope(
                source="/grassroots/membership",
                type="vn.party.membership.org.merged.v1",
                subject=f"org/{old_branch}",
                data={"org_id": old_branch, "into_id": w.branch, "effective_date": "2025-06-01"},
            )
        )
        assert member in (await roster(w, w.branch, date(2025, 6, 2))).expected
        assert member in (await roster(w, old_branch, date(2025, 5, 31))).expected
        assert (await roster(w, old_branch, date(2025, 6, 2))).expected == set()


def _event(entity: str, verb: str, data: dict[str, Any]) -> Envelope:
    subject = f"{entity}/{data.get('member_id') or data['org_id']}"
    return Envelope(
        source="/grassroots/membership", type=f"vn.party.membership.{entity}.{verb}.v1", subject=subject, data=data
    )


async def test_a_batch_writes_its_roster_changes_together_and_a_merge_in_it_sees_the_earlier_ones(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    """Member events of a batch are written with one branch check and one insert (issue 13); a merge later in
    the same batch still moves the member registered before it, and a batch naming an unknown branch writes
    nothing (the runner then parks only that event)."""
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        old_branch = await w.org("branch", w.commune, "Chi bộ cũ")
        member = str(uuid.uuid4())
        registered = {"member_id": member, "org_id": old_branch, "status": "official", "effective_date": "2025-02-01"}
        merged = {"org_id": old_branch, "into_id": w.branch, "effective_date": "2025-06-01"}
        await w.apply(_event("member", "registered", registered), _event("org", "merged", merged))
        assert member in (await roster(w, old_branch, date(2025, 5, 31))).expected
        assert member in (await roster(w, w.branch, date(2025, 6, 2))).expected

        stray = str(uuid.uuid4())
        good = {"member_id": stray, "org_id": w.branch, "status": "official", "effective_date": "2025-02-01"}
        unknown = {**good, "member_id": str(uuid.uuid4()), "org_id": str(uuid.uuid4())}
        with pytest.raises(NotReady):
            await w.apply(_event("member", "registered", good), _event("member", "registered", unknown))
        assert stray not in (await roster(w, w.branch, date(2025, 3, 1))).expected


async def test_a_batchs_roster_rows_keep_each_events_values_and_order(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    """The batch's rows go to the database as one JSON document (issue 13): each row keeps its event's values,
    the event time to the microsecond (in UTC and at another offset), the date,
    and the order of the events (ids ascending)."""
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        member = str(uuid.uuid4())
        base = {"member_id": member, "org_id": w.branch, "effective_date": "2025-02-01"}
        times = [
            datetime(2025, 2, 1, 8, 0, 0, 123456, tzinfo=UTC),
            datetime(2025, 2, 1, 9, 0, 0, 1, tzinfo=UTC),
            datetime(2025, 2, 1, 10, 30, tzinfo=timezone(timedelta(hours=7))),
        ]
        events = [
            _event("member", "registered", {**base, "status": "probationary"}),
            _event("member", "recognised", {**base, "status": "official", "effective_date": "2025-08-02"}),
            _event("member", "exempted", {**base, "status": "exempt", "effective_date": "2026-01-03"}),
        ]
        events = [e.model_copy(update={"time": t}) for e, t in zip(events, times, strict=True)]
        await w.apply(*events)
        async with w.service.db.read_session() as session:
            rows = (
                await session.execute(
                    select(
                        RosterChange.event_id,
                        RosterChange.change,
                        RosterChange.roster_status,
                        RosterChange.member_status,
                        RosterChange.effective_date,
                        RosterChange.event_time,
                        RosterChange.org_id,
                    )
                    .where(RosterChange.member_id == member)
                    .order_by(RosterChange.id)
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            (events[0].id, "registered", "active", "probationary", date(2025, 2, 1), times[0], w.branch),
            (
                events[1].id,
                "recognised",
                "active",
                "official",
                date(2025, 8, 2),
                times[1],
                w.branch,
            ),
            (events[2].id, "exempted", "exempt", "exempt", date(2026, 1, 3), times[2], w.branch),
        ]


async def test_a_member_event_delivered_again_writes_no_second_row_even_past_the_inbox(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    """Member events are applied without an inbox row per event (issue 13): their roster row is unique by event
    and member, so a redelivery changes nothing even once the inbox no longer holds the event (pruned past its
    retention); a batch records only its last event there, the mark of when the copy last applied one."""
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        member = str(uuid.uuid4())
        base = {"member_id": member, "org_id": w.branch, "effective_date": "2025-02-01"}
        registered = _event("member", "registered", {**base, "status": "probationary"})
        recognised = _event("member", "recognised", {**base, "status": "official", "effective_date": "2025-08-02"})
        await w.apply(registered)
        await w.apply(registered, recognised)
        async with w.service.db.uow() as uow:
            await uow.session.execute(delete(inbox))
            await uow.commit()
        await w.apply(registered, recognised)
        async with w.service.db.read_session() as session:
            ids = (
                await session.execute(
                    select(RosterChange.event_id).where(RosterChange.member_id == member).order_by(RosterChange.id)
                )
            ).scalars()
            assert list(ids) == [registered.id, recognised.id]
            assert list((await session.execute(select(inbox.c.event_id))).scalars()) == [recognised.id]
        assert (await roster(w, w.branch, date(2025, 9, 1))).expected == {member}
