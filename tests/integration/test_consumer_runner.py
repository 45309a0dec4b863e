"""The consumer runner against real PostgreSQL and JetStream: duplicates change nothing, a failing event
becomes a dead letter an operator can replay, an event that is not ready yet is parked, never dropped, and the
inbox is pruned past a retention longer than JetStream's duplicate window without letting an event apply twice."""

from __future__ import annotations

import asyncio
import base64
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from nats.js.api import ConsumerConfig
from pydantic import ValidationError
from sqlalchemy import func, insert, select

from membership.settings import Settings
from shared import inbox
from shared.consumer import ConsumerRunner, ConsumerSettings, EventConsumer, NotReady
from shared.db import UnitOfWork
from shared.events import Envelope
from shared.schema import audit_log, dead_letters, parked_events
from shared.schema import inbox as inbox_table
from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

EVENT_TYPE = "vn.party.test.thing.happened.v1"
SUBJECT = "grassroots.membership.thing.happened"


class Switches:
    failing = False
    ready = True
    seconds_per_event = 0.0


def make_consumer(switches: Switches) -> EventConsumer:
    consumer = EventConsumer(name="test-consumer", stream="MEMBERSHIP", subject=SUBJECT)

    @consumer.on(EVENT_TYPE)
    async def apply(uow: UnitOfWork, envelope: Envelope) -> None:
        if switches.failing and envelope.data.get("bad"):
            raise RuntimeError("handler bug")
        if not switches.ready:
            raise NotReady("org:unknown")
        await asyncio.sleep(switches.seconds_per_event)
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


async def test_the_ack_wait_setting_reaches_a_durable_consumer_created_before(services: ServiceFactory) -> None:
    """A killed replica's unacked batch goes to a sibling after ``ack_wait``: an operator who shortens it gets it on
    the consumers that already exist, not only on new ones (pull_subscribe alone keeps the old value)."""
    async with services.run("membership") as m:
        consumer = make_consumer(Switches())
        config = ConsumerConfig(durable_name=consumer.name, ack_wait=60.0, filter_subject=SUBJECT)
        await m.runtime.js.add_consumer(consumer.stream, config)
        runner = ConsumerRunner(m.db, m.runtime.js, consumer, ConsumerSettings(ack_wait_seconds=7.0))
        task = asyncio.create_task(runner.run())
        try:

            async def shortened() -> bool:
                info = await m.runtime.js.consumer_info(consumer.stream, consumer.name)
                return info.config.ack_wait == 7.0

            await eventually(shortened, "the durable consumer's ack wait to be 7 s")
        finally:
            runner.stop()
            await asyncio.wait_for(task, timeout=10)


async def test_a_redelivered_or_duplicated_event_is_applied_once(services: ServiceFactory) -> None:
    async with services.run("membership") as m, running(m, make_consumer(Switches())):
        event = envelope()
        await publish(m, event, "a")
        await publish(m, event, "b")  # same event id beyond JetStream's de-duplication: the inbox catches it
        await publish(m, envelope(), "c")

        async def two_applied() -> bool:
            return await count(m, audit_log, audit_log.c.action == "test.applied") == 2

        await eventually(two_applied, "two applied")
        await asyncio.sleep(0.5)
        assert await count(m, audit_log, audit_log.c.action == "test.applied") == 2
        assert await count(m, audit_log, audit_log.c.entity_id == event.id) == 1


