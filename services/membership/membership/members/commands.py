"""Use cases of the member record: register an existing member, update the profile, clear a flag."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Interval, Select, bindparam, func, literal, null, select, true

from membership import scope
from membership.events import MemberRegistered, MemberUpdated
from membership.members.history import (
    MEMBER_CHANGES,
    MEMBERS,
    changed_in_place,
    changing_member,
    commit_change,
    facts,
    member_write,
    publish,
    snapshot,
    today_in_vietnam,
)
from membership.members.models import Member, MemberCreate, MemberPatch
from membership.orgs.rules import MEMBER_HOLDING_KINDS, OrgKind, check_active
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.driver import DriverStatement
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from shared.etag import check_version
from shared.schema import audit_log, org_nodes
from shared.text import search_key

__all__ = [
    "EXTERNAL_UNAVAILABLE",
    "SCOPE_CONFLICTS",
    "ConflictGuard",
    "ExternalIdUnavailable",
    "NationalIdUnavailable",
    "OutOfScope",
    "audit_unavailable",
    "branch_in_scope",
    "caller_not_stopped",
    "register_member",
    "search_key",
    "update_profile",
]


async def branch_in_scope(uow: UnitOfWork, principal: Principal, org_id: str) -> orgtree.OrgNode:
    node = await orgtree.node_in_scope(uow.session, principal, org_id)
    return check_branch(node)


def check_branch(node: orgtree.OrgNode) -> orgtree.OrgNode:
    check_active(node.status, node.id)
    if OrgKind(node.kind) not in MEMBER_HOLDING_KINDS:
        raise RuleViolation("member.org_not_branch", field="org_id", kind=node.kind)
    return node


class OutOfScope(Conflict):
    """A key of the command belongs to a member outside the caller's subtree: a neutral 409 that copies nothing
    of that record, audited with the caller and counted by the ``ConflictGuard`` (no oracle across the country)."""


class NationalIdUnavailable(OutOfScope):
    """The national ID belongs to a member outside the caller's subtree."""


class ExternalIdUnavailable(OutOfScope):
    """The HR system's key (source_system, external_id) belongs to a member outside the caller's subtree."""


async def _national_id_free(
    uow: UnitOfWork, principal: Principal, national_id: str, member_id: str | None = None
) -> None:
    visible = scope.in_scope(Member.org_id, principal).label("visible")
    query = select(Member.id, visible).where(Member.national_id == national_id)
    if member_id is not None:
        query = query.where(Member.id != member_id)
    owner = (await uow.session.execute(query)).first()
    if owner is not None:
        raise _taken(visible=owner.visible)


async def _external_id_free(
    uow: UnitOfWork, principal: Principal, source_system: str | None, external_id: str | None
) -> None:
    """Checked before the insert, so a key of another subtree answers the neutral rule, not the constraint's."""
    if source_system is None or external_id is None:
        return
    visible = scope.in_scope(Member.org_id, principal).label("visible")
    query = select(visible).where(Member.source_system == source_system, Member.external_id == external_id)
    owner = (await uow.session.execute(query)).first()
    if owner is not None:
        raise _external_taken(visible=owner.visible)


@dataclass(frozen=True)
class ConflictGuard:
    """How many national IDs of other subtrees one caller may meet within a window: past that, the caller's
    registrations and national-ID changes are refused until the window has passed (no oracle by repetition)."""

    limit: int = 20
    window: timedelta = timedelta(hours=24)

    @classmethod
    def of(cls, settings: Any) -> ConflictGuard:
        """The guard the service's settings configure (``member_unavailable_limit`` in a window of hours)."""
        return cls(settings.member_unavailable_limit, timedelta(hours=settings.member_unavailable_window_hours))


UNAVAILABLE = "member.national_id_unavailable"
EXTERNAL_UNAVAILABLE = "member.external_id_unavailable"
SCOPE_CONFLICTS = (UNAVAILABLE, EXTERNAL_UNAVAILABLE)
"""The audited actions the guard counts: one limit for every key of another subtree a caller meets."""


async def audit_unavailable(db: Database, ctx: Context, action: str, command: str, org_id: str) -> None:
    """Recorded in its own transaction (the command's rolls back), under the caller: the guard counts these."""
    async with db.uow(ctx) as uow:
        await uow.audit(action, "caller", ctx.actor[:80], org_id=org_id, after={"command": command})
        await uow.commit()


