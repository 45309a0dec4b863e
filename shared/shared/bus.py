"""NATS JetStream connection and stream set-up.

Each owning service creates its own stream idempotently at start-up (file storage, a duplicate window of at
least two minutes so ``Nats-Msg-Id`` de-duplicates re-published outbox rows). Consumers of other services'
streams wait for them to exist instead of creating them, so ownership stays with the publisher.

In production the broker is a three-node cluster: ``<SVC>_NATS_URL`` lists every node (comma-separated), the
client picks one and fails over to the others, and streams are created with three replicas. While a cluster
starts or elects a new leader, JetStream answers "unavailable" or not at all for a few seconds: stream set-up
retries through that instead of leaving the service without its stream.
"""

from __future__ import annotations

import asyncio
from typing import Any

import nats
import structlog
from nats.aio.client import Client as NATS
from nats.errors import NoRespondersError
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError, ServerError, ServiceUnavailableError

from shared.events import stream_name, stream_subjects
from shared.redaction import describe

log = structlog.get_logger(__name__)


def server_urls(url: str) -> list[str]:
    """``nats://n1:4222,nats://n2:4222`` -> one URL per server (blanks around commas and empty items ignored)."""
    servers = [part.strip() for part in url.split(",") if part.strip()]
    if not servers:
        raise ValueError("the NATS URL names no server")
    return servers


async def connect(url: str, name: str) -> NATS:
    """Connect with unlimited reconnects: a broker outage delays events, it must not kill the service."""

    async def on_error(exc: Exception) -> None:
        log.warning("nats.error", error=describe(exc))

    async def on_disconnect() -> None:
        log.warning("nats.disconnected")

    async def on_reconnect() -> None:
        log.info("nats.reconnected")

    return await nats.connect(
        servers=server_urls(url),
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
    """Create or update the service's stream; safe to call from every replica at every start. Retries (with
    back-off, until it succeeds or the task is cancelled) while JetStream is unavailable, e.g. a cluster
    electing its leaders or a node still missing; a configuration the server rejects (400) is raised at once."""
    await ensure_stream_config(js, stream_config(service, replicas=replicas, duplicate_window=duplicate_window))


async def ensure_stream_config(js: JetStreamContext, config: StreamConfig) -> None:
    """``ensure_stream`` for any stream configuration (the province streams use it too)."""
    delay = 0.2
    while True:
        try:
            await _create_or_update(js, config)
            return
        except (ServiceUnavailableError, ServerError, NoRespondersError, nats.errors.TimeoutError) as exc:
            # ServerError covers "insufficient resources": an R3 stream while a node is still missing.
            log.warning("nats.stream_setup_retry", stream=config.name, error=f"{type(exc).__name__}: {exc}")
        await asyncio.sleep(delay)
        delay = min(delay * 2, 5.0)


async def _create_or_update(js: JetStreamContext, config: StreamConfig) -> None:
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
            log.warning("nats.stream_wait", stream=name, error=describe(exc))
        if stop is not None and stop.is_set():
            return
        await asyncio.sleep(delay)
        delay = min(delay * 2, 5.0)


def headers_for(envelope_id: str, traceparent: str | None) -> dict[str, Any]:
    headers = {"Nats-Msg-Id": envelope_id}
    if traceparent:
        headers["traceparent"] = traceparent
    return headers
