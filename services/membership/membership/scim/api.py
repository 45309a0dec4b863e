"""SCIM 2.0 (RFC 7644) at ``/scim/v2``: discovery, members as ``Users`` (read, filter by ``userName`` or
``externalId``, PATCH of phone and e-mail), organisations as read-only ``Groups`` (``scim.groups``). Creating or
deleting a member is refused with a SCIM error: admission and removal are party decisions made through their
commands. Answers are ``application/scim+json``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from scim2_models import Context, Error, ListResponse, PatchOp, ResourceType, Schema, SCIMException
from sqlalchemy import func, select

from membership import scope
from membership.common import Integrator
from membership.members import commands
from membership.members.models import Member, MemberPatch
from membership.scim.mapping import CONFIG, MAX_RESULTS, PROVIDER, MemberUser, contacts, to_user
from shared.auth import Principal
from shared.calendar import today_in_vietnam
from shared.db import Context as CommandContext
from shared.db import Database
from shared.deps import DB, Ctx
from shared.errors import DomainError

MEDIA = "application/scim+json"
router = APIRouter(prefix="/scim/v2", tags=["scim"], include_in_schema=False)  # SCIM describes itself (/Schemas)
FILTER = re.compile(r'^\s*([A-Za-z]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$')
PARTY_DECISION = (
    "Members are admitted and removed by party decisions made through the membership API's commands "
    "(admission, removal, transfer); SCIM reads members and changes their contacts only."
)


def scim(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    payload = (
        body.model_dump_json(scim_ctx=Context.RESOURCE_QUERY_RESPONSE) if hasattr(body, "model_dump_json") else body
    )
    return Response(payload, status_code=status, media_type=MEDIA, headers=headers)


def error(status: int, detail: str, scim_type: str | None = None) -> Response:
    return Response(
        Error(status=status, detail=detail, scim_type=scim_type).model_dump_json(), status_code=status, media_type=MEDIA
    )


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/ServiceProviderConfig", operation_id="scimServiceProviderConfig")
async def service_provider_config(_: Integrator) -> Response:
    return scim(CONFIG)


def _describe(path: str, model: Any, items: tuple[Any, ...], noun: str, operation_ids: tuple[str, str]) -> None:
    """A discovery endpoint of the provider's own description (RFC 7644 §4): ``path`` lists every one of ``items``,
    ``path/{id}`` reads one. Resource types and schemas are served alike."""

    async def every(_: Integrator) -> Response:
        return listed(model, len(items), 1, list(items))

    async def one(item_id: str, _: Integrator) -> Response:
        found = next((item for item in items if item.id == item_id), None)
        return scim(found) if found else error(404, f"No {noun} {item_id}.")

    router.add_api_route(path, every, methods=["GET"], operation_id=operation_ids[0])
    router.add_api_route(f"{path}/{{item_id}}", one, methods=["GET"], operation_id=operation_ids[1])


_describe(
    "/ResourceTypes", ResourceType, PROVIDER.resource_types, "resource type", ("scimResourceTypes", "scimResourceType")
)
_describe("/Schemas", Schema, PROVIDER.schemas, "schema", ("scimSchemas", "scimSchema"))


def parse_filter(expression: str, attributes: tuple[str, ...]) -> tuple[str, str] | None:
    """``<attribute> eq "<value>"`` for one of ``attributes`` (names compare case-insensitively, RFC 7644 3.4.2.2):
    the attribute lower-cased and the value; any other expression is refused (None)."""
    match = FILTER.match(expression)
    if match is None or match.group(1).lower() not in {a.lower() for a in attributes}:
        return None
    return match.group(1).lower(), match.group(2).replace('\\"', '"')


def filter_condition(expression: str | None, attributes: tuple[str, ...], condition: Callable[[str, str], Any]) -> Any:
    """The SQL condition of a list's filter: everything (True) without one, ``condition(attribute, value)`` for
    ``<attribute> eq "…"`` on one of ``attributes``, None (to refuse) for anything else."""
    if expression is None:
        return True
    parsed = parse_filter(expression, attributes)
    return None if parsed is None else condition(*parsed)


def refused_filter(attributes: tuple[str, ...]) -> Response:
    names = " and ".join(f'`{a} eq "…"`' for a in attributes)
    return error(400, f"Only {names} are supported.", "invalidFilter")


@dataclass(frozen=True)
class ListQuery:
    """A list request's parameters (RFC 7644 3.4.2): the filter, the 1-based index to start at, the page size."""

    filter: str | None
    start_index: int
    count: int


def _list_query(
    filter: Annotated[str | None, Query(max_length=500)] = None,
    start_index: Annotated[int, Query(alias="startIndex", ge=1, le=2**31)] = 1,
    count: Annotated[int, Query(ge=0, le=MAX_RESULTS)] = 100,
) -> ListQuery:
    return ListQuery(filter, start_index, count)


Listing = Annotated[ListQuery, Depends(_list_query)]


async def counted_page(db: Database, query: Any, start_index: int, count: int, *, scalars: bool) -> tuple[int, Any]:
    """The total a filter matches and one page of it (``startIndex`` is 1-based, RFC 7644 3.4.2.4)."""
    async with db.read_session() as session:
        total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
        result = await session.execute(query.offset(start_index - 1).limit(count))
        return total, (result.scalars().all() if scalars else result.all())


def listed(model: Any, total: int, start_index: int, resources: list[Any]) -> Response:
    return scim(
        ListResponse[model](
            total_results=total, start_index=start_index, items_per_page=len(resources), resources=resources
        )
    )


USER_FILTERS = ("userName", "externalId")


