"""Routes of members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response, status

from membership.members import commands, queries
from membership.members.models import MemberCreate, MemberOut
from shared.auth import Principal, Role, require
from shared.deps import DB, Ctx
from shared.etag import set_etag

router = APIRouter(prefix="/api/v1/members", tags=["members"])
Reader = Annotated[Principal, require()]
Writer = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER, Role.SECRETARY, Role.INTEGRATION)]


@router.post("", operation_id="registerMember", status_code=status.HTTP_201_CREATED, response_model=MemberOut)
async def register_member(body: MemberCreate, principal: Writer, db: DB, ctx: Ctx, response: Response) -> MemberOut:
    member = await commands.register_member(db, ctx, principal, body)
    response.headers["Location"] = f"/api/v1/members/{member.id}"
    set_etag(response, member.version)
    return queries.member_out(member, principal)


@router.get("/{member_id}", operation_id="getMember", response_model=MemberOut)
async def get_member(member_id: str, principal: Reader, db: DB, response: Response) -> MemberOut:
    async with db.read_session() as session:
        member = await queries.get_member(session, principal, member_id)
    set_etag(response, member.version)
    return queries.member_out(member, principal)