async def test_events_idempotent_by_the_handlers_take_no_inbox_row(services: ServiceFactory) -> None:
    """An event the consumer declares idempotent by its own state is recorded in no inbox row (issue 13) and goes
    to its handler on every delivery; the others are still claimed and applied once. A batch with nothing to
    claim records its last event, the mark of when the consumer last applied one."""
    seen: list[str] = []
    consumer = EventConsumer(
        name="test-own-idempotent", stream="MEMBERSHIP", subject=SUBJECT, idempotent=lambda e: "own" in e.data
    )

    @consumer.on(EVENT_TYPE)
    async def apply(uow: UnitOfWork, event: Envelope) -> None:
        seen.append(event.id)

    def claimed() -> Any:
        return inbox_table.c.consumer == consumer.name

    own = [Envelope(source="/test", type=EVENT_TYPE, subject="thing/1", data={"own": True}) for _ in range(2)]
    guarded = envelope()
    async with services.run("membership") as m:
        runner = ConsumerRunner(m.db, m.runtime.js, consumer)
        batch = [own[0], guarded, own[1]]
        assert await runner.apply_batch(batch) == {e.id for e in batch}
        assert await count(m, inbox_table, claimed()) == 1
        assert await count(m, inbox_table, claimed(), inbox_table.c.event_id == guarded.id) == 1
        assert await runner.apply_batch([*own, guarded]) == {e.id for e in own}  # delivered again
        assert seen == [own[0].id, guarded.id, own[1].id, own[0].id, own[1].id]
        await runner.apply_batch(own)
        assert await count(m, inbox_table, claimed()) == 2
        assert await count(m, inbox_table, claimed(), inbox_table.c.event_id == own[1].id) == 1


async def test_a_failing_event_becomes_a_dead_letter_and_replays_after_the_fix(services: ServiceFactory) -> None:
    switches = Switches()
    switches.failing = True
    async with services.run("membership") as m, running(m, make_consumer(switches)):
        good, bad = envelope(), envelope(bad=True)
        await publish(m, bad, bad.id)
        await publish(m, good, good.id)

        async def dead() -> bool:
            return await count(m, dead_letters) == 1

        await eventually(dead, "dead")
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


async def test_on_stop_the_prefetched_batch_goes_back_to_the_broker_at_once(services: ServiceFactory) -> None:
    """The batch fetched while another is applied is nak'ed when the runner stops, not left to the ack wait
    (a minute): a sibling instance gets it at once, and every event is applied exactly once."""
    switches = Switches()
    switches.seconds_per_event = 0.1
    async with services.run("membership") as m:
        events = [envelope() for _ in range(20)]
        for event in events:
            await publish(m, event, event.id)
        settings = ConsumerSettings(batch_size=5, ack_wait_seconds=60.0, parked_retry_seconds=0.2)
        runner = ConsumerRunner(m.db, m.runtime.js, make_consumer(switches), settings)
        task = asyncio.create_task(runner.run())
        await eventually(lambda: _applied_at_least(m, 1), "the first batch being applied")
        runner.stop()
        await asyncio.wait_for(task, timeout=10)

        switches.seconds_per_event = 0.0
        async with running(m, make_consumer(switches)):
            # 5 s, far below the ack wait: the given-back batch did not wait for it
            await eventually(lambda: _applied_at_least(m, 20), "every event applied by the next instance", timeout=5)
        for event in events:
            assert await count(m, audit_log, audit_log.c.entity_id == event.id) == 1


async def _applied_at_least(m: RunningService, expected: int) -> bool:
    return await count(m, audit_log, audit_log.c.action == "test.applied") >= expected


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

        await eventually(parked, "parked")
        switches.ready = True

        async def applied() -> bool:
            return await count(m, audit_log, audit_log.c.entity_id == event.id) == 1

        await eventually(applied, "applied")
        assert await count(m, parked_events) == 0


