"""Use cases of members: each changes the member, writes its history row and its event in one transaction."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from unidecode import unidecode

from membership.events import MemberRegistered
from membership.members.models import ETHNIC_MAJORITY, Member, MemberChange, MemberCreate
from membership.orgs.rules import MEMBER_HOLDING_KINDS, OrgKind, check_active
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import Conflict, RuleViolation


def search_key(name: str) -> str:
    """Accent-free lower case (unidecode turns Đ into D, which Unicode decomposition does not)."""
    return " ".join(unidecode(name).lower().split())


def snapshot(member: Member) -> dict[str, Any]:
    """The member's state for the history (national ID and contacts left out: history is widely readable)."""
    return {"org_id": member.org_id, "status": member.status, "full_name": member.full_name,
            "positions": list(member.positions or []), "admission_date": _iso(member.admission_date),
            "recognition_date": _iso(member.recognition_date), "flags": dict(member.flags or {})}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def facts(member: Member) -> dict[str, Any]:
    return {"member_id": member.id, "org_id": member.org_id, "status": member.status, "gender": member.gender,
            "birth_date": member.birth_date, "ethnicity": member.ethnicity,
            "ethnic_minority": member.ethnicity.strip().lower() != ETHNIC_MAJORITY.lower(),
            "admission_date": member.admission_date}


async def record_change(uow: UnitOfWork, member: Member, change: str, effective_date: date,
                        note: str | None = None) -> None:
    await uow.session.flush()
    uow.session.add(MemberChange(member_id=member.id, change=change, effective_date=effective_date,
                                 actor=uow.context.actor, request_id=uow.context.request_id,
                                 snapshot=snapshot(member), note=note))


async def branch_in_scope(uow: UnitOfWork, principal: Principal, org_id: str) -> orgtree.OrgNode:
    node = await orgtree.node_in_scope(uow.session, principal, org_id)
    check_active(node.status, org_id)
    if OrgKind(node.kind) not in MEMBER_HOLDING_KINDS:
        raise RuleViolation("member.org_not_branch", field="org_id", kind=node.kind)
    return node


async def register_member(db: Database, ctx: Context, principal: Principal, body: MemberCreate) -> Member:
    async with db.uow(ctx) as uow:
        node = await branch_in_scope(uow, principal, body.org_id)
        if (await uow.session.execute(select(Member.id).where(Member.national_id == body.national_id))).first():
            raise Conflict("member.national_id_taken", field="national_id")
        data = body.model_dump(exclude={"effective_date"})
        member = Member(id=str(uuid.uuid4()), search_name=search_key(body.full_name), flags={}, **data)
        uow.session.add(member)
        await record_change(uow, member, "registered", body.effective_date)
        uow.publish(MemberRegistered(**facts(member), effective_date=body.effective_date),
                    subject=f"member/{member.id}", aggregate_id=f"member:{member.id}", orgpath=node.path)
        await uow.audit("member.registered", "member", member.id, org_id=member.org_id, after=snapshot(member))
        await uow.commit()
    return member
