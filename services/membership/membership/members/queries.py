"""Reads of members inside the caller's subtree, with sensitive fields masked for roles that do not need them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from membership.members.models import Member, MemberOut
from shared import orgtree
from shared.auth import SENSITIVE_READERS, Principal
from shared.errors import NotFound


def mask(value: str | None, keep: int = 3) -> str | None:
    if not value:
        return value
    return "*" * max(0, len(value) - keep) + value[-keep:]


def member_out(member: Member, principal: Principal) -> MemberOut:
    out = MemberOut.model_validate(member)
    if not principal.has(*SENSITIVE_READERS):
        out = out.model_copy(update={"national_id": mask(out.national_id), "phone": mask(out.phone),
                                     "email": mask(out.email, 0) if out.email else None, "address": None})
    return out


async def get_member(session: AsyncSession, principal: Principal, member_id: str) -> Member:
    member = (await session.execute(
        select(Member).where(Member.id == member_id, orgtree.in_scope(Member.org_id, principal))
    )).scalar_one_or_none()
    if member is None:
        raise NotFound("resource.not_found", resource="member", id=member_id)
    return member
