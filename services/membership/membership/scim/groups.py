"""SCIM ``Groups`` (RFC 7643 §4.2) are organisations, read-only: list with ``displayName eq`` or ``externalId eq``
(the organisation's code) and paging, read one by id. A group's ``members`` are its direct sub-organisations
(type ``Group``) and its own current members (type ``User``), at most ``MAX_GROUP_MEMBERS``. Creating, replacing,
patching or deleting a group answers a SCIM error: the tree changes through the organisation commands, which
check the kinds, dates and history a SCIM client knows nothing about."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from membership import scope
from membership.common import Integrator
from membership.members.models import Member
from membership.scim.api import (
    Listing,
    base_url,
    counted_page,
    error,
    filter_condition,
    listed,
    refuse,
    refused_filter,
    scim,
)
from membership.scim.mapping import ACTIVE, MAX_GROUP_MEMBERS, OrgGroup, to_group
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


def _group_condition(attribute: str, value: str) -> Any:
    """``externalId`` is the organisation's code; ``displayName`` its name."""
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
    listing: Listing,
) -> Response:
    condition = filter_condition(listing.filter, GROUP_FILTERS, _group_condition)
    if condition is None:
        return refused_filter(GROUP_FILTERS)
    query = select(org_nodes).where(condition, scope.in_scope(org_nodes.c.id, principal)).order_by(org_nodes.c.id)
    total, orgs = await counted_page(db, query, listing.start_index, listing.count, scalars=False)
    return listed(OrgGroup, total, listing.start_index, await _groups(db, base_url(request), list(orgs)))


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


for method, operation_id, path, verb in (
    ("POST", "scimCreateGroup", "/Groups", "Creating an organisation"),
    ("PUT", "scimReplaceGroup", "/Groups/{group_id}", "Replacing an organisation"),
    ("PATCH", "scimPatchGroup", "/Groups/{group_id}", "Changing an organisation or its members"),
    ("DELETE", "scimDeleteGroup", "/Groups/{group_id}", "Deleting an organisation"),
):
    refuse(router, method, path, operation_id, f"{verb} through SCIM is refused. " + ORG_COMMANDS)
