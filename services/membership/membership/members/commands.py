"""Use cases of the member record: register an existing member, update the profile, clear a flag."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from membership import scope
from membership.events import MemberRegistered, MemberUpdated
from membership.members.history import (
    commit_change,
    facts,
    load_for_update,
    search_key,
    snapshot,
    today_in_vietnam,
)
from membership.members.models import Member, MemberCreate, MemberPatch
from membership.orgs.rules import MEMBER_HOLDING_KINDS, OrgKind, check_active
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict, NotFound, RuleViolation
from shared.etag import check_version

__all__ = ["branch_in_scope", "register_member", "search_key", "update_profile"]


async def branch_in_scope(uow: UnitOfWork, principal: Principal, org_id: str) -> orgtree.OrgNode:
    node = await orgtree.node_in_scope(uow.session, principal, org_id)
    return check_branch(node)


def check_branch(node: orgtree.OrgNode) -> orgtree.OrgNode:
    check_active(node.status, node.id)
    if OrgKind(node.kind) not in MEMBER_HOLDING_KINDS:
        raise RuleViolation("member.org_not_branch", field="org_id", kind=node.kind)
    return node


class NationalIdUnavailable(Conflict):
    """The national ID belongs to a member outside the caller's subtree: a neutral 409 that copies nothing of
    that record (national IDs are no oracle across the country)."""


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
        raise NationalIdUnavailable("member.national_id_unavailable", field="national_id")
    raise Conflict("member.national_id_taken", field="national_id")


async def _audit_unavailable(db: Database, ctx: Context, command: str, org_id: str) -> None:
    """Recorded in its own transaction: the command's own rolls back, the attempt must stay on record."""
    async with db.uow(ctx) as uow:
        await uow.audit("member.national_id_unavailable", "member", "-", org_id=org_id, after={"command": command})
        await uow.commit()


async def register_member(db: Database, ctx: Context, principal: Principal, body: MemberCreate) -> Member:
    try:
        async with db.uow(ctx) as uow:
            await branch_in_scope(uow, principal, body.org_id)
            await _national_id_free(uow, principal, body.national_id)
            data = body.model_dump(exclude={"effective_date"})
            member = Member(id=str(uuid.uuid4()), search_name=search_key(body.full_name), flags={}, **data)
            uow.session.add(member)
            payload = MemberRegistered(**facts(member), effective_date=body.effective_date)
            await commit_change(uow, member, payload, change="registered", before=None)
    except NationalIdUnavailable:
        await _audit_unavailable(db, ctx, "register", body.org_id)
        raise
    return member


async def update_profile(
    db: Database, ctx: Context, principal: Principal, member_id: str, body: MemberPatch, expected_version: int
) -> Member:
    """Change profile fields under ``If-Match``; publishes ``member.updated`` naming the fields that changed."""
    try:
        return await _update_profile(db, ctx, principal, member_id, body, expected_version)
    except NationalIdUnavailable:
        await _audit_unavailable(db, ctx, "update_profile", principal.org_id)
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
