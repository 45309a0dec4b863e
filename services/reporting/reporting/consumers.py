"""Reporting's durable consumers: one per stream it reads, each flushing its batch's deltas in one upsert
just before the batch's transaction commits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from reporting.facts import store
from reporting.ingest import inspection, meetings, membership
from shared.consumer import EventConsumer
from shared.db import UnitOfWork

STREAMS = {"membership": membership.register, "meetings": meetings.register, "inspection": inspection.register}


def consumer_name(service: str) -> str:
    return f"reporting-{service}"


def _before_commit(name: str) -> Callable[[UnitOfWork], Awaitable[None]]:
    async def before_commit(uow: UnitOfWork) -> None:
        batch = store.batch_of(uow)
        await store.flush(uow.session, batch)
        await store.record_progress(uow.session, name, batch.last_event_at)
        batch.last_event_at = None

    return before_commit


def consumers() -> list[EventConsumer]:
    out = []
    for service, register in STREAMS.items():
        name = consumer_name(service)
        consumer = EventConsumer(
            name=name, stream=service.upper(), subject=f"grassroots.{service}.>", before_commit=_before_commit(name)
        )
        register(consumer)
        out.append(consumer)
    return out
