"""What every member change writes besides the member: the history row, the event, the audit row.

``member_write`` builds the three from the member's state after the change; ``write_change`` writes them in the
caller's unit of work. Every writer of members (API commands, consumers, admission, the import) goes through
them: a second copy once drifted and published imported members without their posts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Required, TypedDict, Unpack, cast

from sqlalchemy import Table, select

from membership import scope
from membership.events import MemberChanged, MemberFlaggedForReview, MemberRegistered
from membership.members.models import ETHNIC_MAJORITY, Member, MemberChange
from shared import ethnic_groups, orgtree
from shared.auth import Principal
from shared.calendar import today_in_vietnam as today_in_vietnam  # re-exported: the service's "today"
from shared.db import Context, Database, UnitOfWork
from shared.errors import NotFound
from shared.filters import one_or_404
from shared.member_categories import DIMENSIONS
from shared.schema import audit_log

MEMBERS = cast(Table, Member.__table__)
MEMBER_CHANGES = cast(Table, MemberChange.__table__)

MemberState = Member | Mapping[str, Any]
"""A member as the ORM loaded it, or a mapping of its columns (the import writes through Core, in bulk)."""

MemberEvent = MemberRegistered | MemberChanged | MemberFlaggedForReview


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _getter(member: MemberState) -> Callable[[str], Any]:
    """The member's columns by name, decided once per member: an abstract ``isinstance`` per column was a fifth
    of an imported row's event building (issue 13)."""
    if isinstance(member, dict | Mapping):
        return member.get
    return partial(getattr, member)


def _get(member: MemberState, name: str) -> Any:
    return _getter(member)(name)


def snapshot(member: MemberState) -> dict[str, Any]:
    """The member's state for the history (national ID and contacts left out: history is widely readable)."""
    get = _getter(member)
    return {
        "org_id": get("org_id"),
        "status": get("status"),
        "previous_status": get("previous_status"),
        "full_name": get("full_name"),
        "positions": [str(p) for p in get("positions") or []],
        "admission_date": _iso(get("admission_date")),
        "recognition_date": _iso(get("recognition_date")),
        "host_org_id": get("host_org_id"),
        "transfer_to_org_id": get("transfer_to_org_id"),
        "flags": dict(get("flags") or {}),
    }


def facts(member: MemberState) -> dict[str, Any]:
    """The facts every member event carries (contract 2): what reports aggregate, and the row's version."""
    get = _getter(member)
    ethnicity: str = get("ethnicity")
    categories: Mapping[str, str] = get("categories") or {}
    return {
        "member_id": get("id"),
        "org_id": get("org_id"),
        "status": get("status"),
        "gender": str(get("gender")),
        "birth_date": get("birth_date"),
        "ethnicity": ethnicity,
        "ethnic_minority": ethnicity.strip().lower() != _MAJORITY,
        "admission_date": get("admission_date"),
        "positions": [str(p) for p in get("positions") or []],
        "version": get("version"),
        "recognition_date": get("recognition_date"),
        "ethnic_group": ethnic_groups.code_of(ethnicity),
        **{dimension: categories.get(dimension) for dimension in DIMENSIONS},
    }


_MAJORITY = ETHNIC_MAJORITY.lower()


def changed(
    member: Member,
    previous: tuple[str | None, str | None],
    event: type[MemberChanged],
    effective_date: date,
    **extra: object,
) -> MemberChanged:
    """The event of a change from ``previous`` (status, branch): the member's facts, that standing and ``extra``."""
    return event(
        **facts(member),
        previous_status=previous[0],
        previous_org_id=previous[1],
        effective_date=effective_date,
        **extra,
    )


def changed_in_place(
    member: Member, event: type[MemberChanged], effective_date: date, **extra: object
) -> MemberChanged:
    """The event of a change that leaves the member's status and branch as they were (profile, record, badge)."""
    return changed(member, (member.status, member.org_id), event, effective_date, **extra)


@dataclass(frozen=True)
class Registration:
    """A ``member.registered`` event that ``member_write`` builds from the member's facts itself: the facts are
    then computed and validated once, where building the event from them and restating them from the row
    (``model_copy``) did it twice (~8 µs of an imported row's ~190, issue 13)."""

    effective_date: date
    data_as_of: date | None = None


@dataclass(frozen=True)
class MemberWrite:
    """What one change of a member writes besides the member row: its event, history row and audit row."""

    event: MemberEvent | None
    history: dict[str, Any]
    audit: dict[str, Any]


