"""The consumer runner against real PostgreSQL and JetStream: duplicates change nothing, a failing event
becomes a dead letter an operator can replay, and an event that is not ready yet is parked, never dropped."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import func, insert, select

from shared.consumer import ConsumerRunner, ConsumerSettings, EventConsumer, NotReady
from shared.db import UnitOfWork
from shared.events import Envelope
from shared.schema import audit_log, dead_letters, parked_events
from shared.testing.harness import RunningService, ServiceFactory, auth

EVENT_TYPE = "vn.party.test.thing.happened.v1"
SUBJECT = "grassroots.membership.thing.happened"


class Switches:
    failing = False
    ready = True


def make_consumer(switches: Switches) -> EventConsumer:
    consumer = EventConsumer(name="test-consumer", stream="MEMBERSHIP", subject=SUBJECT)

    @consumer.on(EVENT_TYPE)
    async def apply(uow: UnitOfWork, envelope: Envelope) -> None:
        if switches.failing and envelope.data.get("bad"):
            raise RuntimeError("handler bug")
        if not switches.ready:
            raise NotReady("org:unknown")
        await uow.session.execute(
            insert(audit_log).values(actor="test", action="test.applied", entity_type="event", entity_id=envelope.id)
        )

    return consumer


@contextlib.asynccontextmanager
async def running(m: RunningService, consumer: EventConsumer) -> AsyncIterator[ConsumerRunner]:
    runner = ConsumerRunner(
        m.db,
        m.runtime.js,
        consumer,
        ConsumerSettings(batch_size=50, max_deliver=3, backoff=(0.05, 0.1), parked_retry_seconds=0.2),
    )
    m.runtime.runners[consumer.name] = runner
    task = asyncio.create_task(runner.run())
    try:
        yield runner
    finally:
        runner.stop()
        await asyncio.wait_for(task, timeout=10)


async def publish(m: RunningService, envelope: Envelope, msg_id: str) -> None:
    await m.runtime.js.publish(SUBJECT, envelope.to_bytes(), headers={"Nats-Msg-Id": msg_id})


def envelope(bad: bool = False) -> Envelope:
    return Envelope(source="/test", type=EVENT_TYPE, subject="thing/1", data={"bad": bad})


async def count(m: RunningService, table: Any, *where: Any) -> int:
    async with m.db.read_session() as session:
        return int((await session.execute(select(func.count()).select_from(table).where(*where))).scalar_one())


async def eventually(check: Any, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def test_a_redelivered_or_duplicated_event_is_applied_once(services: ServiceFactory) -> None:
    async with services.run("membership") as m, running(m, make_consumer(Switches())):
        event = envelope()
        await publish(m, event, "a")
        await publish(m, event, "b")  # same event id beyond JetStream's de-duplication: the inbox catches it
        await publish(m, envelope(), "c")

        async def two_applied() -> bool:
            return await count(m, audit_log, audit_log.c.action == "test.applied") == 2

        await eventually(two_applied)
        await asyncio.sleep(0.5)
        assert await count(m, audit_log, audit_log.c.action == "test.applied") == 2
        assert await count(m, audit_log, audit_log.c.entity_id == event.id) == 1


async def test_a_failing_event_becomes_a_dead_letter_and_replays_after_the_fix(services: ServiceFactory) -> None:
    switches = Switches()
    switches.failing = True
    async with services.run("membership") as m, running(m, make_consumer(switches)):
        good, bad = envelope(), envelope(bad=True)
        await publish(m, bad, bad.id)
        await publish(m, good, good.id)

        async def dead() -> bool:
            return await count(m, dead_letters) == 1

        await eventually(dead)
        assert await count(m, audit_log, audit_log.c.entity_id == bad.id) == 0
        assert await count(m, audit_log, audit_log.c.entity_id == good.id) == 1, "one bad event holds up no other"

        listed = await m.client.get("/api/v1/admin/dead-letters", headers=auth())
        assert listed.status_code == 200
        [letter] = [d for d in listed.json()["items"] if d["event_id"] == bad.id]
        assert letter["deliveries"] == 3
        assert "handler bug" in letter["error"]

        switches.failing = False
        replay = await m.client.post(f"/api/v1/admin/dead-letters/{letter['id']}/replay", headers=auth())
        assert replay.json() == {"id": letter["id"], "replayed": True}
        assert await count(m, audit_log, audit_log.c.entity_id == bad.id) == 1
        again = await m.client.post(f"/api/v1/admin/dead-letters/{letter['id']}/replay", headers=auth())
        assert again.json()["replayed"] is True
        assert await count(m, audit_log, audit_log.c.entity_id == bad.id) == 1


async def test_dead_letters_are_for_admins_only(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        response = await m.client.get("/api/v1/admin/dead-letters", headers=auth("*", "admin"))
        assert response.status_code == 200
        refused = await m.client.get("/api/v1/admin/dead-letters", headers=auth("some-org", "organiser"))
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"
        anonymous = await m.client.get("/api/v1/admin/dead-letters")
        assert anonymous.status_code == 401


async def test_an_event_that_is_not_ready_is_parked_then_applied(services: ServiceFactory) -> None:
    switches = Switches()
    switches.ready = False
    async with services.run("membership") as m, running(m, make_consumer(switches)):
        event = envelope()
        await publish(m, event, event.id)

        async def parked() -> bool:
            return await count(m, parked_events) == 1

        await eventually(parked)
        switches.ready = True

        async def applied() -> bool:
            return await count(m, audit_log, audit_log.c.entity_id == event.id) == 1

        await eventually(applied)
        assert await count(m, parked_events) == 0