async def test_undecodable_messages_become_dead_letters_with_their_raw_bytes(services: ServiceFactory) -> None:
    poison, not_cloudevents = b"\xff\xfe not json at all", b'{"hello": "world"}'
    async with services.run("membership") as m, running(m, make_consumer(Switches())):
        await m.runtime.js.publish(SUBJECT, poison)
        await m.runtime.js.publish(SUBJECT, not_cloudevents)
        good = envelope()
        await publish(m, good, good.id)

        async def two_dead() -> bool:
            return await count(m, dead_letters, dead_letters.c.event_type == "undecodable") == 2

        async def good_applied() -> bool:  # poison holds up no other event
            return await count(m, audit_log, audit_log.c.entity_id == good.id) == 1

        await eventually(two_dead, "two dead")
        await eventually(good_applied, "good applied")
        listed = (await m.client.get("/api/v1/admin/dead-letters", headers=auth())).json()["items"]
        kept = {base64.b64decode(d["envelope"]["raw_base64"]): d for d in listed if d["event_type"] == "undecodable"}
        assert set(kept) == {poison, not_cloudevents}
        assert kept[poison]["envelope"]["subject"] == SUBJECT

        letter = kept[poison]["id"]
        replay = await m.client.post(f"/api/v1/admin/dead-letters/{letter}/replay", headers=auth())
        assert replay.json() == {"id": letter, "replayed": False}  # still not an envelope: kept, with the error
        discarded = await m.client.post(f"/api/v1/admin/dead-letters/{letter}/discard", headers=auth())
        assert discarded.json() == {"id": letter, "discarded": True}
        assert await count(m, dead_letters, dead_letters.c.id == letter) == 0
        assert await count(m, audit_log, audit_log.c.action == "dead_letter.discarded") == 1
        again = await m.client.post(f"/api/v1/admin/dead-letters/{letter}/discard", headers=auth())
        assert again.status_code == 404


async def test_parked_events_are_listed_with_age_and_reason_and_expire_into_dead_letters(
    services: ServiceFactory,
) -> None:
    switches = Switches()
    switches.ready = False
    async with services.run("membership") as m, running(m, make_consumer(switches)) as runner:
        event = envelope()
        await publish(m, event, event.id)
        await eventually(lambda: _count_is(m, parked_events, 1), "one parked event")
        parked = (await m.client.get("/api/v1/admin/parked", headers=auth())).json()["items"]
        assert [(p["event_id"], p["waiting_for"], p["event_type"]) for p in parked] == [
            (event.id, "org:unknown", EVENT_TYPE)
        ]
        assert parked[0]["age_seconds"] >= 0
        metrics = (await m.client.get("/metrics")).text
        assert 'grassroots_parked_oldest_seconds{consumer="test-consumer"}' in metrics

        runner.settings.parked_dead_letter_after_seconds = 0.01  # an operator's setting, shortened for the test
        await eventually(lambda: _count_is(m, dead_letters, 1), "one dead letter")
        [letter] = (await m.client.get("/api/v1/admin/dead-letters", headers=auth())).json()["items"]
        assert letter["event_id"] == event.id
        assert "waiting for org:unknown" in letter["error"]
        assert await count(m, parked_events) == 0
        switches.ready = True
        replay = await m.client.post(f"/api/v1/admin/dead-letters/{letter['id']}/replay", headers=auth())
        assert replay.json()["replayed"] is True
        assert await count(m, audit_log, audit_log.c.entity_id == event.id) == 1


async def _count_is(m: RunningService, table: Any, expected: int) -> bool:
    return await count(m, table) == expected


async def test_operations_routes_need_a_national_admin(services: ServiceFactory) -> None:
    district_admin = auth("district-1", "admin")
    async with services.run("membership") as m:
        for method, path in [
            ("GET", "/api/v1/admin/dead-letters"),
            ("POST", "/api/v1/admin/dead-letters/1/replay"),
            ("POST", "/api/v1/admin/dead-letters/1/discard"),
            ("GET", "/api/v1/admin/parked"),
            ("GET", "/api/v1/admin/outbox"),
            ("PUT", "/api/v1/holidays/2026-09-02"),
            ("DELETE", "/api/v1/holidays/2026-09-02"),
        ]:
            refused = await m.client.request(method, path, headers=district_admin, json={"name": "Quốc khánh"})
            assert refused.status_code == 403, (path, refused.text)
            assert refused.json()["rule"] == "auth.national_admin_required"
        assert (await m.client.get("/api/v1/admin/parked", headers=auth())).status_code == 200


CONSUMER = "test-consumer"


