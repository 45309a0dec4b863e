"""The events inspection consumes: membership's organisation tree and the member facts discipline needs.

Payloads are parsed with inspection's own models (never membership's code): only the fields used here, and
unknown fields are ignored, so membership can add fields freely. Every handler is idempotent (the runner's
inbox; a versioned member event by the copy's version, ``versioned``) and tolerant of order: an event about an
organisation not seen yet raises ``NotReady`` and is parked.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime

import orjson
from sqlalchemy import select, text

from shared import orgcopy, orgtree
from shared.consumer import EventConsumer, NotReady
from shared.db import UnitOfWork
from shared.events import Envelope
from shared.orgcopy import OrgMergedView
from shared.schema import org_nodes
from shared.views import PayloadView

MEMBERSHIP_STREAM = "MEMBERSHIP"
ORG_TYPE = "vn.party.membership.org.{verb}.v1"
MEMBER_TYPE = "vn.party.membership.member.{verb}.v1"
MEMBER_VERBS = (
    "registered",
    "admitted",
    "recognised",
    "removed",
    "exempted",
    "exemption_ended",
    "transferred_out",
    "transferred_in",
    "resigned",
    "expelled",
    "restored",
    "died",
    "updated",
    "host_accepted",
)


class MemberData(PayloadView):
    """The member's facts after the change; ``positions`` when membership sends them (else kept as they were);
    ``version``: membership's row version after the change (contract 2), when it sends one."""

    member_id: str
    org_id: str
    status: str
    positions: list[str] | None = None
    version: int | None = None
    effective_date: date


async def org_merged(uow: UnitOfWork, envelope: Envelope) -> None:
    """The merged unit's children move under the target, then the unit closes (as membership did)."""
    data = OrgMergedView.model_validate(envelope.data)
    if await orgtree.get_node(uow.session, data.into_id) is None:
        raise NotReady(f"org:{data.into_id}")
    if await orgtree.get_node(uow.session, data.org_id) is None:
        raise NotReady(f"org:{data.org_id}")
    children = (
        (
            await uow.session.execute(
                select(org_nodes.c.id).where(org_nodes.c.parent_id == data.org_id, org_nodes.c.status == "active")
            )
        )
        .scalars()
        .all()
    )
    for child in children:
        await orgtree.move_node(uow.session, child, data.into_id, data.effective_date)
    await orgtree.close_node(uow.session, data.org_id, data.effective_date, status="merged", merged_into=data.into_id)


_PENDING = "inspection.members_pending"


async def member_changed(uow: UnitOfWork, envelope: Envelope) -> None:
    """Queue the member's new facts; ``flush_members`` applies a batch's with one check, one read, one write.

    Per event, a branch lookup and a locked read cost inspection more than twice reporting's CPU per member
    event (issue 13). The queue is applied in arrival order, exactly as one event at a time would be."""
    pending: list[tuple[MemberData, datetime]] = uow.session.info.setdefault(_PENDING, [])
    pending.append((MemberData.model_validate(envelope.data), envelope.time))


async def flush_members(uow: UnitOfWork) -> None:
    """Keep each member's branch, status and posts; an event older than the one applied last changes nothing.
    A branch not known yet holds the batch back (``NotReady``): the runner then parks only that event.

    The batch is folded in Python into each member's last state and written by one multi-row upsert of arrays
    (no ORM objects, no flush): loading and flushing ``MemberCopy`` objects made
    inspection cost more than reporting per member event (issue 13)."""
    pending: list[tuple[MemberData, datetime]] = uow.session.info.pop(_PENDING, [])
    if not pending:
        return
    missing = await _branches_awaited(uow, pending)
    if missing:
        raise NotReady(f"org:{min(missing)}")
    ids = list({data.member_id: None for data, _ in pending})
    stored = {r[0]: _Copy("", "", r[1], r[2], r[3]) for r in await uow.session.execute(_LOCK, {"ids": ids})}
    changed: dict[str, _Copy] = {}
    for data, at in pending:
        copy = changed.get(data.member_id) or stored.get(data.member_id)
        if copy is None:
            changed[data.member_id] = _Copy(data.org_id, data.status, _json(data.positions or []), at, data.version)
        elif not _stale(copy, data, at):
            changed[data.member_id] = _applied(copy, data, at)
    if changed:
        rows = [
            {
                "m": m,
                "o": c.org_id,
                "s": c.status,
                "p": orjson.Fragment(c.positions),
                "a": c.as_of,
                "v": c.member_version,
            }
            for m, c in changed.items()
        ]
        await uow.session.execute(_UPSERT, {"rows": orjson.dumps(rows, option=orjson.OPT_NAIVE_UTC).decode()})


