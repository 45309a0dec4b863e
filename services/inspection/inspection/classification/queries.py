"""Reads of classifications: batches, entries and the grade distribution of a subtree, inside the caller's scope."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.classification.distribution import percentage
from inspection.classification.grades import GRADE_ORDER, Grade
from inspection.classification.models import Batch, BatchOut, DistributionOut, Entry, EntryOut, ShareOut
from inspection.discipline.targets import TargetKind
from shared import orgtree
from shared.auth import Principal
from shared.errors import NotFound
from shared.pagination import Page, PageRequest, page_of
from shared.schema import org_nodes


async def load_batch(session: AsyncSession, principal: Principal, batch_id: str, *, for_update: bool = False) -> Batch:
    query = select(Batch).where(Batch.id == batch_id, orgtree.in_scope(Batch.org_id.expression, principal))
    if for_update:
        query = query.with_for_update()
    found = (await session.execute(query)).scalar_one_or_none()
    if found is None:
        raise NotFound("classification.not_found", batch_id=batch_id)
    return found


async def batch_out(session: AsyncSession, batch: Batch) -> BatchOut:
    entries = (await session.execute(select(Entry).where(Entry.batch_id == batch.id).order_by(Entry.id))).scalars()
    out = BatchOut.model_validate(batch)
    out.entries = [EntryOut.model_validate(e) for e in entries]
    return out


async def list_batches(
    session: AsyncSession,
    principal: Principal,
    page: PageRequest,
    *,
    org_id: str | None,
    year: int | None,
    status: str | None,
) -> Page[BatchOut]:
    query = select(Batch).where(orgtree.in_scope(Batch.org_id.expression, principal))
    if org_id is not None:
        query = query.where(Batch.org_id == org_id)
    if year is not None:
        query = query.where(Batch.year == year)
    if status is not None:
        query = query.where(Batch.status == status)
    return await page_of(session, query, [Batch.year.expression, Batch.id.expression], page, BatchOut, descending=True)


async def list_entries(
    session: AsyncSession,
    principal: Principal,
    page: PageRequest,
    *,
    year: int | None,
    target_type: str | None,
    grade: str | None,
    target_id: str | None,
    under: str | None,
    include_superseded: bool,
) -> Page[EntryOut]:
    query = select(Entry).where(orgtree.in_scope(Entry.subject_org_id.expression, principal))
    if not include_superseded:
        query = query.where(Entry.current.is_(True))
    if year is not None:
        query = query.where(Entry.year == year)
    if target_type is not None:
        query = query.where(Entry.target_type == target_type)
    if grade is not None:
        query = query.where(Entry.grade == grade)
    if target_id is not None:
        query = query.where(Entry.target_id == target_id)
    if under is not None:
        node = await orgtree.node_in_scope(session, principal, under)
        query = query.where(orgtree.within(Entry.subject_org_id.expression, node.path))
    return await page_of(session, query, [Entry.year.expression, Entry.id.expression], page, EntryOut, descending=True)


async def distribution(
    session: AsyncSession,
    principal: Principal,
    *,
    org_id: str,
    year: int,
    target_type: TargetKind,
    kinds: Sequence[str],
) -> DistributionOut:
    """Counts and shares of each grade among the current entries whose subject lies in ``org_id``'s subtree
    (optionally only organisations of the given kinds), computed in the database."""
    node = await orgtree.node_in_scope(session, principal, org_id)
    query = (
        select(Entry.grade, func.count())
        .join(org_nodes, org_nodes.c.id == Entry.subject_org_id)
        .where(
            Entry.current.is_(True),
            Entry.year == year,
            Entry.target_type == target_type.value,
            org_nodes.c.path.like(node.path + "%"),
        )
        .group_by(Entry.grade)
    )
    if kinds and target_type is TargetKind.ORGANISATION:
        query = query.where(org_nodes.c.kind.in_(list(kinds)))
    counts = {Grade(row[0]): int(row[1]) for row in (await session.execute(query)).all()}
    total = sum(counts.values())
    shares = [
        ShareOut(grade=g, count=counts.get(g, 0), percentage=percentage(counts.get(g, 0), total)) for g in GRADE_ORDER
    ]
    return DistributionOut(org_id=node.id, year=year, target_type=target_type, total=total, shares=shares)
