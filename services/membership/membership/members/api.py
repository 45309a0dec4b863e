"""Routes of members: the record, its profile, its history, and one endpoint per status command."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from membership.common import IfMatchRequired, Reader
from membership.members import commands, queries, transfers
from membership.members import status as status_commands
from membership.members.models import (
    Command,
    Exempt,
    Gender,
    Headcount,
    HistoryItem,
    HostAccept,
    Member,
    MemberAsOf,
    MemberCreate,
    MemberOut,
    MemberPatch,
    Recognise,
    Remove,
    TransferIn,
    TransferOut,
)
from membership.members.rules import MemberCommand, MemberStatus
from shared import routes
from shared.auth import Principal, Role, require
from shared.calendar import today_in_vietnam
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import creates, sends
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1/members", tags=["members"])
Writer = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER, Role.SECRETARY, Role.INTEGRATION)]
SortKey = Literal["name", "-name", "birth_date", "-birth_date", "created", "-created", "id", "-id"]


def _out(member: object, principal: Principal, response: Response) -> MemberOut:
    out = queries.member_out(member, principal)  # type: ignore[arg-type]
    set_etag(response, out.version)
    return out


@router.post("", **creates("registerMember", MemberOut))
async def register_member(
    body: MemberCreate, principal: Writer, db: DB, ctx: Ctx, response: Response, request: Request
) -> MemberOut:
    member = await commands.register_member(
        db, ctx, principal, body, commands.ConflictGuard.of(request.app.state.settings)
    )
    response.headers["Location"] = f"/api/v1/members/{member.id}"
    return _out(member, principal, response)


@router.get("", operation_id="listMembers", response_model=Page[MemberOut])
async def list_members(
    principal: Reader,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    under: Annotated[str | None, Query(description="Only this organisation's subtree.")] = None,
    status_: Annotated[list[MemberStatus] | None, Query(alias="status")] = None,
    gender: Gender | None = None,
    ethnicity: Annotated[str | None, Query(max_length=60)] = None,
    age_min: Annotated[int | None, Query(ge=0, le=130, description="Age band: at least (full years).")] = None,
    age_max: Annotated[int | None, Query(ge=0, le=130, description="Age band: at most (full years).")] = None,
    admission_year: Annotated[int | None, Query(ge=1930, le=2100)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Name, accents optional.")] = None,
    flagged: Annotated[Literal["review_for_removal"] | None, Query()] = None,
    sort: SortKey = "name",
) -> Page[MemberOut]:
    f = queries.MemberFilter(
        under=under,
        status=[s.value for s in status_] if status_ else None,
        gender=gender.value if gender else None,
        ethnicity=ethnicity,
        age_min=age_min,
        age_max=age_max,
        admission_year=admission_year,
        q=q,
        flagged=flagged,
        today=today_in_vietnam(),
    )
    async with db.read_session() as session:
        return await queries.list_members(session, principal, page, f, sort)


@router.get("/headcount", operation_id="memberHeadcount", response_model=Headcount)
async def headcount(principal: Reader, db: DB, under: Annotated[str, Query()]) -> Headcount:
    async with db.read_session() as session:
        return await queries.headcount(session, principal, under)


@router.get(
    "/{member_id}", operation_id="getMember", response_model=MemberOut | MemberAsOf, responses=sends(optional=("ETag",))
)
async def get_member(
    member_id: str,
    principal: Reader,
    db: DB,
    response: Response,
    as_of: Annotated[date | None, Query(description="Read the member as recorded on this date.")] = None,
) -> MemberOut | MemberAsOf:
    async with db.read_session() as session:
        if as_of is not None:
            return await queries.as_of(session, principal, member_id, as_of)
        member = await queries.get_member(session, principal, member_id)
    return _out(member, principal, response)


@router.get("/{member_id}/history", operation_id="getMemberHistory", response_model=list[HistoryItem])
async def get_history(member_id: str, principal: Reader, db: DB) -> list[HistoryItem]:
    async with db.read_session() as session:
        return await queries.history(session, principal, member_id)


@router.patch("/{member_id}", operation_id="updateMember", response_model=MemberOut, responses=sends("ETag"))
async def update_member(
    member_id: str,
    body: MemberPatch,
    principal: Writer,
    db: DB,
    ctx: Ctx,
    response: Response,
    version: IfMatchRequired,
    request: Request,
) -> MemberOut:
    member = await commands.update_profile(
        db, ctx, principal, member_id, body, version, commands.ConflictGuard.of(request.app.state.settings)
    )
    return _out(member, principal, response)


@router.delete(
    "/{member_id}/flags/{flag}", operation_id="clearMemberFlag", response_model=MemberOut, responses=sends("ETag")
)
async def clear_flag(member_id: str, flag: str, principal: Writer, db: DB, ctx: Ctx, response: Response) -> MemberOut:
    return _out(await commands.clear_flag(db, ctx, principal, member_id, flag), principal, response)


def _simple(command: MemberCommand) -> Callable[..., Awaitable[Member]]:
    """Exemption, its end, resignation and death: one command function, told which change it makes."""
    return partial(status_commands.simple_change, command=command)


members = routes.Resource(router, MemberOut, reader=Reader, writer=Writer, present=queries.member_out)
STEP = "/{member_id}/"
members.step(STEP + "recognise", status_commands.recognise, Recognise, "recognise", "recogniseMember")
members.step(STEP + "remove", status_commands.remove_from_rolls, Remove, "remove", "removeMember")
members.step(STEP + "transfer-out", transfers.transfer_out, TransferOut, "transfer_out", "transferMemberOut")
members.step(STEP + "transfer-in", transfers.transfer_in, TransferIn, "transfer_in", "transferMemberIn")
members.step(STEP + "return", transfers.return_from_temporary, Command, "return_from_temporary", "returnMember")
members.step(
    STEP + "exempt",
    _simple(MemberCommand.EXEMPT),
    Exempt,
    "exempt",
    "exemptMember",
    "Reduce or exempt party work and meetings (scope reduce|exempt)",
)
members.step(
    STEP + "host-accept",
    transfers.host_accept,
    HostAccept,
    "host_accept",
    "acceptTemporaryMember",
    "The host branch accepts a member on a temporary transfer (then in its roster)",
)
members.step(
    STEP + "end-exemption",
    _simple(MemberCommand.END_EXEMPTION),
    Command,
    "end_exemption",
    "endMemberExemption",
    "End an exemption",
)
members.step(
    STEP + "resign",
    _simple(MemberCommand.RESIGN),
    Command,
    "resign",
    "resignMember",
    "Leave the party at the member's request",
)
members.step(STEP + "die", _simple(MemberCommand.DIE), Command, "die", "recordMemberDeath", "Record a member's death")