def _user_condition(attribute: str, value: str) -> Any:
    """``externalId`` is the HR system's key; ``userName`` is the member's id or ``<source>/<external id>``."""
    if attribute == "externalid":
        return Member.external_id == value
    if "/" in value:
        source, external = value.split("/", 1)
        return (Member.source_system == source) & (Member.external_id == external)
    return Member.id == value


def _names_external_id(expression: str | None) -> bool:
    """``externalId eq`` or ``userName eq "<source>/<id>"``: an HR system's key, not a member's random id."""
    parsed = parse_filter(expression, USER_FILTERS) if expression else None
    return parsed is not None and (parsed[0] == "externalid" or "/" in parsed[1])


async def _audit_if_held_elsewhere(db: Database, ctx: CommandContext, principal: Principal, condition: Any) -> None:
    """An HR key no member in the caller's subtree holds: if one elsewhere does, the probe is audited with the
    caller (the answer stays the empty page of a key nobody holds)."""
    query = select(Member.id).where(condition, ~scope.in_scope(Member.org_id, principal)).limit(1)
    async with db.read_session() as session:
        elsewhere = (await session.execute(query)).first() is not None
    if elsewhere:
        await commands.audit_unavailable(db, ctx, commands.EXTERNAL_UNAVAILABLE, "scim_filter", principal.org_id)


@router.get("/Users", operation_id="scimListUsers")
async def list_users(
    request: Request,
    principal: Integrator,
    db: DB,
    ctx: Ctx,
    listing: Listing,
) -> Response:
    """Filtered by an HR system's key, a member of another subtree answers the empty page of a key nobody
    holds; the probe is audited with the caller and counted by its ``ConflictGuard`` (stopped past it: 403)."""
    condition = filter_condition(listing.filter, USER_FILTERS, _user_condition)
    if condition is None:
        return refused_filter(USER_FILTERS)
    by_key = _names_external_id(listing.filter)
    if by_key:
        guard = commands.ConflictGuard.of(request.app.state.settings)
        try:
            await commands.caller_not_stopped(db, ctx, guard, "scim_filter", principal.org_id)
        except DomainError as exc:
            return error(exc.status, exc.code)
    query = select(Member).where(condition, scope.in_scope(Member.org_id, principal)).order_by(Member.id)
    total, members = await counted_page(db, query, listing.start_index, listing.count, scalars=True)
    if by_key and total == 0:
        await _audit_if_held_elsewhere(db, ctx, principal, condition)
    return listed(MemberUser, total, listing.start_index, [to_user(m, base_url(request)) for m in members])


async def _member(db: Database, principal: Principal, user_id: str) -> Member | None:
    async with db.read_session() as session:
        return (
            await session.execute(select(Member).where(Member.id == user_id, scope.in_scope(Member.org_id, principal)))
        ).scalar_one_or_none()


@router.get("/Users/{user_id}", operation_id="scimGetUser")
async def get_user(user_id: str, request: Request, principal: Integrator, db: DB) -> Response:
    member = await _member(db, principal, user_id)
    if member is None:
        return error(404, f"No member {user_id}.")
    return scim(to_user(member, base_url(request)), headers={"ETag": f'W/"{member.version}"'})


@router.patch("/Users/{user_id}", operation_id="scimPatchUser")
async def patch_user(user_id: str, request: Request, principal: Integrator, db: DB, ctx: Ctx) -> Response:
    """Phone and e-mail change through the members' own profile command (``member.updated``); anything else the
    patch would change is refused as immutable here."""
    member = await _member(db, principal, user_id)
    if member is None:
        return error(404, f"No member {user_id}.")
    before = to_user(member, base_url(request))
    try:
        operation = PatchOp[MemberUser].model_validate(await request.json(), scim_ctx=Context.RESOURCE_PATCH_REQUEST)
        after = before.model_copy(deep=True)
        operation.patch(after)
    except (ValidationError, SCIMException, ValueError) as exc:
        return error(400, str(exc).splitlines()[0], "invalidValue")
    return await _apply(db, ctx, principal, member, before, after, request)


async def _apply(
    db: Database, ctx: CommandContext, principal: Principal, member: Member, before: Any, after: Any, request: Request
) -> Response:
    ignore = {"phone_numbers", "emails", "meta"}
    if before.model_dump(exclude=ignore) != after.model_dump(exclude=ignore):
        return error(400, "Only phoneNumbers and emails can be changed through SCIM. " + PARTY_DECISION, "mutability")
    phone, email = contacts(after)
    body = MemberPatch(phone=phone, email=email, effective_date=today_in_vietnam())
    try:
        await commands.update_profile(db, ctx, principal, member.id, body, member.version)
    except DomainError as exc:
        return error(exc.status, exc.code, "invalidValue" if exc.status == 400 else None)
    updated = await _member(db, principal, member.id)  # read back: the row's timestamps are the database's
    assert updated is not None
    return scim(to_user(updated, base_url(request)), headers={"ETag": f'W/"{updated.version}"'})


def refuse(on: APIRouter, method: str, path: str, operation_id: str, detail: str) -> None:
    """A write SCIM offers but the party's procedure does not allow here: 403 with why (the commands that do it),
    so that a provisioning client logs the reason instead of retrying."""

    async def refused(_: Integrator) -> Response:
        return error(403, detail)

    on.add_api_route(path, refused, methods=[method], operation_id=operation_id, name=operation_id)


for method, operation_id, path, detail in (
    ("POST", "scimCreateUser", "/Users", "Creating a member is refused."),
    ("PUT", "scimReplaceUser", "/Users/{user_id}", "Replacing a member is refused; PATCH phoneNumbers or emails."),
    ("DELETE", "scimDeleteUser", "/Users/{user_id}", "Deleting a member is refused."),
):
    refuse(router, method, path, operation_id, f"{detail} {PARTY_DECISION}")
