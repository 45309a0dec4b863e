"""NATS JetStream connection and stream set-up.

Each owning service creates its own stream idempotently at start-up (file storage, a duplicate window of at
least two minutes so ``Nats-Msg-Id`` de-duplicates re-published outbox rows). Consumers of other services'
streams wait for them to exist instead of creating them, so ownership stays with the publisher.
"""

from __future__ import annotations

import asyncio
from typing import Any

import nats
import structlog
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from shared.events import stream_name, stream_subjects

log = structlog.get_logger(__name__)


async def connect(url: str, name: str) -> NATS:
    """Connect with unlimited reconnects: a broker outage delays events, it must not kill the service."""

    async def on_error(exc: Exception) -> None:
        log.warning("nats.error", error=str(exc))

    async def on_disconnect() -> None:
        log.warning("nats.disconnected")

    async def on_reconnect() -> None:
        log.info("nats.reconnected")

    return await nats.connect(
        servers=[u.strip() for u in url.split(",")],
        name=name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=0.5,
        connect_timeout=3,
        allow_reconnect=True,
        error_cb=on_error,
        disconnected_cb=on_disconnect,
        reconnected_cb=on_reconnect,
    )


def stream_config(service: str, *, replicas: int = 1, duplicate_window: float = 300.0) -> StreamConfig:
    return StreamConfig(
        name=stream_name(service),
        subjects=stream_subjects(service),
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        discard=DiscardPolicy.OLD,
        num_replicas=replicas,
        duplicate_window=duplicate_window,
        max_age=0,
    )


async def ensure_stream(
    js: JetStreamContext, service: str, *, replicas: int = 1, duplicate_window: float = 300.0
) -> None:
    """Create or update the service's stream; safe to call from every replica at every start."""
    config = stream_config(service, replicas=replicas, duplicate_window=duplicate_window)
    try:
        await js.stream_info(config.name or "")
        await js.update_stream(config)
    except NotFoundError:
        try:
            await js.add_stream(config)
        except Exception:  # another replica created it between our two calls
            await js.stream_info(config.name or "")


async def wait_for_stream(js: JetStreamContext, name: str, stop: asyncio.Event | None = None) -> None:
    """Block until another service has created ``name`` (consumers never create others' streams)."""
    delay = 0.2
    while True:
        try:
            await js.stream_info(name)
            return
        except NotFoundError:
            pass
        except Exception as exc:  # broker down: keep waiting, the connection reconnects by itself
            log.warning("nats.stream_wait", stream=name, error=str(exc))
        if stop is not None and stop.is_set():
            return
        await asyncio.sleep(delay)
        delay = min(delay * 2, 5.0)


def headers_for(envelope_id: str, traceparent: str | None) -> dict[str, Any]:
    headers = {"Nats-Msg-Id": envelope_id}
    if traceparent:
        headers["traceparent"] = traceparent
    return headers
