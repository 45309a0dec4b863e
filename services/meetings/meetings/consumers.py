"""Keeps the copy of the organisation tree and each branch's roster from membership's events.

Payloads are parsed with our own models of the fields we need (never membership's classes): the services
share a contract, not code. Created, renamed, moved, dissolved and restored organisations are applied by
``shared.orgcopy``, as in every service that keeps a copy of the tree. An event naming a branch this copy does
not know yet is parked (``NotReady``) and retried once the branch's ``org.created`` has arrived.
"""

from __future__ import annotations

from datetime import date

import orjson
from sqlalchemy import insert, select, text

from meetings.attendance.rules import RosterStatus
from meetings.roster.models import RosterChange
from meetings.roster.queries import member_histories
from shared import orgcopy, orgtree
from shared.consumer import EventConsumer, NotReady
from shared.db import UnitOfWork
from shared.events import Envelope
from shared.orgcopy import OrgMergedView
from shared.schema import org_nodes
from shared.views import PayloadView

SOURCE = "vn.party.membership"
_MEMBER_PREFIX = f"{SOURCE}.member."


def _type(entity: str, verb: str) -> str:
    return f"{SOURCE}.{entity}.{verb}.v1"


class MemberData(PayloadView):
    """The fields of membership's member events the roster needs."""

    member_id: str
    org_id: str
    status: str
    previous_org_id: str | None = None
    transfer_kind: str | None = None
    effective_date: date
    admission_date: date | None = None
    recognition_date: date | None = None


ROSTER_OF_STATUS = {
    "probationary": RosterStatus.ACTIVE,
    "official": RosterStatus.ACTIVE,
    "transfer_pending": RosterStatus.ACTIVE,
    "exempt": RosterStatus.EXEMPT,
    "temporarily_away": RosterStatus.TEMPORARILY_AWAY,
}
"""Membership's statuses as the roster sees them; any other status (removed, resigned, expelled, deceased…)
means the member has left the branch."""

MEMBER_VERBS = (
    "registered",
    "admitted",
    "recognised",
    "exempted",
    "exemption_ended",
    "transferred_out",
    "transferred_in",
    "removed",
    "resigned",
    "expelled",
    "restored",
    "died",
)


def roster_placement(verb: str, data: MemberData) -> tuple[str, RosterStatus]:
    """The branch a member event places the member in, and their roster status there from its date.

    A transfer out leaves the branch the member was in (``previous_org_id`` when membership already names the
    destination): a temporary transfer keeps them on their home roster as away; any other transfer ends it.
    """
    if verb == "transferred_out":
        home = data.previous_org_id or data.org_id
        if data.transfer_kind == "temporary":
            return home, RosterStatus.TEMPORARILY_AWAY
        return home, RosterStatus.LEFT
    return data.org_id, ROSTER_OF_STATUS.get(data.status, RosterStatus.LEFT)


def roster_since(verb: str, data: MemberData) -> date:
    """The day the event places the member on the roster. A registered member (an import of existing members)
    belongs to the branch since joining the party, not since being typed in: membership's contract reads a
    registration's history from its dates (probationary from ``admission_date``, official from
    ``recognition_date``), so meetings held before the import expect them."""
    joined = data.admission_date or data.recognition_date
    if verb == "registered" and joined is not None and joined < data.effective_date:
        return joined
    return data.effective_date


async def _require_org(uow: UnitOfWork, org_id: str) -> None:
    if await orgtree.get_node(uow.session, org_id) is None:
        raise NotReady(f"org:{org_id}")


_PENDING = "meetings.roster_pending"


async def apply_member_event(uow: UnitOfWork, envelope: Envelope) -> None:
    """Queue the roster change; ``flush_roster`` writes a batch's changes with one check and one insert.

    Per event, a lookup of the branch and an insert cost meetings twice reporting's CPU per member event (issue
    13); the log is append-only, so writing a batch's rows together changes nothing a reader can see."""
    verb = envelope.type.split(".")[4]
    data = MemberData.model_validate(envelope.data)
    org_id, status = roster_placement(verb, data)
    pending: list[dict[str, object]] = uow.session.info.setdefault(_PENDING, [])
    pending.append(
        {
            "member_id": data.member_id,
            "org_id": org_id,
            "roster_status": status.value,
            "member_status": data.status,
            "change": verb,
            "effective_date": roster_since(verb, data),
            "event_id": envelope.id,
            "event_time": envelope.time,
        }
    )


