"""The change feed (``GET /api/v1/changes``): a subtree's events from the retained outbox, in commit order, resumable
by cursor, long-polling; members and organisations leaving a subtree are seen leaving; refusals."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from sqlalchemy import text

from shared.db import OUTBOX_ORDER_LOCK
from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
BATCH = "application/cloudevents-batch+json"


async def read(m: Any, headers: dict[str, str], **params: Any) -> tuple[list[dict[str, Any]], str]:
    r = await m.client.get("/api/v1/changes", headers=headers, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(BATCH)
    return list(json.loads(r.content)), r.headers["Next-Cursor"]


async def read_all(m: Any, headers: dict[str, str], limit: int, **params: Any) -> list[dict[str, Any]]:
    """Every event from the beginning, batch by batch, following the cursor until a batch comes back empty."""
    events: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        batch, cursor = await read(m, headers, limit=limit, **({"after": cursor} if cursor else {}), **params)
        if not batch:
            return events
        events += batch


def kinds(events: list[dict[str, Any]]) -> list[str]:
    return [".".join(e["type"].split(".")[3:5]) for e in events]


async def test_a_district_reads_its_subtrees_events_in_commit_order_batch_by_batch_and_nothing_from_elsewhere(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        inside = [await member_factory(m.client, b) for b in (t.branch, t.branch2)]
        outside = await member_factory(m.client, t.other_branch)
        district = auth(t.district, "organiser")
        whole = await read_all(m, district, limit=1000)
        by_twos = await read_all(m, district, limit=2)
        assert [e["id"] for e in by_twos] == [e["id"] for e in whole]  # resuming loses and repeats nothing
        assert kinds(whole) == ["org.created"] * 4 + ["member.registered"] * 2  # district, commune, two branches
        assert [e["data"]["member_id"] for e in whole[4:]] == [x["id"] for x in inside]
        assert outside["id"] not in json.dumps(whole)
        assert all(e["orgpath"].startswith(whole[0]["orgpath"]) for e in whole)
        national = await read_all(m, ADMIN, limit=1000)
        assert outside["id"] in json.dumps(national)
        assert len({e["id"] for e in national}) == len(national) == 9 + 3


async def test_a_member_moved_to_another_branch_is_seen_leaving_by_the_branch_they_left(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        moved = await m.client.post(
            f"/api/v1/members/{member['id']}/transfer-out",
            headers=ADMIN,
            json={"effective_date": "2026-01-05", "transfer_kind": "internal", "to_org_id": t.branch2},
        )
        assert moved.status_code == 200, moved.text
        member_types = {"types": "vn.party.membership.member"}
        left = await read_all(m, auth(t.branch, "organiser"), limit=100, **member_types)
        arrived = await read_all(m, auth(t.branch2, "organiser"), limit=100, **member_types)
        elsewhere = await read_all(m, auth(t.other_province, "organiser"), limit=100, **member_types)
        assert kinds(left) == ["member.registered", "member.transferred_in"]
        assert left[1]["data"]["org_id"] == t.branch2
        assert left[1]["previousorgpath"].endswith(f"/{t.branch}/")
        assert kinds(arrived) == ["member.transferred_in"]  # its registration happened elsewhere
        assert elsewhere == []


async def test_an_organisation_moved_to_another_province_is_seen_leaving_by_the_old_province(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        version = (await m.client.get(f"/api/v1/orgs/{t.commune}", headers=ADMIN)).headers["ETag"]
        other_district = (await m.client.get(f"/api/v1/orgs/{t.other_branch}", headers=ADMIN)).json()
        parent = other_district["path"].strip("/").split("/")[1]  # the other province's district
        moved = await m.client.post(
            f"/api/v1/orgs/{t.commune}/move",
            headers={**ADMIN, "If-Match": version},
            json={"parent_id": parent, "effective_date": "2026-03-01"},
        )
        assert moved.status_code == 200, moved.text
        org_moves = {"types": "vn.party.membership.org.moved.v1"}
        old = await read_all(m, auth(t.province, "organiser"), limit=100, **org_moves)
        new = await read_all(m, auth(t.other_province, "organiser"), limit=100, **org_moves)
        assert [e["data"]["org_id"] for e in old] == [e["data"]["org_id"] for e in new] == [t.commune]
        assert old[0]["previousorgpath"].startswith(f"/{t.province}/")
        assert new[0]["orgpath"].startswith(f"/{t.other_province}/")


async def test_a_long_poll_returns_the_change_committed_while_it_waits(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        branch = auth(t.branch, "integration")
        _, cursor = await read(m, branch, limit=1000)
        waiting = asyncio.create_task(read(m, branch, after=cursor, wait=20))
        member = await member_factory(m.client, t.branch)
        batch, after = await waiting
        assert [e["data"]["member_id"] for e in batch] == [member["id"]]
        assert (await read(m, branch, after=after))[0] == []


async def test_concurrent_commits_are_read_once_each_in_commit_order_while_they_happen(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    """Sequence numbers are taken in commit order: a reader following its cursor during concurrent writes skips
    none of them and repeats none."""
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        _, cursor = await read(m, ADMIN, limit=1000)
        seen: list[str] = []

        async def follow(done: asyncio.Event) -> None:
            nonlocal cursor
            while True:
                finished = done.is_set()
                batch, cursor = await read(m, ADMIN, after=cursor, limit=7)
                seen.extend(e["data"]["member_id"] for e in batch)
                if finished and not batch:
                    return

        done = asyncio.Event()
        reader = asyncio.create_task(follow(done))
        created = await asyncio.gather(*(member_factory(m.client, b) for b in [t.branch, t.branch2] * 15))
        done.set()
        await reader
        assert sorted(seen) == sorted(c["id"] for c in created)
        assert len(seen) == len(set(seen))


async def test_a_commit_with_events_takes_its_sequence_number_only_after_earlier_writers_committed(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    """The order lock: while another writer is between writing its outbox rows and committing, a command's commit
    waits, so sequence numbers follow commit order and a feed cursor never passes a row that commits later."""
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        async with m.db.engine.connect() as holder:
            await holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": OUTBOX_ORDER_LOCK})
            registering = asyncio.create_task(member_factory(m.client, t.branch))

            async def waiting_for_the_lock() -> bool:
                async with m.db.engine.connect() as probe:
                    waiting = await probe.execute(
                        text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                    )
                    return bool(waiting.scalar_one())

            await eventually(waiting_for_the_lock, "the registration's commit to wait for the order lock")
            assert not registering.done()
            await holder.commit()
        member = await registering
        batch, _ = await read(m, ADMIN, limit=1000, types="vn.party.membership.member")
        assert [e["data"]["member_id"] for e in batch] == [member["id"]]


async def test_a_transaction_that_wrote_its_outbox_row_first_but_commits_last_gets_the_larger_number(
    services: ServiceFactory,
) -> None:
    """The numbers are given at commit (the outbox's deferred trigger, under the order lock), not at the INSERT:
    a writer that inserted first and commits last is numbered after the one that committed before it, so a
    reader who has seen the later number has already been able to see both."""
    insert = text(
        "INSERT INTO outbox (event_id, aggregate_id, event_type, nats_subject, envelope) "
        "VALUES (:id, :id, 'test.order', 'test.order', '{}'::jsonb)"
    )
    async with services.run("membership") as m:
        async with m.db.engine.connect() as slow, m.db.engine.connect() as fast:
            await slow.execute(insert, {"id": "inserted-first"})
            await fast.execute(insert, {"id": "inserted-second"})
            await fast.commit()
            await slow.commit()
        async with m.db.engine.connect() as conn:
            rows = await conn.execute(text("SELECT event_id FROM outbox WHERE event_type = 'test.order' ORDER BY seq"))
            assert [r.event_id for r in rows] == ["inserted-second", "inserted-first"]


async def test_the_feed_refuses_roles_without_sensitive_reads_bad_cursors_and_bad_type_names(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        for role in ("viewer", "secretary"):
            refused = await m.client.get("/api/v1/changes", headers=auth(t.branch, role))
            assert refused.status_code == 403, role
        assert (await m.client.get("/api/v1/changes")).status_code == 401
        bad = await m.client.get("/api/v1/changes", headers=ADMIN, params={"after": "not-a-cursor"})
        assert (bad.status_code, bad.json()["errors"][0]["loc"]) == (400, ["query", "after"])
        typed = await m.client.get("/api/v1/changes", headers=ADMIN, params={"types": "member registered"})
        assert typed.status_code == 422
        unknown = await m.client.get("/api/v1/changes", headers=auth("no-such-org", "organiser"))
        assert unknown.status_code == 404
