"""Reads of targets with progress: ceremonies recorded in the target organisation's subtree in that year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from membership import scope
from membership.members.models import MemberChange
from membership.targets.models import AdmissionTarget, TargetOut
from shared import orgtree
from shared.auth import Principal
from shared.errors import NotFound
from shared.pagination import Page, PageRequest, fetch_page
from shared.schema import org_nodes


async def admitted_in(session: AsyncSession, org_path: str, year: int) -> int:
    """Admissions in the subtree (placed by the branch the member was admitted into) during ``year``."""
    c = MemberChange
    return int(
        (
            await session.execute(
                select(func.count())
                .select_from(c)
                .where(
                    c.change == "admitted",
                    c.effective_date.between(date(year, 1, 1), date(year, 12, 31)),
                    scope.within(c.snapshot["org_id"].astext, org_path),
                )
            )
        ).scalar_one()
    )


async def target_out(session: AsyncSession, target: AdmissionTarget, path: str) -> TargetOut:
    admitted = await admitted_in(session, path, target.year)
    return TargetOut(
        org_id=target.org_id,
        year=target.year,
        target=target.target,
        admitted=admitted,
        progress=round(admitted / target.target, 4) if target.target else 0.0,
        version=target.version,
    )


async def get_target(session: AsyncSession, principal: Principal, org_id: str, year: int) -> TargetOut:
    node = await orgtree.node_in_scope(session, principal, org_id)
    target = await session.get(AdmissionTarget, (org_id, year))
    if target is None:
        raise NotFound("resource.not_found", resource="target", id=f"{org_id}/{year}")
    return await target_out(session, target, node.path)


async def list_targets(
    session: AsyncSession, principal: Principal, page: PageRequest, under: str | None, year: int | None
) -> Page[TargetOut]:
    """The subtree's targets in tree order, a keyset page at a time, each with its progress."""
    n = org_nodes
    query = (  # the year again as its own column: the cursor is (path, year)
        select(AdmissionTarget, n.c.path, AdmissionTarget.year)
        .join(n, n.c.id == AdmissionTarget.org_id)
        .where(scope.in_scope(AdmissionTarget.org_id, principal))
    )
    if under:
        node = await orgtree.node_in_scope(session, principal, under)
        query = query.where(n.c.path.like(node.path + "%"))
    if year:
        query = query.where(AdmissionTarget.year == year)
    sort = [n.c.path, AdmissionTarget.year.expression]
    rows, cursor = await fetch_page(session, query, sort, page, entities=False)
    return Page[TargetOut](items=[await target_out(session, t, path) for t, path, _ in rows], next_cursor=cursor)
