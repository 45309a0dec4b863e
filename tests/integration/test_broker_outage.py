"""Nothing lost, nothing doubled: NATS goes away while members are created, comes back, and every event is in
the stream exactly once; re-publishing the whole outbox (a relay crash between publish and mark) adds nothing."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from sqlalchemy import func, select

from shared.outbox import republish
from shared.schema import outbox
from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually
from shared.testing.servers import NatsForTests

ADMIN = auth()


async def _org(client: Any, name: str, kind: str, parent: str | None) -> str:
    response = await client.post(
        "/api/v1/orgs",
        headers=ADMIN,
        json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2026-01-01"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _member(client: Any, branch: str, n: int) -> str:
    response = await client.post(
        "/api/v1/members",
        headers=ADMIN,
        json={
            "full_name": f"Nguyễn Văn {n}",
            "gender": "male",
            "birth_date": "1990-05-01",
            "ethnicity": "Kinh",
            "national_id": f"{n:012d}",
            "org_id": branch,
            "status": "official",
            "effective_date": "2026-02-01",
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _unpublished(service: Any) -> int:
    async with service.db.read_session() as session:
        return int(
            (
                await session.execute(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))
            ).scalar_one()
        )


async def _stream_event_ids(js: Any, stream: str) -> list[str]:
    info = await js.stream_info(stream)
    ids = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        msg = await js.get_msg(stream, seq)
        ids.append(json.loads(msg.data)["id"])
    return ids


async def test_events_created_while_nats_is_down_arrive_exactly_once(
    services: ServiceFactory, nats: NatsForTests
) -> None:
    async with services.run("membership") as m:
        province = await _org(m.client, "Tỉnh", "province", None)
        district = await _org(m.client, "Huyện", "district", province)
        commune = await _org(m.client, "Xã", "grassroots_committee", district)
        branch = await _org(m.client, "Chi bộ", "branch", commune)

        async def drained() -> bool:
            return await _unpublished(m) == 0

        await eventually(drained, "the outbox to drain")
        nats.embedded.stop()  # type: ignore[union-attr]
        for n in range(1, 6):
            await _member(m.client, branch, n)  # the API keeps working; events wait in the outbox
        await asyncio.sleep(1.0)
        assert await _unpublished(m) == 5
        nats.embedded.start()  # type: ignore[union-attr]
        await eventually(drained, "the outbox to drain after NATS returns", timeout=30)

        js = m.runtime.js
        ids = await _stream_event_ids(js, "MEMBERSHIP")
        assert len(ids) == 9
        assert len(set(ids)) == 9

        async with m.db.read_session() as session:
            first = (await session.execute(select(func.min(outbox.c.seq)))).scalar_one()
        assert await republish(m.db.engine, js, from_seq=first) == 9
        assert await _stream_event_ids(js, "MEMBERSHIP") == ids


async def test_reporting_counts_each_member_once_across_a_broker_outage(
    services: ServiceFactory, nats: NatsForTests
) -> None:
    """The consumer side of the outage: reporting's durable consumers resume after NATS returns and apply every
    event created meanwhile exactly once."""
    async with services.run("membership") as m, services.run("reporting") as r:
        province = await _org(m.client, "Tỉnh", "province", None)
        district = await _org(m.client, "Huyện", "district", province)
        commune = await _org(m.client, "Xã", "grassroots_committee", district)
        branch = await _org(m.client, "Chi bộ", "branch", commune)
        await _member(m.client, branch, 100)

        async def province_count() -> Any:
            response = await r.client.get(
                f"/api/v1/reports/{province}/summary", params={"period": "2026"}, headers=ADMIN
            )
            return response.json()["figures"]["members_total"] if response.status_code == 200 else None

        def counted(expected: int) -> Any:
            async def check() -> bool:
                return bool(await province_count() == expected)

            return check

        await eventually(counted(1), "one member counted")
        nats.embedded.stop()  # type: ignore[union-attr]
        for n in range(101, 106):
            await _member(m.client, branch, n)
        await asyncio.sleep(1.0)
        assert await province_count() == 1
        nats.embedded.start()  # type: ignore[union-attr]
        await eventually(counted(6), "six members counted", timeout=40)
        await asyncio.sleep(2.0)  # redeliveries, if any, would show as a count above 6
        assert await province_count() == 6
