"""The events inspection consumes: membership's organisation tree and the member facts discipline needs.

Payloads are parsed with inspection's own models (never membership's code): only the fields used here, and
unknown fields are ignored, so membership can add fields freely. Every handler is idempotent (the runner's
inbox) and tolerant of order: an event about an organisation not seen yet raises ``NotReady`` and is parked.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from inspection.members.models import MemberCopy
from shared import orgcopy, orgtree
from shared.consumer import EventConsumer, NotReady
from shared.db import UnitOfWork
from shared.events import Envelope
from shared.schema import org_nodes

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


class _Data(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class OrgMergedData(_Data):
    org_id: str
    into_id: str
    effective_date: date


class MemberData(_Data):
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
    data = OrgMergedData.model_validate(envelope.data)
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
    A branch not known yet holds the batch back (``NotReady``): the runner then parks only that event."""
    pending: list[tuple[MemberData, datetime]] = uow.session.info.pop(_PENDING, [])
    if not pending:
        return
    missing = await orgtree.unknown_nodes(uow.session, {data.org_id for data, _ in pending})
    if missing:
        raise NotReady(f"org:{min(missing)}")
    wanted = {data.member_id for data, _ in pending}
    query = select(MemberCopy).where(MemberCopy.member_id.in_(wanted)).with_for_update()
    copies = {m.member_id: m for m in (await uow.session.execute(query)).scalars()}
    for data, at in pending:
        member = copies.get(data.member_id)
        if member is None:
            copies[data.member_id] = member = MemberCopy(
                member_id=data.member_id,
                org_id=data.org_id,
                status=data.status,
                positions=list(data.positions or []),
                as_of=at,
                member_version=data.version,
            )
            uow.session.add(member)
        elif not _stale(member, data, at):
            _apply(member, data, at)


def _apply(member: MemberCopy, data: MemberData, at: datetime) -> None:
    member.org_id = data.org_id
    member.status = data.status
    if data.positions is not None:
        member.positions = list(data.positions)
    member.as_of = at
    member.member_version = data.version if data.version is not None else member.member_version


def _stale(member: MemberCopy, data: MemberData, at: datetime) -> bool:
    """Membership's row version orders events when both carry one (two commits in the same instant, a clock
    step); otherwise the event time does."""
    if data.version is not None and member.member_version is not None:
        return data.version <= member.member_version
    return at < member.as_of


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
        "inspection-members", MEMBERSHIP_STREAM, "grassroots.membership.member.>", before_commit=flush_members
    )
    members.handlers = {MEMBER_TYPE.format(verb=verb): member_changed for verb in MEMBER_VERBS}
    return [orgs, members]
