"""The consumers' pull loop (``shared.pulls``) against a real nats-server: a short batch when the stream has fewer
than asked, an empty answer at expiry, the broker's status messages (the end of a request, heartbeats, refusals,
an answer to a request already given up on), and a broker restart mid-loop that neither loses nor doubles."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator

import pytest
from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from shared.bus import connect
from shared.pulls import GATHER, PullInbox, PullRefused
from shared.testing.polling import eventually
from shared.testing.servers import NatsForTests

STREAM, SUBJECT, CONSUMER = "PULLS", "pulls.thing", "pulls-test"


@contextlib.asynccontextmanager
async def pull_inbox(
    nats: NatsForTests, *, ack_wait: float = 30.0, max_waiting: int | None = None
) -> AsyncIterator[tuple[PullInbox, JetStreamContext, NATS]]:
    nc = await connect(nats.url, "pulls-test")
    js = nc.jetstream(timeout=10)
    await js.add_stream(StreamConfig(name=STREAM, subjects=["pulls.>"]))
    config = ConsumerConfig(
        durable_name=CONSUMER,
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=ack_wait,
        filter_subject=SUBJECT,
        max_waiting=max_waiting,
    )
    await js.add_consumer(STREAM, config)
    pulls = PullInbox(nc, STREAM, CONSUMER)
    await pulls.open()
    try:
        yield pulls, js, nc
    finally:
        await pulls.close()
        await nc.close()


async def publish(js: JetStreamContext, first: int, count: int) -> None:
    for n in range(first, first + count):
        await js.publish(SUBJECT, str(n).encode())


def numbers(messages: list[Msg]) -> list[int]:
    return [int(m.data) for m in messages]


async def test_a_batch_is_what_the_stream_has_when_it_has_fewer_than_asked_and_comes_at_once(
    nats: NatsForTests,
) -> None:
    async with pull_inbox(nats) as (pulls, js, _):
        await publish(js, 1, 7)
        started = time.monotonic()
        batch = await pulls.fetch(50, timeout=5.0)
        assert numbers(batch) == [1, 2, 3, 4, 5, 6, 7], "in stream order"
        assert time.monotonic() - started < 2.0, "what is there comes at once, not at the request's expiry"


async def test_a_full_stream_is_handed_out_a_batch_at_a_time_in_order(nats: NatsForTests) -> None:
    async with pull_inbox(nats) as (pulls, js, _):
        await publish(js, 1, 25)
        batches = [numbers(await pulls.fetch(10, timeout=2.0)) for _ in range(3)]
        assert batches == [list(range(1, 11)), list(range(11, 21)), list(range(21, 26))]


async def test_a_batch_acknowledged_with_one_write_is_never_redelivered(nats: NatsForTests) -> None:
    async with pull_inbox(nats, ack_wait=1.0) as (pulls, js, _):
        await publish(js, 1, 30)
        batch = await pulls.fetch(20, timeout=1.0)
        await pulls.acknowledge(batch[:10])  # the other ten left unacknowledged: redelivered after the ack wait

        async def ten_acknowledged() -> bool:
            info = await js.consumer_info(STREAM, CONSUMER)
            return (info.num_ack_pending, info.num_pending) == (10, 10)

        await eventually(ten_acknowledged, "ten acknowledged, ten pending acks, ten not delivered", timeout=0.9)
        await asyncio.sleep(1.2)
        again = await pulls.fetch(30, timeout=1.0)
        assert sorted(numbers(again)) == list(range(11, 31)), "only the unacknowledged ten come again, and the rest"
        await pulls.acknowledge(again)
        await asyncio.sleep(1.5)
        assert await pulls.fetch(30, timeout=0.5) == [], "nothing redelivered"
        assert (await js.consumer_info(STREAM, CONSUMER)).num_ack_pending == 0


async def test_expiry_with_nothing_pending_returns_empty_without_error(nats: NatsForTests) -> None:
    async with pull_inbox(nats) as (pulls, _, _):
        started = time.monotonic()
        assert await pulls.fetch(10, timeout=0.6) == []
        elapsed = time.monotonic() - started
        assert 0.5 <= elapsed < 1.5, f"the broker's 408 at expiry ends the fetch ({elapsed:.2f} s)"


async def test_an_event_published_while_the_request_lingers_is_delivered_by_it(nats: NatsForTests) -> None:
    async with pull_inbox(nats) as (pulls, js, _):
        fetching = asyncio.create_task(pulls.fetch(10, timeout=3.0))
        await asyncio.sleep(0.3)
        await publish(js, 1, 1)
        assert numbers(await fetching) == [1]


async def test_a_lingering_request_hands_out_its_first_messages_soon_not_at_its_expiry(nats: NatsForTests) -> None:
    """A quiet stream's event is applied within ``GATHER`` of its arrival (nats-py's fetch, and this one before,
    waited for the whole batch or the expiry: up to a second between a write and its report); what arrives in
    that window comes with it, and what the abandoned request still delivers comes with the next fetch."""
    async with pull_inbox(nats) as (pulls, js, _):
        fetching = asyncio.create_task(pulls.fetch(100, timeout=5.0))
        await asyncio.sleep(0.3)
        published = time.monotonic()
        await publish(js, 1, 3)
        assert numbers(await fetching) == [1, 2, 3]
        assert time.monotonic() - published < GATHER + 0.5, "handed out after the gathering, not at the expiry"
        fetching = asyncio.create_task(pulls.fetch(100, timeout=5.0))
        await asyncio.sleep(0.3)
        await publish(js, 4, 2)
        assert numbers(await fetching) == [4, 5], "the abandoned request's delivery or the new one's, in order"
        await publish(js, 6, 1)
        assert numbers(await pulls.fetch(100, timeout=5.0)) == [6]


async def test_idle_heartbeats_do_not_end_a_lingering_request(nats: NatsForTests) -> None:
    async with pull_inbox(nats) as (pulls, js, _):
        started = time.monotonic()
        assert await pulls.fetch(10, timeout=1.2, heartbeat=0.2) == []
        assert time.monotonic() - started >= 1.0, "five heartbeats came and went; the request ran to its expiry"
        await publish(js, 1, 1)
        assert numbers(await pulls.fetch(10, timeout=2.0, heartbeat=0.2)) == [1]


async def test_an_answer_to_a_request_given_up_on_does_not_end_the_current_one(nats: NatsForTests) -> None:
    """A 408 for an earlier request (say one sent before the broker went away and answered after it came back)
    arrives on the same inbox: each request's own reply subject keeps it from ending a later fetch early."""
    async with pull_inbox(nats) as (pulls, _, nc):
        earlier = f"{pulls.inbox}.999999"
        body = json.dumps({"batch": 1, "expires": 200_000_000}).encode()
        await nc.publish(f"$JS.API.CONSUMER.MSG.NEXT.{STREAM}.{CONSUMER}", body, reply=earlier)
        started = time.monotonic()
        assert await pulls.fetch(10, timeout=1.0) == []
        assert time.monotonic() - started >= 0.9, "the earlier request's 408 (at 0.2 s) was ignored"


