"""The organisations a caller may act on: branches inside its subtree."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.common import BRANCH_KINDS
from shared import orgtree
from shared.auth import Principal
from shared.errors import RuleViolation
from shared.schema import org_nodes


async def branch_in_scope(
    session: AsyncSession, principal: Principal, org_id: str, *, field: str = "org_id", active: bool = True
) -> orgtree.OrgNode:
    """A branch of the caller's subtree (404 outside it); refused when it is not a branch or not active."""
    node = await orgtree.node_in_scope(session, principal, org_id)
    if node.kind not in BRANCH_KINDS:
        raise RuleViolation("meeting.org_not_branch", field=field, org_id=org_id, kind=node.kind)
    if active and node.status != "active":
        raise RuleViolation("meeting.branch_not_active", field=field, org_id=org_id, status=node.status)
    return node


async def active_branches_under(session: AsyncSession, node: orgtree.OrgNode) -> list[orgtree.OrgNode]:
    """Every active branch in ``node``'s subtree (itself included when it is one), in tree order."""
    n = org_nodes.c
    rows = (
        await session.execute(
            select(org_nodes)
            .where(n.path.like(node.path + "%"), n.kind.in_(BRANCH_KINDS), n.status == "active")
            .order_by(n.path)
        )
    ).all()
    return [orgtree.OrgNode(r.id, r.parent_id, r.kind, r.name, r.path, r.status) for r in rows]
