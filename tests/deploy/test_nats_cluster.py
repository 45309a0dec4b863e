"""The production bus loses nothing when a node crashes: three nats-server nodes run deploy/nats/cluster.conf
(see nats_cluster.py), membership publishes through its outbox relay to an R3 stream while members are created
one after another, and the stream's leader is killed with SIGKILL mid-load; once it has rejoined, the new leader
is killed and replaced by an empty node of the same name (a lost disk); once that one has caught up, another node
is killed for good, so the replacement must carry the quorum. Every event the relay saw acknowledged is in the
stream exactly once, publishing goes on after each kill, and reporting (consuming over the same cluster) counts
exactly the members membership holds.

Bounded by polling timeouts only; nothing here measures time.
"""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from nats.js.errors import ServiceUnavailableError
from sqlalchemy import select

from shared.bus import connect, ensure_stream
from shared.schema import outbox
from shared.testing.harness import ServiceFactory
from tests.deploy.nats_cluster import NatsCluster, eventually
from tests.integration.test_broker_outage import ADMIN, _member, _org, _stream_event_ids, _unpublished

STREAM = "MEMBERSHIP"
STEP = 15  # messages the stream must gain before a kill, and again after each election


async def _steady_load(client: Any, branch: str, stop: asyncio.Event, created: list[str]) -> None:
    """One member after another, as fast as the API answers, until told to stop (the API needs no broker)."""
    n = 1000
    while not stop.is_set():
        n += 1
        created.append(await _member(client, branch, n))


async def _published_ids(service: Any) -> set[str]:
    """Event ids the relay marked published, i.e. that JetStream acknowledged."""
    async with service.db.read_session() as session:
        rows = await session.execute(select(outbox.c.event_id).where(outbox.c.published_at.is_not(None)))
        return {str(row[0]) for row in rows}


async def _all_ids(service: Any) -> list[str]:
    async with service.db.read_session() as session:
        return [str(row[0]) for row in await session.execute(select(outbox.c.event_id))]


async def _leader(js: Any, *, not_: str | None = None) -> str | None:
    info = await js.stream_info(STREAM)
    leader = info.cluster.leader if info.cluster else None
    return leader if leader and leader != not_ else None


async def _victim(js: Any, *, avoid: str) -> str | None:
    """The stream leader, unless it is ``avoid``: then a follower other than ``avoid``."""
    info = await js.stream_info(STREAM)
    if not info.cluster or not info.cluster.leader:
        return None
    if info.cluster.leader != avoid:
        return str(info.cluster.leader)
    return next((str(p.name) for p in info.cluster.replicas or [] if p.name != avoid), None)


async def _grown(js: Any, beyond: int) -> int | None:
    last = int((await js.stream_info(STREAM)).state.last_seq)
    return last if last >= beyond + STEP else None


async def _all_current(js: Any) -> bool:
    info = await js.stream_info(STREAM)
    peers = (info.cluster.replicas or []) if info.cluster else []
    return bool(info.cluster and info.cluster.leader) and len(peers) == 2 and all(p.current for p in peers)


