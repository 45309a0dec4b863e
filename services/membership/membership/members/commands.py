"""Use cases of the member record: register an existing member, update the profile, clear a flag."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from membership import scope
from membership.events import MemberRegistered, MemberUpdated
from membership.members.history import (
    commit_change,
    facts,
    load_for_update,
    snapshot,
    today_in_vietnam,
)
from membership.members.models import Member, MemberCreate, MemberPatch
from membership.orgs.rules import MEMBER_HOLDING_KINDS, OrgKind, check_active
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict, Forbidden, NotFound, RuleViolation
from shared.etag import check_version
from shared.schema import audit_log
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
    if owner is None:
        return
    if not owner.visible:
        raise NationalIdUnavailable(UNAVAILABLE, field="national_id")
    raise Conflict("member.national_id_taken", field="national_id")


async def _external_id_free(
    uow: UnitOfWork, principal: Principal, source_system: str | None, external_id: str | None
) -> None:
    """Checked before the insert, so a key of another subtree answers the neutral rule, not the constraint's."""
    if source_system is None or external_id is None:
        return
    visible = scope.in_scope(Member.org_id, principal).label("visible")
    query = select(visible).where(Member.source_system == source_system, Member.external_id == external_id)
    owner = (await uow.session.execute(query)).first()
    if owner is None:
        return
    if not owner.visible:
        raise ExternalIdUnavailable(EXTERNAL_UNAVAILABLE, field="external_id")
    raise Conflict("member.external_id_taken", field="external_id")


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
    c = audit_log.c
    async with db.read_session() as session:
        met = (
            await session.execute(
                select(func.count()).where(
                    c.entity_type == "caller",
                    c.entity_id == ctx.actor[:80],
                    c.action.in_(SCOPE_CONFLICTS),
                    c.at > func.now() - guard.window,
                )
            )
        ).scalar_one()
    if met > guard.limit:
        await audit_unavailable(db, ctx, "member.caller_stopped", command, org_id)
        raise Forbidden("member.caller_stopped", limit=guard.limit, hours=int(guard.window.total_seconds() // 3600))


async def register_member(
    db: Database, ctx: Context, principal: Principal, body: MemberCreate, guard: ConflictGuard = ConflictGuard()
) -> Member:
    await caller_not_stopped(db, ctx, guard, "register", body.org_id)
    try:
        async with db.uow(ctx) as uow:
            await branch_in_scope(uow, principal, body.org_id)
            await _national_id_free(uow, principal, body.national_id)
            await _external_id_free(uow, principal, body.source_system, body.external_id)
            data = body.model_dump(exclude={"effective_date"})
            member = Member(id=str(uuid.uuid4()), search_name=search_key(body.full_name), flags={}, **data)
            uow.session.add(member)
            payload = MemberRegistered(**facts(member), effective_date=body.effective_date)
            await commit_change(uow, member, payload, change="registered", before=None)
    except OutOfScope as refused:
        await audit_unavailable(db, ctx, refused.code, "register", body.org_id)
        raise
    return member


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
    async with db.uow(ctx) as uow:
        member = await load_for_update(uow, principal, member_id)
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
            payload = MemberUpdated(
                **facts(member),
                previous_status=member.status,
                previous_org_id=member.org_id,
                effective_date=body.effective_date,
                changed_fields=sorted(changed),
            )
            await commit_change(uow, member, payload, change="updated", before=before)
        else:
            await uow.commit()  # nothing changed: no history, no event
    return member


async def clear_flag(db: Database, ctx: Context, principal: Principal, member_id: str, flag: str) -> Member:
    """A reviewer decided to keep the member: the flag goes, the history keeps that it was there."""
    async with db.uow(ctx) as uow:
        member = await load_for_update(uow, principal, member_id)
        flags = dict(member.flags or {})
        if flag not in flags:
            raise NotFound("resource.not_found", resource="flag", id=flag)
        before = snapshot(member)
        flags.pop(flag)
        member.flags = flags
        await commit_change(uow, member, None, change=f"flag_cleared:{flag}", before=before, on=today_in_vietnam())
    return member