async def test_an_event_re_published_within_the_duplicate_window_after_pruning_is_not_applied_again(
    services: ServiceFactory,
) -> None:
    async with services.run("membership") as m, running(m, make_consumer(Switches())):
        event = envelope()
        await m.runtime.js.publish(SUBJECT, event.to_bytes(), headers={"Nats-Msg-Id": event.id})

        async def applied() -> bool:
            return await count(m, audit_log, audit_log.c.entity_id == event.id) == 1

        await eventually(applied, "the event applied")
        assert await inbox.prune(m.db, CONSUMER, timedelta(0)) == 1
        assert await count(m, inbox_table, inbox_table.c.consumer == CONSUMER) == 0

        again = await m.runtime.js.publish(SUBJECT, event.to_bytes(), headers={"Nats-Msg-Id": event.id})
        assert again.duplicate, "inside the duplicate window JetStream itself drops the copy"
        barrier = envelope()
        await m.runtime.js.publish(SUBJECT, barrier.to_bytes(), headers={"Nats-Msg-Id": barrier.id})

        async def barrier_applied() -> bool:
            return await count(m, audit_log, audit_log.c.entity_id == barrier.id) == 1

        await eventually(barrier_applied, "the barrier event applied")
        assert await count(m, audit_log, audit_log.c.entity_id == event.id) == 1


async def test_pruning_takes_only_rows_older_than_the_retention_in_batches_of_one_consumer(
    services: ServiceFactory,
) -> None:
    async with services.run("membership") as m:
        async with m.db.uow() as uow:
            rows = [{"consumer": CONSUMER, "event_id": f"old-{i}"} for i in range(5)]
            rows.append({"consumer": "other-consumer", "event_id": "old-x"})
            await uow.session.execute(inbox_table.insert(), rows)
            await uow.session.execute(
                inbox_table.update().values(processed_at=inbox_table.c.processed_at - timedelta(days=8))
            )
            await uow.session.execute(inbox_table.insert(), [{"consumer": CONSUMER, "event_id": "young"}])
            await uow.commit()

        assert await inbox.prune(m.db, CONSUMER, timedelta(days=7), batch=2) == 5
        assert await count(m, inbox_table, inbox_table.c.consumer == CONSUMER) == 1, "the young row stays"
        assert await count(m, inbox_table, inbox_table.c.consumer == "other-consumer") == 1, "another consumer's stays"


async def test_the_runner_prunes_its_inbox_once_the_broker_has_answered_longer_than_the_ack_wait(
    services: ServiceFactory,
) -> None:
    async with services.run("membership") as m:
        settings = ConsumerSettings(
            batch_size=50, parked_retry_seconds=0.2, ack_wait_seconds=1.0, inbox_retention_seconds=0.0
        )
        runner = ConsumerRunner(m.db, m.runtime.js, make_consumer(Switches()), settings)
        task = asyncio.create_task(runner.run())
        try:
            event = envelope()
            await m.runtime.js.publish(SUBJECT, event.to_bytes(), headers={"Nats-Msg-Id": event.id})

            async def applied_then_pruned() -> bool:
                applied = await count(m, audit_log, audit_log.c.entity_id == event.id) == 1
                return applied and await count(m, inbox_table, inbox_table.c.consumer == CONSUMER) == 0

            await eventually(applied_then_pruned, "the event applied, then its inbox row pruned", timeout=30)
        finally:
            runner.stop()
            await asyncio.wait_for(task, timeout=10)


def test_a_retention_shorter_than_the_duplicate_window_and_a_margin_is_refused() -> None:
    with pytest.raises(ValidationError, match="inbox_retention_seconds"):
        Settings(stream_duplicate_window_seconds=300, inbox_retention_seconds=600)
    assert Settings(stream_duplicate_window_seconds=300, inbox_retention_seconds=900).inbox_retention_seconds == 900
    assert Settings(inbox_retention_seconds=None).inbox_retention_seconds is None
