"""Two relays on one outbox (two replicas of a service): every row is published once, and each aggregate's
events reach the stream in commit order."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from typing import Any, ClassVar

from sqlalchemy import func, select

from shared.db import Context
from shared.events import EventPayload, EventSpec
from shared.outbox import OutboxRelay
from shared.schema import outbox
from shared.testing.harness import ServiceFactory
from shared.testing.polling import eventually


class ProbeCounted(EventPayload):
    """A test-only event: the n-th change of one aggregate (not registered: it is no part of the contract)."""

    spec: ClassVar[EventSpec] = EventSpec("membership", "probe", "counted", 1, "test probe")
    aggregate: str
    n: int


async def test_two_relays_publish_each_row_once_in_order_per_aggregate(services: ServiceFactory) -> None:
    async with services.run("membership", run_background_workers=False) as m:
        await m.wait_messaging()
        aggregates = [f"agg-{i}" for i in range(8)]
        for n in range(40):
            async with m.db.uow(Context(actor="test")) as uow:
                for aggregate in aggregates:
                    uow.publish(ProbeCounted(aggregate=aggregate, n=n), subject=aggregate, aggregate_id=aggregate)
                await uow.commit()

        js = m.runtime.js
        relays = [OutboxRelay(m.db.engine, js, "membership", batch_size=37, poll_seconds=0.05) for _ in range(2)]
        tasks = [asyncio.create_task(r.run()) for r in relays]

        async def all_published() -> bool:
            async with m.db.read_session() as session:
                unpublished = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
                return (await session.execute(unpublished)).scalar_one() == 0

        await eventually(all_published, "the relays to publish the whole outbox")
        for relay in relays:
            relay.stop()
        await asyncio.gather(*tasks)

        info = await js.stream_info("MEMBERSHIP")
        assert info.state.messages == 320
        seen: dict[str, list[int]] = defaultdict(list)
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            data = json.loads((await js.get_msg("MEMBERSHIP", seq)).data)["data"]
            seen[data["aggregate"]].append(data["n"])
        assert all(seen[a] == list(range(40)) for a in aggregates)


async def test_a_relay_stops_an_aggregate_at_a_row_another_relay_holds(services: ServiceFactory) -> None:
    """Two scans with SKIP LOCKED can take interleaved rows of one aggregate: publishing past the held row would
    put the aggregate's later event before its earlier one."""
    async with services.run("membership", run_background_workers=False) as m:
        await m.wait_messaging()
        for n in range(3):
            async with m.db.uow(Context(actor="test")) as uow:
                uow.publish(ProbeCounted(aggregate="x", n=n), subject="x", aggregate_id="x")
                await uow.commit()
        relay = OutboxRelay(m.db.engine, m.runtime.js, "membership", batch_size=10)
        async with m.db.engine.connect() as other_relay:  # holds x's second row, as a concurrent scan would
            held = await other_relay.begin()
            second = (
                await other_relay.execute(select(outbox.c.seq).order_by(outbox.c.seq).offset(1).limit(1))
            ).scalar()
            await other_relay.execute(select(outbox.c.seq).where(outbox.c.seq == second).with_for_update())
            assert await relay.publish_batch() == 1  # n=0 only; n=2 waits behind the held n=1
            await held.rollback()
        assert await relay.publish_batch() == 2
        info = await m.runtime.js.stream_info("MEMBERSHIP")
        published = [
            json.loads((await m.runtime.js.get_msg("MEMBERSHIP", seq)).data)["data"]["n"]
            for seq in range(info.state.first_seq, info.state.last_seq + 1)
        ]
        assert published == [0, 1, 2]


async def test_a_commit_of_many_events_stores_them_in_the_order_published(services: ServiceFactory) -> None:
    """A commit's events are written as one array per column (``shared.db._outbox_insert``): each row keeps its own
    values, and ``seq`` follows the order they were published in, beside rows of other tables in the statement."""
    async with services.run("membership", run_background_workers=False) as m:
        published = []
        async with m.db.uow(Context(actor="test", request_id="r-1")) as uow:
            await uow.audit("probe.counted", "probe", "many", after={"note": "beside the events"})
            for n in range(300):
                aggregate = f"agg-{(n * 7) % 13}"
                published.append(
                    uow.publish(ProbeCounted(aggregate=aggregate, n=n), subject=aggregate, aggregate_id=aggregate)
                )
            await uow.commit()
        async with m.db.read_session() as session:
            rows = (
                await session.execute(
                    select(
                        outbox.c.event_id, outbox.c.aggregate_id, outbox.c.event_type, outbox.c.nats_subject,
                        outbox.c.envelope,
                    ).order_by(outbox.c.seq)
                )
            ).all()  # fmt: skip
        assert [tuple(r) for r in rows] == [
            (e["event_id"], e["aggregate_id"], e["event_type"], e["nats_subject"], json.loads(e["envelope"]))
            for e in published
        ]
        assert [(r.envelope["data"]["n"], r.envelope["subject"]) for r in rows] == [
            (n, f"agg-{(n * 7) % 13}") for n in range(300)
        ]
        assert {r.event_type for r in rows} == {ProbeCounted.spec.type}


class ProbeMeasured(EventPayload):
    """A test-only event carrying the values whose JSON spelling differs between encoders."""

    spec: ClassVar[EventSpec] = EventSpec("membership", "probe", "measured", 1, "test probe")
    aggregate: str
    value: Any


async def test_the_relay_publishes_each_envelope_as_json_dumps_writes_it(services: ServiceFactory) -> None:
    """The relay reads the envelope's text and writes it with orjson where orjson spells it as ``json.dumps``
    does: a float (``1e-07``, which orjson writes ``1e-7``) or an integer past 64 bits (which orjson reads as a
    float) are still published as ``json`` writes them, and text (every kind of escape, non-ASCII) byte for byte."""
    values: list[Any] = [
        1e-07,
        [0.5, 2.25e-05, 1e16],
        123456789012345678901234567890,
        [-9223372036854775808, 18446744073709551615],
        'Nguyễn Thị Ánh "quoted" \\ tab\t nul-ish \x01 \x1f line\n sep\u2028 emoji 🎉, 1.5: [2.5',
        {"nested": [True, False, None, 0, -7, {"k": "v"}], "empty": [], "obj": {}},
        "a, 1.5 inside a string only",
    ]
    async with services.run("membership", run_background_workers=False) as m:
        await m.wait_messaging()
        async with m.db.uow(Context(actor="thử", request_id="r-2")) as uow:
            for n, value in enumerate(values):
                uow.publish(ProbeMeasured(aggregate=f"m-{n}", value=value), subject=f"m-{n}", aggregate_id=f"m-{n}")
            await uow.commit()
        assert await OutboxRelay(m.db.engine, m.runtime.js, "membership").publish_batch() == len(values)
        async with m.db.read_session() as session:
            stored = (await session.execute(select(outbox.c.envelope).order_by(outbox.c.seq))).scalars().all()
        info = await m.runtime.js.stream_info("MEMBERSHIP")
        sent = [
            (await m.runtime.js.get_msg("MEMBERSHIP", seq)).data
            for seq in range(info.state.first_seq, info.state.last_seq + 1)
        ]
        assert sent == [json.dumps(e, ensure_ascii=False, separators=(",", ":")).encode() for e in stored]
        assert [json.loads(s)["data"]["value"] for s in sent] == values
