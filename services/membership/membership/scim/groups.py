"""SCIM ``Groups`` (RFC 7643 §4.2) are organisations, read-only: list with ``displayName eq`` or ``externalId eq``
(the organisation's code) and paging, read one by id. A group's ``members`` are its direct sub-organisations
(type ``Group``) and its own current members (type ``User``), at most ``MAX_GROUP_MEMBERS``. Creating, replacing,
patching or deleting a group answers a SCIM error: the tree changes through the organisation commands, which
check the kinds, dates and history a SCIM client knows nothing about."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from membership import scope
from membership.common import Integrator
from membership.members.models import Member
from membership.scim.api import base_url, counted_page, error, listed, parse_filter, refused_filter, scim
from membership.scim.mapping import ACTIVE, MAX_GROUP_MEMBERS, MAX_RESULTS, OrgGroup, to_group
from shared.auth import Principal
from shared.db import Database
from shared.deps import DB
from shared.schema import org_nodes

router = APIRouter(prefix="/scim/v2", tags=["scim"], include_in_schema=False)
GROUP_FILTERS = ("displayName", "externalId")
ORG_COMMANDS = (
    "Organisations are created, renamed, moved, merged and dissolved through the membership API's organisation "
    "commands (/api/v1/orgs), which keep the tree's kinds, dates and history; SCIM reads them only."
)


def _condition(expression: str | None) -> Any:
    if expression is None:
        return True
    parsed = parse_filter(expression, GROUP_FILTERS)
    if parsed is None:
        return None
    attribute, value = parsed
    return (org_nodes.c.code if attribute == "externalid" else org_nodes.c.name) == value


async def _groups(db: Database, base: str, orgs: list[Any]) -> list[Any]:
    """Each organisation with its sub-organisations and current members, in three queries for the page."""
    ids = [o.id for o in orgs]
    async with db.read_session() as session:
        children = (
            await session.execute(
                select(org_nodes.c.id, org_nodes.c.name, org_nodes.c.parent_id)
                .where(org_nodes.c.parent_id.in_(ids))
                .order_by(org_nodes.c.name, org_nodes.c.id)
            )
        ).all()
        members = (
            await session.execute(
                select(Member.id, Member.full_name, Member.org_id)
                .where(Member.org_id.in_(ids), Member.status.in_(ACTIVE))
                .order_by(Member.id)
            )
        ).all()
    return [
        to_group(
            org,
            [c for c in children if c.parent_id == org.id][:MAX_GROUP_MEMBERS],
            [m for m in members if m.org_id == org.id][:MAX_GROUP_MEMBERS],
            base,
        )
        for org in orgs
    ]


@router.get("/Groups", operation_id="scimListGroups")
async def list_groups(
    request: Request,
    principal: Integrator,
    db: DB,
    filter: Annotated[str | None, Query(max_length=500)] = None,
    start_index: Annotated[int, Query(alias="startIndex", ge=1, le=2**31)] = 1,
    count: Annotated[int, Query(ge=0, le=MAX_RESULTS)] = 100,
) -> Response:
    condition = _condition(filter)
    if condition is None:
        return refused_filter(GROUP_FILTERS)
    query = select(org_nodes).where(condition, scope.in_scope(org_nodes.c.id, principal)).order_by(org_nodes.c.id)
    total, orgs = await counted_page(db, query, start_index, count, scalars=False)
    return listed(OrgGroup, total, start_index, await _groups(db, base_url(request), list(orgs)))


async def _org(db: Database, principal: Principal, group_id: str) -> Any:
    async with db.read_session() as session:
        query = select(org_nodes).where(org_nodes.c.id == group_id, scope.in_scope(org_nodes.c.id, principal))
        return (await session.execute(query)).one_or_none()


@router.get("/Groups/{group_id}", operation_id="scimGetGroup")
async def get_group(group_id: str, request: Request, principal: Integrator, db: DB) -> Response:
    org = await _org(db, principal, group_id)
    if org is None:
        return error(404, f"No organisation {group_id}.")
    [group] = await _groups(db, base_url(request), [org])
    return scim(group, headers={"ETag": f'W/"{org.version}"'})


@router.post("/Groups", operation_id="scimCreateGroup")
async def create_group(_: Integrator) -> Response:
    return error(403, "Creating an organisation through SCIM is refused. " + ORG_COMMANDS)


@router.put("/Groups/{group_id}", operation_id="scimReplaceGroup")
async def replace_group(group_id: str, _: Integrator) -> Response:
    return error(403, "Replacing an organisation through SCIM is refused. " + ORG_COMMANDS)


@router.patch("/Groups/{group_id}", operation_id="scimPatchGroup")
async def patch_group(group_id: str, _: Integrator) -> Response:
    return error(403, "Changing an organisation or its members through SCIM is refused. " + ORG_COMMANDS)


@router.delete("/Groups/{group_id}", operation_id="scimDeleteGroup")
async def delete_group(group_id: str, _: Integrator) -> Response:
    return error(403, "Deleting an organisation through SCIM is refused. " + ORG_COMMANDS)