async def flush_roster(uow: UnitOfWork) -> None:
    """Write the queued roster changes; a branch not known yet holds the batch back (``NotReady``), and the
    runner then applies its events one by one, parking only the one that names it."""
    rows: list[dict[str, object]] = uow.session.info.pop(_PENDING, [])
    if not rows:
        return
    missing = await orgtree.unknown_nodes(uow.session, {str(r["org_id"]) for r in rows})
    if missing:
        raise NotReady(f"org:{min(missing)}")
    await uow.session.execute(_INSERT, {"rows": orjson.dumps(rows, option=orjson.OPT_NAIVE_UTC).decode()})


_INSERT = text(
    "INSERT INTO roster_changes (member_id, org_id, roster_status, member_status, change, effective_date, event_id, "
    "event_time) SELECT * FROM json_to_recordset(CAST(:rows AS json)) AS t(member_id varchar, org_id varchar, "
    "roster_status varchar, member_status varchar, change varchar, effective_date date, event_id varchar, "
    "event_time timestamptz) ON CONFLICT (event_id, member_id) DO NOTHING"
)
"""One statement, built once, whatever the batch's size, its rows one JSON parameter: the ORM's bulk insert of a
batch's row dictionaries (an executemany, each row's values processed in Python) was a tenth of meetings' CPU per
member event (py-spy, issue 13), and one array per column costs the driver an abstract ``isinstance`` per value
(direct path, process CPU per event: executemany 52, arrays 47, JSON 34 µs). ``json_to_recordset`` yields the rows
in order, so ids keep the order of the events. A row already written (the event delivered again) is left as it is:
member events are applied without an inbox row (``member_event_idempotent``)."""


def member_event_idempotent(envelope: Envelope) -> bool:
    """A member event's only effect is its roster row, unique by (event id, member): a second delivery writes
    nothing, so the runner records no inbox row for it. The inbox row cost PostgreSQL more than the unique key
    that replaces it (batches of 200 into tables of the same shape, 00:40 UTC, load 4.5: ~25 µs of the server an
    event against ~11 µs, issue 13). A member event the roster ignores (``updated``) changes nothing at all."""
    return envelope.type.startswith(_MEMBER_PREFIX)


async def apply_org_merged(uow: UnitOfWork, envelope: Envelope) -> None:
    """Children move under the target, the members on the merged branch's roster join the target's roster
    (membership moves them without member events), and the merged organisation closes."""
    data = OrgMergedView.model_validate(envelope.data)
    await flush_roster(uow)  # the roster read below includes this batch's earlier member events
    await _require_org(uow, data.org_id)
    await _require_org(uow, data.into_id)
    children = set(data.moved_children) | set(
        (
            await uow.session.execute(
                select(org_nodes.c.id).where(org_nodes.c.parent_id == data.org_id, org_nodes.c.status == "active")
            )
        ).scalars()
    )
    for child in sorted(children):
        await orgtree.move_node(uow.session, child, data.into_id, data.effective_date)
    for member_id, changes in (await member_histories(uow.session, org_id=data.org_id)).items():
        current = [c for c in changes if c.effective_date <= data.effective_date] or changes[:1]
        last = current[-1]
        if last.org_id == data.org_id and last.roster_status != RosterStatus.LEFT:
            await uow.session.execute(
                insert(RosterChange).values(
                    member_id=member_id,
                    org_id=data.into_id,
                    roster_status=last.roster_status,
                    member_status=last.member_status,
                    change="org_merged",
                    effective_date=data.effective_date,
                    event_id=envelope.id,
                    event_time=envelope.time,
                )
            )
    await orgtree.close_node(uow.session, data.org_id, data.effective_date, status="merged", merged_into=data.into_id)


def membership_consumer() -> EventConsumer:
    """One durable consumer over the whole MEMBERSHIP stream, so an organisation's ``created`` is normally
    applied before the member events that name it (the stream keeps their order)."""
    consumer = EventConsumer(
        name="meetings-membership",
        stream="MEMBERSHIP",
        subject="grassroots.membership.>",
        before_commit=flush_roster,
        idempotent=member_event_idempotent,
    )
    consumer.handlers[_type("org", "created")] = orgcopy.apply_org_created
    consumer.handlers[_type("org", "renamed")] = orgcopy.apply_org_renamed
    consumer.handlers[_type("org", "moved")] = orgcopy.apply_org_moved
    consumer.handlers[_type("org", "merged")] = apply_org_merged
    consumer.handlers[_type("org", "dissolved")] = orgcopy.apply_org_dissolved
    consumer.handlers[_type("org", "restored")] = orgcopy.apply_org_restored
    for verb in MEMBER_VERBS:
        consumer.handlers[_type("member", verb)] = apply_member_event
    return consumer


def consumers() -> list[EventConsumer]:
    """The consumers the service runs (the same entry point as in every other service)."""
    return [membership_consumer()]