async def caller_not_stopped(db: Database, ctx: Context, guard: ConflictGuard, command: str, org_id: str) -> None:
    async with db.read_session() as session:
        met = (await session.execute(_scope_conflicts_met(ctx.actor, guard))).scalar_one()
    if met > guard.limit:
        await _stop(db, ctx, guard, command, org_id)


async def _stop(db: Database, ctx: Context, guard: ConflictGuard, command: str, org_id: str) -> None:
    """The caller met more IDs of other subtrees than the guard allows: audited, then refused."""
    await audit_unavailable(db, ctx, "member.caller_stopped", command, org_id)
    raise Forbidden("member.caller_stopped", limit=guard.limit, hours=int(guard.window.total_seconds() // 3600))


async def register_member(
    db: Database, ctx: Context, principal: Principal, body: MemberCreate, guard: ConflictGuard = ConflictGuard()
) -> Member:
    """One read (``_registration_checks``), then the member, its history, audit and outbox rows in one statement
    (``UnitOfWork.commit``), each on its own without ``BEGIN``/``COMMIT`` (``one_statement``): the checks and their
    order are those of the commands apart."""
    try:
        async with db.uow(ctx, one_statement=True) as uow:  # a read, then one statement: no BEGIN, no COMMIT
            checked = await _registration_checks(uow, principal, body, guard)
            if checked.met > guard.limit:
                await _stop(db, ctx, guard, "register", body.org_id)
            node = check_branch(
                orgtree.node_from(checked)
                if checked.id is not None
                else await orgtree.node_in_scope(await uow.open_session(), principal, body.org_id)
            )
            if checked.national_visible is not None:
                raise _taken(visible=checked.national_visible)
            if checked.external_visible is not None:
                raise _external_taken(visible=checked.external_visible)
            values = _registration_values(body)
            uow.insert(MEMBERS, [values])
            write = member_write(
                values,
                MemberRegistered(**facts(values), effective_date=body.effective_date),
                change="registered",
                on=body.effective_date,
                context=ctx,
                before=None,
            )
            uow.insert(MEMBER_CHANGES, [write.history])
            uow.insert(audit_log, [write.audit])
            assert write.event is not None
            publish(uow, write.event, node.path)
            await uow.commit()
    except OutOfScope as refused:
        await audit_unavailable(db, ctx, refused.code, "register", body.org_id)
        raise
    return Member(**values, created_at=uow.now, updated_at=uow.now)  # now() of the statement that wrote it


def _registration_values(body: MemberCreate) -> dict[str, Any]:
    return {
        **body.model_dump(exclude={"effective_date"}),
        "id": str(uuid.uuid4()),
        "search_name": search_key(body.full_name),
        "flags": {},
        "version": 1,
    }


def _scope_conflicts_met(actor: str, guard: ConflictGuard) -> Select[int]:
    """How many keys of other subtrees the caller met within the guard's window."""
    c = audit_log.c
    return select(func.count()).where(
        c.entity_type == "caller",
        c.entity_id == actor[:80],
        c.action.in_(SCOPE_CONFLICTS),
        c.at > func.now() - guard.window,
    )


async def _registration_checks(uow: UnitOfWork, principal: Principal, body: MemberCreate, guard: ConflictGuard) -> Any:
    """In one round trip: the caller guard's count (``met``), the branch if in the caller's scope (its columns,
    ``id`` None otherwise), whether the national ID and the HR key are held and by a member the caller sees
    (``national_visible``, ``external_visible``: None when free)."""
    keyed = body.source_system is not None and body.external_id is not None  # a NULL key is nobody's (no IS NULL)
    parameters: dict[str, Any] = {
        "actor": uow.context.actor[:80],
        "window": guard.window,
        "national_id": body.national_id,
        "org_id": body.org_id,
        **orgtree.scope_parameters(principal),
    }
    if keyed:
        parameters.update(source_system=body.source_system, external_id=body.external_id)
    query = _registration_query(orgtree.scope_shape(principal), keyed)
    return await uow.fetch_row(query, parameters)  # one row always (an outer join)


@functools.cache
def _registration_query(shape: orgtree.ScopeShape, keyed: bool) -> DriverStatement:
    """The statement of ``_registration_checks`` for one scope shape, built once with its values bound: building
    it per request, and SQLAlchemy's walk of it to find the compiled form, was a fifth of a registration's CPU;
    then SQLAlchemy's execution of it most of what was left (``shared.driver``)."""
    visible = orgtree.bound_in_scope(MEMBERS.c.org_id, shape)
    national = select(visible).where(Member.national_id == bindparam("national_id")).limit(1)
    external = (
        select(visible)
        .where(Member.source_system == bindparam("source_system"), Member.external_id == bindparam("external_id"))
        .limit(1)
        .scalar_subquery()
        if keyed
        else null()
    )
    c = audit_log.c
    met = select(func.count()).where(
        c.entity_type == "caller",
        c.entity_id == bindparam("actor"),
        c.action.in_(SCOPE_CONFLICTS),
        c.at > func.now() - bindparam("window", type_=Interval()),
    )
    branch = select(org_nodes).where(
        org_nodes.c.id == bindparam("org_id"), orgtree.bound_in_scope(org_nodes.c.id, shape)
    )
    one = select(literal(1).label("one")).subquery()
    placed = branch.subquery()
    return DriverStatement(
        select(
            met.scalar_subquery().label("met"),
            national.scalar_subquery().label("national_visible"),
            external.label("external_visible"),
            *placed.c,
        ).select_from(one.outerjoin(placed, true()))
    )


def _taken(*, visible: bool) -> Conflict:
    """A visible holder is named as a conflict; one outside the subtree is the neutral, audited refusal."""
    if not visible:
        return NationalIdUnavailable(UNAVAILABLE, field="national_id")
    return Conflict("member.national_id_taken", field="national_id")


def _external_taken(*, visible: bool) -> Conflict:
    if not visible:
        return ExternalIdUnavailable(EXTERNAL_UNAVAILABLE, field="external_id")
    return Conflict("member.external_id_taken", field="external_id")


async def update_profile(
    db: Database,
    ctx: Context,
    principal: Principal,
    member_id: str,
    body: MemberPatch,
    expected_version: int,
    guard: ConflictGuard = ConflictGuard(),
) -> Member:
    """Change profile fields under ``If-Match``; publishes ``member.updated`` naming the fields that changed."""
    if body.national_id is not None:
        await caller_not_stopped(db, ctx, guard, "update_profile", principal.org_id)
    try:
        return await _update_profile(db, ctx, principal, member_id, body, expected_version)
    except NationalIdUnavailable:
        await audit_unavailable(db, ctx, UNAVAILABLE, "update_profile", principal.org_id)
        raise


async def _update_profile(
    db: Database, ctx: Context, principal: Principal, member_id: str, body: MemberPatch, expected_version: int
) -> Member:
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        check_version(member.version, expected_version)
        changes = body.model_dump(exclude_unset=True, exclude={"effective_date"})
        changed = {k: v for k, v in changes.items() if getattr(member, k) != v}
        if "national_id" in changed:
            await _national_id_free(uow, principal, changed["national_id"], member.id)
        before: dict[str, Any] = snapshot(member)
        for key, value in changed.items():
            setattr(member, key, value)
        if "full_name" in changed:
            member.search_name = search_key(member.full_name)
        if changed:
            payload = changed_in_place(member, MemberUpdated, body.effective_date, changed_fields=sorted(changed))
            await commit_change(uow, member, payload, change="updated", before=before)
        else:
            await uow.commit()  # nothing changed: no history, no event
    return member


async def clear_flag(db: Database, ctx: Context, principal: Principal, member_id: str, flag: str) -> Member:
    """A reviewer decided to keep the member: the flag goes, the history keeps that it was there."""
    async with changing_member(db, ctx, principal, member_id) as (uow, member):
        flags = dict(member.flags or {})
        if flag not in flags:
            raise NotFound("resource.not_found", resource="flag", id=flag)
        before = snapshot(member)
        flags.pop(flag)
        member.flags = flags
        await commit_change(uow, member, None, change=f"flag_cleared:{flag}", before=before, on=today_in_vietnam())
    return member