def member_write(
    member: MemberState,
    payload: MemberEvent | Registration | None,
    *,
    change: str,
    on: date,
    context: Context,
    before: dict[str, Any] | None,
    note: str | None = None,
) -> MemberWrite:
    """The one place a member's event facts, history snapshot and audit row are built, from the member's state
    after the change (its new version included): the event's facts are restated from the row here, so no caller
    can publish a member differently from what it stored."""
    if isinstance(payload, Registration):
        payload = MemberRegistered(
            **facts(member), effective_date=payload.effective_date, data_as_of=payload.data_as_of
        )
    elif isinstance(payload, MemberRegistered | MemberChanged):
        payload = payload.model_copy(update=facts(member))
    after = snapshot(member)
    member_id = _get(member, "id")
    history = {
        "member_id": member_id,
        "change": change,
        "effective_date": on,
        "actor": context.actor,
        "request_id": context.request_id,
        "snapshot": after,
        "note": note,
    }
    audit = {
        "actor": context.actor,
        "request_id": context.request_id,
        "action": f"member.{change}",
        "entity_type": "member",
        "entity_id": member_id,
        "org_id": _get(member, "org_id"),
        "before": before,
        "after": after,
    }
    return MemberWrite(payload, history, audit)


def publish(uow: UnitOfWork, event: MemberEvent, orgpath: str | None, previous_orgpath: str | None = None) -> None:
    """Member events share one aggregate id per member: the relay keeps their order. ``previous_orgpath`` is
    where a member who moved came from, so the change feed shows them leaving that subtree."""
    uow.publish(
        event,
        subject=f"member/{event.member_id}",
        aggregate_id=f"member:{event.member_id}",
        orgpath=orgpath,
        previous_orgpath=previous_orgpath,
    )


async def previous_org_path(uow: UnitOfWork, event: MemberEvent) -> str | None:
    """The path of the organisation a change moved the member out of (None when it did not move them)."""
    previous = getattr(event, "previous_org_id", None) or getattr(event, "from_org_id", None)
    if previous is None or previous == event.org_id:
        return None
    return await org_path(uow, previous)


async def org_path(uow: UnitOfWork, org_id: str) -> str | None:
    node = await orgtree.get_node(uow.session, org_id)
    return node.path if node else None


async def load_for_update(uow: UnitOfWork, principal: Principal, member_id: str) -> Member:
    """The member, locked, if in the caller's subtree; 404 otherwise (existence outside scope never leaks)."""
    query = select(Member).where(Member.id == member_id, scope.in_scope(Member.org_id, principal))
    not_found = NotFound("resource.not_found", resource="member", id=member_id)
    return await one_or_404(uow.session, query, not_found, for_update=True)


@asynccontextmanager
async def changing_member(
    db: Database, ctx: Context, principal: Principal, member_id: str
) -> AsyncIterator[tuple[UnitOfWork, Member]]:
    """Every command on one member starts alike: its unit of work and the member, locked, in the caller's scope."""
    async with db.uow(ctx) as uow:
        yield uow, await load_for_update(uow, principal, member_id)


class Change(TypedDict, total=False):
    """``write_change``'s keyword arguments: the kind of change, the member before it, a note, its date."""

    change: Required[str]
    before: Required[dict[str, Any] | None]
    note: str | None
    on: date | None


async def commit_change(uow: UnitOfWork, member: Member, payload: MemberEvent | None, **change: Unpack[Change]) -> None:
    """``write_change``, then one commit."""
    await write_change(uow, member, payload, **change)
    await uow.commit()


async def write_change(
    uow: UnitOfWork,
    member: Member,
    payload: MemberEvent | Registration | None,
    *,
    change: str,
    before: dict[str, Any] | None,
    note: str | None = None,
    on: date | None = None,
) -> None:
    """History row + event + audit row inside the caller's unit of work (consumers commit the batch).

    The flush comes first so the event carries the version the database gave the row. ``on`` dates a change
    that publishes nothing (a flag cleared); otherwise the event's effective date is the change's."""
    await uow.session.flush()
    effective = payload.effective_date if payload is not None else on
    if effective is None:
        raise ValueError("a change without an event must name its date")
    write = member_write(member, payload, change=change, on=effective, context=uow.context, before=before, note=note)
    uow.insert(MEMBER_CHANGES, [write.history])  # both written at commit, with the outbox rows' statement
    uow.insert(audit_log, [write.audit])
    if write.event is not None:
        event = write.event
        publish(uow, event, await org_path(uow, member.org_id), await previous_org_path(uow, event))