BRANCH_WAITS = (0.05, 0.1, 0.2, 0.4)
"""Pauses (seconds) for which a batch of several member events waits for branches this copy does not hold yet.
Inspection reads the organisations and the members of the stream with two consumers, each at its own pace: when
organisations and members are loaded together, the member consumer runs just behind its sibling, and a batch
naming a branch created a moment ago failed, then went through the runner one event at a time, parking each of
the unknown branch's events in its own transaction and retrying it later (py-spy under ``national.py --quick``:
~10 % of inspection's CPU, issue 13). The sibling commits within these pauses; a branch still unknown after them
is parked as before. A single event (the runner's one-at-a-time path, a parked event's retry) never waits, so an
organisation that never comes costs each of its events no pause."""


async def _branches_awaited(uow: UnitOfWork, pending: list[tuple[MemberData, datetime]]) -> set[str]:
    """The batch's branches still unknown after ``BRANCH_WAITS`` (each pause, a READ COMMITTED statement sees
    what the organisation consumer has committed since)."""
    missing = await orgtree.unknown_nodes(uow.session, {data.org_id for data, _ in pending})
    for pause in BRANCH_WAITS if len(pending) > 1 else ():
        if not missing:
            break
        await asyncio.sleep(pause)
        missing = await orgtree.unknown_nodes(uow.session, missing)
    return missing


_LOCK = text(
    "SELECT member_id, CAST(positions AS text), as_of, member_version FROM member_copies "
    "WHERE member_id = ANY(CAST(:ids AS varchar[])) FOR UPDATE"
)
_UPSERT = text(
    "INSERT INTO member_copies (member_id, org_id, status, positions, as_of, version, member_version) "
    "SELECT m, o, s, p, a, 1, v FROM json_to_recordset(CAST(:rows AS json)) "
    "AS t(m varchar, o varchar, s varchar, p jsonb, a timestamptz, v integer) "
    "ON CONFLICT (member_id) DO UPDATE SET org_id = excluded.org_id, status = excluded.status, "
    "positions = excluded.positions, as_of = excluded.as_of, "
    "member_version = excluded.member_version, updated_at = now()"
)
"""The batch's rows as one JSON parameter: six arrays cost the driver an abstract ``isinstance`` per value (as
meetings' roster insert measured, issue 13), ``orjson`` writes the rows in one call, and the posts already held as
JSON text go in as they are (``orjson.Fragment``)."""


@dataclass(slots=True, frozen=True)
class _Copy:
    """A member's state as the batch leaves it (``positions`` as JSON text); as read, only what orders events
    and the posts an event without ``positions`` keeps."""

    org_id: str
    status: str
    positions: str
    as_of: datetime
    member_version: int | None


def _json(positions: list[str]) -> str:
    return orjson.dumps(positions).decode()


def _applied(copy: _Copy, data: MemberData, at: datetime) -> _Copy:
    positions = _json(data.positions) if data.positions is not None else copy.positions
    version = data.version if data.version is not None else copy.member_version
    return _Copy(data.org_id, data.status, positions, at, version)


def _stale(copy: _Copy, data: MemberData, at: datetime) -> bool:
    """Membership's row version orders events when both carry one (two commits in the same instant, a clock
    step); otherwise the event time does."""
    if data.version is not None and copy.member_version is not None:
        return data.version <= copy.member_version
    return at < copy.as_of


def versioned(envelope: Envelope) -> bool:
    """A member event carrying membership's row version is applied idempotently by the copy itself: once applied,
    the copy's ``member_version`` is at least the event's, so a second delivery is stale (``_stale``) and writes
    nothing. The runner records no inbox row for it (an inbox row per event cost PostgreSQL ~25 µs of a member
    event's, issue 13). An event without a version still gets one: ordered by its time only, a second delivery
    of an event tied in time with a later one would be applied again."""
    return type(envelope.data.get("version")) is int


def consumers() -> list[EventConsumer]:
    orgs = EventConsumer("inspection-orgs", MEMBERSHIP_STREAM, "grassroots.membership.org.>")
    orgs.handlers = {
        ORG_TYPE.format(verb="created"): orgcopy.apply_org_created,
        ORG_TYPE.format(verb="renamed"): orgcopy.apply_org_renamed,
        ORG_TYPE.format(verb="moved"): orgcopy.apply_org_moved,
        ORG_TYPE.format(verb="merged"): org_merged,
        ORG_TYPE.format(verb="dissolved"): orgcopy.apply_org_dissolved,
        ORG_TYPE.format(verb="restored"): orgcopy.apply_org_restored,
    }
    members = EventConsumer(
        "inspection-members",
        MEMBERSHIP_STREAM,
        "grassroots.membership.member.>",
        before_commit=flush_members,
        idempotent=versioned,
    )
    members.handlers = {MEMBER_TYPE.format(verb=verb): member_changed for verb in MEMBER_VERBS}
    return [orgs, members]
