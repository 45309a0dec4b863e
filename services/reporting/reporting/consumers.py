"""Reporting's durable consumers: one per stream it reads, each flushing its batch's deltas in one upsert
just before the batch's transaction commits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from reporting.facts import store
from reporting.ingest import dues, inspection, meetings, membership
from shared.consumer import EventConsumer
from shared.db import UnitOfWork
from shared.events import Envelope

STREAMS = {"membership": membership.register, "meetings": meetings.register, "inspection": inspection.register}
LANES = 1
"""Concurrent transactions per consumer for batches that split by key (``EventConsumer.lanes``, issue 13). One:
on the shared 2-core machine two lanes gained nothing measurable and cost ~20 µs of PostgreSQL CPU per live
event (both lanes rewrite the current month's rows of the upper levels); raise it where cores sit idle."""

# Flows only: they read and replace no state, so any lane may count them.
_FLOWS_ONLY = {*membership.CANDIDATE_FLOWS, *dues.TYPES}


def member_key(envelope: Envelope) -> str | None:
    """A member event's lane is its member's (the member's applied state and version are read and replaced under
    the member's lock, so one member's events stay in one transaction at a time, in order); flows go anywhere;
    tree changes and targets (applied in arrival order) split no batch."""
    if envelope.type in membership.MEMBER_FLOWS:
        member = envelope.data.get("member_id")
        return member if isinstance(member, str) else None
    return envelope.id if envelope.type in _FLOWS_ONLY else None


def org_key(envelope: Envelope) -> str | None:
    """Meetings' events by organisation: a meeting's contributions and its branch's month markers are replaced
    by key without a lock, so everything of one branch stays in one lane."""
    org = envelope.data.get("org_id")
    return org if isinstance(org, str) else None


PARTITIONS = {"membership": member_key, "meetings": org_key}


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
        partition = PARTITIONS.get(service)
        consumer = EventConsumer(
            name=name,
            stream=service.upper(),
            subject=f"grassroots.{service}.>",
            before_commit=_before_commit(name),
            partition=partition,
            lanes=LANES if partition is not None else 1,
        )
        register(consumer)
        out.append(consumer)
    return out
