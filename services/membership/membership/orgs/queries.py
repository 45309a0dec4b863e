"""Reads of the organisation tree, always inside the caller's subtree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from membership.orgs.models import OrgOut
from membership.orgs.unit_types import UNIT_TYPES
from shared import orgtree
from shared.auth import Principal
from shared.errors import NotFound
from shared.filters import equal_to
from shared.pagination import Page, PageRequest, page_of
from shared.schema import org_nodes

ORGS = org_nodes.outerjoin(UNIT_TYPES, UNIT_TYPES.c.org_id == org_nodes.c.id)
"""The tree with each grassroots organisation's unit type."""


def _orgs() -> Select[Any]:
    return select(org_nodes, UNIT_TYPES.c.unit_type).select_from(ORGS)


def org_out(row: object) -> OrgOut:
    return OrgOut.model_validate(row._mapping, from_attributes=False)  # type: ignore[attr-defined]


async def load_org(session: AsyncSession, org_id: str, *, for_update: bool = False) -> OrgOut:
    query = _orgs().where(org_nodes.c.id == org_id)
    if for_update:
        query = query.with_for_update(of=org_nodes)
    row = (await session.execute(query)).first()
    if row is None:
        raise NotFound("org.not_found", org_id=org_id)
    return org_out(row)


async def get_org(session: AsyncSession, principal: Principal, org_id: str) -> OrgOut:
    await orgtree.node_in_scope(session, principal, org_id)
    return await load_org(session, org_id)


async def list_orgs(
    session: AsyncSession,
    principal: Principal,
    page: PageRequest,
    *,
    parent_id: str | None,
    kind: str | None,
    status: str | None,
    under: str | None,
) -> Page[OrgOut]:
    query = _orgs().where(orgtree.in_scope(org_nodes.c.id, principal))
    query = equal_to(query, {org_nodes.c.parent_id: parent_id, org_nodes.c.kind: kind, org_nodes.c.status: status})
    if under is not None:
        node = await orgtree.node_in_scope(session, principal, under)
        query = query.where(org_nodes.c.path.like(node.path + "%"))
    return await page_of(
        session, query, [org_nodes.c.path, org_nodes.c.id], page, OrgOut, shape=org_out, entities=False
    )