async def test_acknowledged_events_survive_killing_stream_leaders_and_replacing_a_node(
    services: ServiceFactory, tmp_path: Path
) -> None:
    cluster = NatsCluster(tmp_path / "nats").start()
    services.nats = cluster  # type: ignore[assignment]  # the harness only reads .url: every node, comma-separated
    observer = await connect(cluster.url, "cluster-test-observer")
    stop, created = asyncio.Event(), list[str]()
    load: asyncio.Task[None] | None = None
    try:
        js = observer.jetstream(timeout=5)
        await eventually(js.account_info, "JetStream is up on the cluster")
        async with (
            services.run("membership", stream_replicas=3) as m,
            services.run("reporting", stream_replicas=3) as r,
        ):
            province = await _org(m.client, "Tỉnh", "province", None)
            district = await _org(m.client, "Huyện", "district", province)
            commune = await _org(m.client, "Xã", "grassroots_committee", district)
            branch = await _org(m.client, "Chi bộ", "branch", commune)
            info = await js.stream_info(STREAM)
            assert info.config.num_replicas == 3

            load = asyncio.create_task(_steady_load(m.client, branch, stop, created))
            acknowledged: set[str] = set()
            # 1: kill the leader, restart it on its volume. 2: kill the new leader, replace it by an empty node of
            # the same name (a lost disk). 3: kill another node than the replacement (its leader when it can), so
            # the replacement must carry the quorum; it stays down.
            replaced = ""
            for round_ in ("restart", "replace", "stay down"):
                last = int((await js.stream_info(STREAM)).state.last_seq)
                await eventually(lambda last=last: _grown(js, last), f"{round_}: the stream grows under load")
                victim = await eventually(
                    lambda replaced=replaced: _victim(js, avoid=replaced), f"{round_}: a node to kill"
                )
                acknowledged |= await _published_ids(m)
                cluster.kill(victim)
                await eventually(lambda victim=victim: _leader(js, not_=victim), f"{round_}: a leader")
                last = int((await js.stream_info(STREAM)).state.last_seq)
                await eventually(lambda last=last: _grown(js, last), f"{round_}: publishing goes on")
                if round_ == "stay down":
                    break
                if round_ == "replace":
                    shutil.rmtree(cluster.nodes[victim].store)
                    replaced = victim
                cluster.start_node(victim)  # rejoins (or joins empty) and catches up from the others
                await eventually(lambda: _all_current(js), f"{round_}: {victim} is current again")

            stop.set()
            await load

            async def drained() -> bool:
                return await _unpublished(m) == 0

            await eventually(drained, "the outbox is published", timeout=120)
            in_stream = Counter(await _stream_event_ids(js, STREAM))
            assert [event for event, count in in_stream.items() if count > 1] == []
            assert set(in_stream) == set(await _all_ids(m)), "every committed event, nothing else"
            assert acknowledged <= set(in_stream), "events acknowledged before a kill are still there"
            assert len(acknowledged) >= 2 * STEP

            async def members_total() -> int | None:
                response = await r.client.get(
                    f"/api/v1/reports/{province}/summary", params={"period": "2026"}, headers=ADMIN
                )
                return response.json()["figures"]["members_total"] if response.status_code == 200 else None

            async def consumed_everything() -> bool:
                consumers = await js.consumers_info(STREAM)
                return bool(consumers) and all(c.num_pending == 0 and c.num_ack_pending == 0 for c in consumers)

            await eventually(lambda: _equals(members_total, len(created)), "reporting counts every member")
            await eventually(consumed_everything, "reporting acknowledged every event")
            assert await members_total() == len(created), "no redelivery counted twice"
    finally:
        stop.set()
        if load is not None and not load.done():
            load.cancel()
        await observer.close()
        cluster.stop()


async def _equals(probe: Any, expected: int) -> bool:
    return bool(await probe() == expected)


async def test_stream_set_up_waits_for_a_cluster_that_is_still_forming(tmp_path: Path) -> None:
    """A fresh cluster's JetStream answers "temporarily unavailable" until every configured node is there: a
    service that starts first keeps retrying its stream set-up instead of running without a stream."""
    cluster = NatsCluster(tmp_path / "nats")
    first, second, third = cluster.nodes
    cluster.start_node(first)
    cluster.start_node(second)
    nc = await connect(cluster.url, "forming-cluster-test")
    try:
        js = nc.jetstream(timeout=5)
        setup = asyncio.create_task(ensure_stream(js, "membership", replicas=3))
        await eventually(lambda: _unavailable(js), "the forming cluster refuses JetStream calls")
        assert not setup.done(), "set-up keeps retrying, it did not give up"
        cluster.start_node(third)
        await asyncio.wait_for(setup, timeout=120)
        info = await js.stream_info(STREAM)
        assert info.config.num_replicas == 3
        assert info.cluster is not None
        assert len(info.cluster.replicas or []) == 2
    finally:
        await nc.close()
        cluster.stop()


async def _unavailable(js: Any) -> bool:
    try:
        await js.account_info()
    except ServiceUnavailableError:
        return True
    return False