async def test_a_refused_request_raises_with_the_brokers_status(nats: NatsForTests) -> None:
    async with pull_inbox(nats, max_waiting=1) as (pulls, js, nc):
        other = nc.new_inbox()  # another instance's request lingers: the one waiting request the consumer allows
        await nc.subscribe(other)
        body = json.dumps({"batch": 1, "expires": 3_000_000_000}).encode()
        await nc.publish(f"$JS.API.CONSUMER.MSG.NEXT.{STREAM}.{CONSUMER}", body, reply=other)
        await nc.flush()
        with pytest.raises(PullRefused) as refused:
            await pulls.fetch(10, timeout=1.0)
        assert refused.value.status == "409"
        assert "MaxWaiting" in refused.value.description
        await publish(js, 1, 3)
        assert numbers(await pulls.fetch(5, timeout=1.0)) == [2, 3], "the inbox is still usable (1 went to the other)"

        missing = PullInbox(nc, STREAM, "no-such-consumer")
        await missing.open()
        try:
            with pytest.raises(PullRefused) as no_responders:
                await missing.fetch(10, timeout=1.0)
            assert no_responders.value.status == "503"
        finally:
            await missing.close()


async def test_a_broker_restart_mid_loop_neither_loses_nor_doubles_and_does_not_hang(nats: NatsForTests) -> None:
    """Two restarts: one between a fetch and its acks (in the middle of a stream), one while a request lingers on
    an empty stream (the restarted broker forgets it: the loop gives it up at its expiry instead of waiting for an
    answer that never comes). Messages whose delivery or ack was lost are redelivered after the ack wait; nothing
    comes twice unless the broker redelivered it, which the consumers' inbox absorbs."""
    total = 300
    async with pull_inbox(nats, ack_wait=2.0) as (pulls, js, _):
        await publish(js, 1, total // 2)
        acked: set[int] = set()
        seen: list[tuple[int, int]] = []
        first_half = asyncio.Event()

        async def restart_while_a_request_lingers() -> None:
            await first_half.wait()
            await asyncio.sleep(0.3)  # the loop's next fetch is waiting on an empty stream
            await asyncio.to_thread(nats.restart)
            await publish_when_back(js, total // 2 + 1, total // 2)

        outage = asyncio.create_task(restart_while_a_request_lingers())
        restarted_mid_stream, deadline, refusals = False, time.monotonic() + 60, list[str]()
        while len(acked) < total:
            assert time.monotonic() < deadline, f"stuck with {len(acked)} of {total} acknowledged"
            try:
                batch = await asyncio.wait_for(pulls.fetch(20, timeout=1.0), timeout=10)
            except PullRefused as refused:  # "409 Server Shutdown" ends a waiting request; the runner asks again
                refusals.append(refused.description)
                continue
            if not restarted_mid_stream and len(acked) >= total // 6:
                restarted_mid_stream = True
                await asyncio.to_thread(nats.restart)
            seen.extend((int(msg.data), msg.metadata.num_delivered) for msg in batch)
            with contextlib.suppress(Exception):  # right after a restart the acks go through nats-py's buffer
                await pulls.acknowledge(batch)
                acked.update(numbers(batch))
            if len(acked) >= total // 2:
                first_half.set()
        await outage
        assert set(refusals) <= {"Server Shutdown"}
        assert acked == set(range(1, total + 1))
        firsts = [n for n, delivered in seen if delivered == 1]
        assert len(firsts) == len(set(firsts)), "no message handed out twice from one delivery"


async def publish_when_back(js: JetStreamContext, first: int, count: int) -> None:
    for _ in range(100):
        try:
            await publish(js, first, count)
            return
        except Exception:  # the broker is still starting
            await asyncio.sleep(0.2)
    raise AssertionError("the broker did not come back")
