"""Refusals caused by data that has not arrived yet say so.

A service keeps copies of other services' data (the organisation tree, members), filled by its consumers. Right
after an import a real member may still be on its way: a plain "not found" would read as a wrong id. A lookup
that misses in such a copy raises ``NotInCopy``; its handler asks the consumer that fills the copy how far
behind it is (events in the stream not yet applied, events parked waiting for others) and, when it is behind,
answers ``copy.not_known_yet`` with those figures, the time it last applied an event and ``Retry-After``. A copy
that is caught up answers the lookup's own "not found": the id is wrong (or outside the caller's scope).
A record outside the caller's scope raises ``NotInCopy`` as well, so that it answers exactly as an unknown id
does, lagging or not: existence outside the subtree never shows.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import JSONResponse
from nats.js.errors import NotFoundError
from sqlalchemy import func, select

from shared.errors import DomainError, NotFound
from shared.i18n import register_messages
from shared.problems import handle_domain_error
from shared.schema import inbox, parked_events

if TYPE_CHECKING:
    from nats.js import JetStreamContext

    from shared.consumer import EventConsumer

RETRY_AFTER_SECONDS = 5

register_messages(
    {
        "copy.not_known_yet": {
            "vi": "Dịch vụ này chưa nhận được {record} {id}: bản sao dữ liệu còn {waiting_events} sự kiện chưa áp "
            "dụng (lần áp dụng gần nhất lúc {last_applied_at}). Dữ liệu vừa nhập có thể chưa tới; hãy thử lại sau "
            "ít giây.",
            "en": "{record} {id} is not known here yet: this service's copy has {waiting_events} events still to "
            "apply (last applied at {last_applied_at}). Data just entered may not have arrived; retry in a few "
            "seconds.",
        },
    }
)


class NotInCopy(NotFound):
    """``record`` ``id`` is missing from this service's copy of data another service owns. ``fed_by`` is an event
    type that brings such records (``member.registered``, ``org.created``): its consumer tells how far behind
    the copy is. ``otherwise`` is the refusal once the copy has caught up, when it is not this 404 (a mark for a
    member not on the roster is a 422 rule of its own)."""

    def __init__(
        self,
        code: str,
        /,
        *,
        record: str,
        id: str,
        fed_by: str,
        field: str | None = None,
        otherwise: DomainError | None = None,
        **params: Any,
    ):
        super().__init__(code, field=field, **params)
        self.record = record
        self.id = id
        self.fed_by = fed_by
        self.otherwise = otherwise


@dataclass(frozen=True)
class CopyLag:
    pending_events: int | None  # in the stream, not yet applied (None: the broker did not answer)
    parked_events: int  # received but waiting for data not seen yet
    last_applied_at: datetime | None  # when the consumer last applied an event (its inbox)

    @property
    def behind(self) -> bool:
        """Events known to be waiting. A broker that does not answer (or a stream not created yet) proves no
        lag: the lookup's own "not found" stands."""
        return bool(self.pending_events) or self.parked_events > 0


async def copy_lag(runtime: Any, fed_by: str) -> CopyLag | None:
    """How far behind the consumer that applies ``fed_by`` events is; None when no consumer here applies them
    (this service owns the data, so a miss is a miss)."""
    runner = next((r for r in runtime.runners.values() if fed_by in r.consumer.handlers), None)
    if runner is None:
        return None
    pending: int | None = None
    with contextlib.suppress(Exception):
        pending = await asyncio.wait_for(_pending(runner.js, runner.consumer), 2.0)
    name = runner.consumer.name
    async with runtime.db.read_session() as session:
        parked = (
            await session.execute(
                select(func.count()).select_from(parked_events).where(parked_events.c.consumer == name)
            )
        ).scalar_one()
        last = (await session.execute(select(func.max(inbox.c.processed_at)).where(inbox.c.consumer == name))).scalar()
    return CopyLag(pending, int(parked), last)


async def _pending(js: JetStreamContext, consumer: EventConsumer) -> int:
    """Events in the stream the consumer has still to apply (not yet delivered, or delivered and not yet
    acknowledged). A durable consumer the broker does not have yet (its runner still waits for the stream or is
    subscribing, as just after a start) has applied none of them: every event on its subject is pending, since
    it will read the stream from the start. No stream yet: nothing was ever published, so nothing waits."""
    try:
        info = await js.consumer_info(consumer.stream, consumer.name)
        return int(info.num_pending or 0) + int(info.num_ack_pending or 0)
    except NotFoundError:
        pass
    try:
        stream = await js.stream_info(consumer.stream, subjects_filter=consumer.subject)
    except NotFoundError:
        return 0
    return sum((stream.state.subjects or {}).values())


async def handle_not_in_copy(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NotInCopy)
    runtime = getattr(request.app.state, "runtime", None)
    lag = await copy_lag(runtime, exc.fed_by) if runtime is not None else None
    if lag is None or not lag.behind:
        return await handle_domain_error(request, exc.otherwise or exc)
    waiting = (lag.pending_events or 0) + lag.parked_events
    refusal = NotFound(
        "copy.not_known_yet",
        field=exc.field,
        record=exc.record,
        id=exc.id,
        waiting_events=waiting,
        pending_events=lag.pending_events,
        parked_events=lag.parked_events,
        last_applied_at=lag.last_applied_at.isoformat(timespec="seconds") if lag.last_applied_at else "—",
    )
    response = await handle_domain_error(request, refusal)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
