"""The ceilings ``bench/national.py`` divides by, measured in the same run on the same servers: what the
machine does with no application code in the way.

- a bare nats-py pull loop (``fetch(500)`` then ``ack`` each) over messages the size of a member event, and the
  same through the consumers' own pull loop (``shared.pulls``), the ceiling of what the runner now does;
- a bare asyncpg transaction of the consumer's shape per batch of 500 events: the inbox claim (``unnest``) and a
  jsonb upsert of two (organisation, month) rows per event merged with ``||``;
- the framework's trivial endpoint (``GET /healthz``) at the same number of clients as ``POST /members``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator

import asyncpg
import httpx
import loadgen
import nats
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from shared.pulls import PullInbox

BATCH = 500


async def nats_fetch_ack(url: str, messages: int, size: int = 900) -> float:
    """Messages per second a bare durable pull consumer fetches (nats-py's ``fetch``) and acknowledges."""
    async with _ceiling_consumer(url, messages, size) as (js, stream):
        sub = await js.pull_subscribe(f"{stream.lower()}.>", durable="ceiling", stream=stream)
        done, started = 0, time.perf_counter()
        while done < messages:
            batch = await sub.fetch(BATCH, timeout=5)
            for msg in batch:
                await msg.ack()
            done += len(batch)
        return messages / (time.perf_counter() - started)


async def pull_inbox_fetch_ack(url: str, messages: int, size: int = 900) -> float:
    """The same through the consumers' own pull loop (``shared.pulls``: one await a batch, one write of its acks),
    the ceiling of what ``ConsumerRunner`` does with NATS since it stopped using nats-py's ``fetch``."""
    async with _ceiling_consumer(url, messages, size) as (js, stream):
        pulls = PullInbox(js._nc, stream, "ceiling")
        await pulls.open()
        done, started = 0, time.perf_counter()
        while done < messages:
            batch = await pulls.fetch(BATCH, timeout=5)
            await pulls.acknowledge(batch)
            done += len(batch)
        rate = messages / (time.perf_counter() - started)
        await pulls.close()
        return rate


@contextlib.asynccontextmanager
async def _ceiling_consumer(url: str, messages: int, size: int) -> AsyncIterator[tuple[JetStreamContext, str]]:
    """A fresh stream of ``messages`` messages of ``size`` bytes and a durable consumer ("ceiling") on it."""
    nc = await nats.connect(url)
    js = nc.jetstream(timeout=30)
    stream = f"CEILING_{uuid.uuid4().hex[:6].upper()}"
    try:
        await js.add_stream(StreamConfig(name=stream, subjects=[f"{stream.lower()}.>"]))
        payload = b"x" * size
        for start in range(0, messages, 1000):
            count = min(1000, messages - start)
            await asyncio.gather(*(js.publish(f"{stream.lower()}.e", payload) for _ in range(count)))
        config = ConsumerConfig(
            durable_name="ceiling",
            ack_policy=AckPolicy.EXPLICIT,
            max_ack_pending=2000,
            filter_subject=f"{stream.lower()}.>",
        )
        await js.add_consumer(stream, config)
        yield js, stream
    finally:
        await js.delete_stream(stream)
        await nc.close()


async def asyncpg_upsert(dsn: str, events: int) -> float:
    """Events per second through one transaction per batch: inbox claim plus two jsonb upserts per event."""
    conn = await asyncpg.connect(dsn)
    table = f"ceiling_{uuid.uuid4().hex[:6]}"
    try:
        await conn.execute(
            f"CREATE TABLE {table}_inbox (consumer text, event_id varchar, PRIMARY KEY (consumer, event_id));"
            f"CREATE TABLE {table} (org_id uuid, month date, deltas jsonb NOT NULL, PRIMARY KEY (org_id, month))"
        )
        orgs = [uuid.uuid4() for _ in range(2000)]
        deltas = json.dumps({"members.total": 1, "members.official": 1, "yob.1970": 1})
        started = time.perf_counter()
        for start in range(0, events, BATCH):
            ids = [str(uuid.uuid4()) for _ in range(BATCH)]
            keys = sorted({(orgs[(start + i * 7 + j) % len(orgs)], j) for i in range(BATCH) for j in range(2)})
            async with conn.transaction():
                await conn.fetch(
                    f"INSERT INTO {table}_inbox SELECT 'c', unnest($1::varchar[]) ON CONFLICT DO NOTHING "
                    "RETURNING event_id",
                    ids,
                )
                await conn.execute(
                    f"INSERT INTO {table} SELECT o, make_date(2026, m + 1, 1), $3::jsonb "
                    "FROM unnest($1::uuid[], $2::int[]) AS t(o, m) ON CONFLICT (org_id, month) "
                    f"DO UPDATE SET deltas = {table}.deltas || EXCLUDED.deltas",
                    [k[0] for k in keys],
                    [k[1] for k in keys],
                    deltas,
                )
        return events / (time.perf_counter() - started)
    finally:
        await conn.execute(f"DROP TABLE IF EXISTS {table}; DROP TABLE IF EXISTS {table}_inbox")
        await conn.close()


async def http_ceiling(base_url: str | list[str], clients: int, seconds: float, kind: str = "lean") -> float:
    """Requests per second ``GET /healthz`` answers at ``clients`` concurrent clients (each on its own keep-alive
    connection with the lean load generator; httpx's pool of as many with ``kind="httpx"``); several URLs (a
    service's replicas) share the clients in turn."""
    if kind == "httpx" and isinstance(base_url, str):
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        client: loadgen.Client = loadgen.HttpxConnection(
            httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30)
        )
    else:
        client = loadgen.client_for(kind, base_url)
    count, deadline = 0, time.perf_counter() + seconds

    async def one() -> None:
        nonlocal count
        connection = client.connection()
        while time.perf_counter() < deadline:
            status, body = await connection.request("GET", "/healthz")
            if status >= 400:
                raise RuntimeError(f"GET /healthz answered {status}: {body[:300]!r}")
            count += 1

    try:
        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(clients)))
        return count / (time.perf_counter() - started)
    finally:
        await client.aclose()
