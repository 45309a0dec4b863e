"""Reads of classifications: batches, entries and the grade distribution of a subtree, inside the caller's scope."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.classification.distribution import percentage
from inspection.classification.grades import GRADE_ORDER, Grade
from inspection.classification.models import (
    Batch,
    BatchFilters,
    BatchOut,
    DistributionOut,
    Entry,
    EntryFilters,
    EntryOut,
    ShareOut,
)
from inspection.discipline.targets import TargetKind
from shared import orgtree
from shared.auth import Principal
from shared.filters import all_in_scope, equal_to, within_subtree
from shared.listings import same_named
from shared.lookups import Lookup
from shared.pagination import Page, PageRequest, page_of
from shared.schema import org_node_history

load_batch = Lookup(Batch, "classification.not_found", "batch_id")


async def batch_out(session: AsyncSession, batch: Batch) -> BatchOut:
    entries = (await session.execute(select(Entry).where(Entry.batch_id == batch.id).order_by(Entry.id))).scalars()
    out = BatchOut.model_validate(batch)
    out.entries = [EntryOut.model_validate(e) for e in entries]
    return out


async def list_batches(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: BatchFilters
) -> Page[BatchOut]:
    query = equal_to(all_in_scope(Batch, principal), same_named(Batch, filters, "org_id", "year", "status"))
    return await page_of(session, query, [Batch.year.expression, Batch.id.expression], page, BatchOut, descending=True)


async def list_entries(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: EntryFilters
) -> Page[EntryOut]:
    query = select(Entry).where(orgtree.in_scope(Entry.subject_org_id.expression, principal))
    if not filters.include_superseded:
        query = query.where(Entry.current.is_(True))
    query = equal_to(query, same_named(Entry, filters, "year", "target_type", "grade", "target_id"))
    query = await within_subtree(session, principal, query, Entry.subject_org_id.expression, filters.under)
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
    """Counts and shares of each grade among the current entries whose subject lay in ``org_id``'s subtree *as
    the tree stood in that year* (optionally only organisations of the given kinds), computed in the database.

    Results belong to the tree of their year: a district dissolved on 1 Jul 2025 keeps its 2023 results, and
    the communes then placed under the province count under the province from 2025's last day on. The day
    read is the year's last, or the organisation's last day in that year if it closed during it.
    """
    node = await orgtree.node_in_scope(session, principal, org_id)
    placed = await orgtree.placement_within(session, node.id, date(year, 1, 1), date(year, 12, 31))
    counts: dict[Grade, int] = {}
    if placed is not None:
        counts = await _grade_counts(session, placed, year, target_type, kinds)
    total = sum(counts.values())
    shares = [
        ShareOut(grade=g, count=counts.get(g, 0), percentage=percentage(counts.get(g, 0), total)) for g in GRADE_ORDER
    ]
    return DistributionOut(org_id=node.id, year=year, target_type=target_type, total=total, shares=shares)


async def _grade_counts(
    session: AsyncSession, placed: orgtree.Placement, year: int, target_type: TargetKind, kinds: Sequence[str]
) -> dict[Grade, int]:
    h = org_node_history.c
    query = (
        select(Entry.grade, func.count())
        .join(org_node_history, and_(h.org_id == Entry.subject_org_id, orgtree.under_placement(placed)))
        .where(Entry.current.is_(True), Entry.year == year, Entry.target_type == target_type.value)
        .group_by(Entry.grade)
    )
    if kinds and target_type is TargetKind.ORGANISATION:
        query = query.where(h.kind.in_(list(kinds)))
    return {Grade(row[0]): int(row[1]) for row in (await session.execute(query)).all()}
