"""The change feed every service offers: ``GET /api/v1/changes``, its event log read over HTTP.

Integrators outside the cluster cannot reach NATS; they read the same events from the retained outbox (the service's
event log) in commit order, resuming from an opaque cursor. Why it is exact:
- outbox sequence numbers are handed out in commit order (``shared.db.OUTBOX_ORDER_LOCK``), so a cursor at ``seq``
  N never skips a row that commits later with a smaller number;
- a batch ends at the high-water mark read before it, so the cursor can pass rows filtered out (other subtrees,
  other types) without reading them again, and never passes a row it has not looked at;
- the subtree is the envelope's ``orgpath``; an event whose ``previousorgpath`` lies in the subtree is shown too,
  so a member transferred out (or an organisation moved away) is seen leaving.
``wait`` long-polls: an empty batch waits for a commit in this process (woken at once) or, every second, for one in
another process (the next read finds it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from shared import orgtree
from shared.auth import SENSITIVE_READERS, Principal, require
from shared.db import Database
from shared.deps import DB
from shared.pagination import BadCursor, decode_cursor, encode_cursor
from shared.schema import outbox

BATCH_MEDIA_TYPE = "application/cloudevents-batch+json"
MAX_WAIT_SECONDS = 20
POLL_SECONDS = 1.0
"""How often a long poll looks again for commits made by other processes (their NOTIFY reaches only the relay)."""

router = APIRouter(prefix="/api/v1", tags=["changes"])
Reader = Annotated[Principal, require(*SENSITIVE_READERS)]  # events carry birth dates, ethnicity: sensitive data


class CommitSignal:
    """Wakes long polls when this process commits events. ``armed()`` is taken before reading, so a commit between
    the read and the wait is not missed."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    def armed(self) -> asyncio.Event:
        return self._event


@dataclass(frozen=True)
class Batch:
    envelopes: list[dict[str, Any]]
    cursor: int
    seqs: list[int]
    """Each envelope's position in the log (a webhook dispatcher advances past each event it delivered)."""


def cursor_of(seq: int) -> str:
    return encode_cursor([seq])


def seq_of(cursor: str | None) -> int:
    """The position an opaque cursor stands for; 0 (the beginning of the log) without one."""
    if cursor is None:
        return 0
    try:
        values, descending = decode_cursor(cursor)
    except BadCursor as exc:
        raise BadCursor("pagination.bad_cursor", field="query.after") from exc
    if descending or len(values) != 1 or not _is_position(values[0]):
        raise BadCursor("pagination.bad_cursor", field="query.after")
    return int(values[0])


def _is_position(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def type_filter(types: list[str]) -> ColumnElement[bool]:
    """A name matches its exact CloudEvents type or every type under it (``vn.party.membership.member``)."""
    if not types:
        return true()
    return or_(
        *(or_(outbox.c.event_type == t, outbox.c.event_type.startswith(t + ".", autoescape=True)) for t in types)
    )


def subtree_filter(org_path: str | None) -> ColumnElement[bool]:
    """Events at an organisation of the subtree, or that left one; everything for the national scope (None)."""
    if org_path is None:
        return true()
    envelope = outbox.c.envelope
    pattern = orgtree.prefix_pattern(org_path)
    return or_(envelope["orgpath"].astext.like(pattern), envelope["previousorgpath"].astext.like(pattern))


async def read_batch(session: AsyncSession, *, after: int, org_path: str | None, types: list[str], limit: int) -> Batch:
    """The next ``limit`` events after ``after`` in the subtree, and the cursor to resume from."""
    high = int((await session.execute(select(func.coalesce(func.max(outbox.c.seq), 0)))).scalar_one())
    rows = (
        await session.execute(
            select(outbox.c.seq, outbox.c.envelope)
            .where(outbox.c.seq > after, outbox.c.seq <= high, subtree_filter(org_path), type_filter(types))
            .order_by(outbox.c.seq)
            .limit(limit)
        )
    ).all()
    cursor = rows[-1].seq if len(rows) == limit else max(high, after)
    return Batch([dict(r.envelope) for r in rows], cursor, [int(r.seq) for r in rows])


async def scope_path(session: AsyncSession, principal: Principal) -> str | None:
    """The caller's subtree path (None: national); an organisation this service has not seen yet says so."""
    if principal.national:
        return None
    node = await orgtree.node_in_scope(session, principal, principal.org_id)
    return node.path


def _split_types(types: str | None) -> list[str]:
    return sorted({t for t in (types or "").split(",") if t})


_EXAMPLE = [{"specversion": "1.0", "id": "…", "type": "vn.party.membership.member.transferred_out.v1"}]


@router.get(
    "/changes",
    operation_id="listChanges",
    summary="The caller's subtree's events in commit order, from a cursor (long-polls with `wait`).",
    response_class=Response,
    responses={
        200: {
            "description": "A CloudEvents JSON batch (possibly empty). `Next-Cursor` resumes after it.",
            "content": {BATCH_MEDIA_TYPE: {"schema": {"type": "array", "items": {"type": "object"}}}},
            "headers": {
                "Next-Cursor": {"description": "Pass as `after` to read on.", "schema": {"type": "string"}},
            },
        }
    },
)
async def list_changes(
    request: Request,
    principal: Reader,
    db: DB,
    after: Annotated[str | None, Query(max_length=200, description="`Next-Cursor` of the last batch read.")] = None,
    types: Annotated[
        str | None,
        Query(
            max_length=2000,
            pattern=r"^[a-z0-9_.]+(,[a-z0-9_.]+)*$",
            description="Comma-separated event types, or prefixes of them (`vn.party.membership.member`).",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Events per batch (at most 1000).")] = 100,
    wait: Annotated[
        int, Query(ge=0, le=MAX_WAIT_SECONDS, description="Seconds to wait for an event when none is there yet.")
    ] = 0,
) -> Response:
    position = seq_of(after)
    async with db.read_session() as session:
        org_path = await scope_path(session, principal)
    batch = await _poll(request, db, position, org_path, _split_types(types), limit, wait)
    return Response(
        json.dumps(batch.envelopes, ensure_ascii=False, separators=(",", ":")),
        media_type=BATCH_MEDIA_TYPE,
        headers={"Next-Cursor": cursor_of(batch.cursor), "Cache-Control": "no-store"},
    )


async def _poll(
    request: Request, db: Database, after: int, org_path: str | None, types: list[str], limit: int, wait: int
) -> Batch:
    signal: CommitSignal | None = getattr(getattr(request.app.state, "runtime", None), "commits", None)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        armed = signal.armed() if signal is not None else asyncio.Event()
        async with db.read_session() as session:
            batch = await read_batch(session, after=after, org_path=org_path, types=types, limit=limit)
        remaining = deadline - loop.time()
        if batch.envelopes or remaining <= 0 or await request.is_disconnected():
            return batch
        after = batch.cursor  # rows up to here were looked at: the next read starts after them
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(armed.wait(), timeout=min(remaining, POLL_SECONDS))
