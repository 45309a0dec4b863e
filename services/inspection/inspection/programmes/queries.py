"""Reads of programmes and items, always inside the caller's subtree (by the committee or the target)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.programmes.models import Item, ItemFilters, ItemOut, Programme, ProgrammeFilters, ProgrammeOut
from shared import orgtree
from shared.auth import Principal
from shared.filters import equal_to, within_subtree
from shared.listings import same_named
from shared.lookups import Lookup
from shared.pagination import Page, PageRequest, page_of

load_programme = Lookup(Programme, "programme.not_found", "programme_id", scope=("committee_id",))
"""A programme is its committee's: read through the committee's subtree."""
load_item = Lookup(Item, "inspection.not_found", "inspection_id", scope=("committee_id", "org_id"))
"""An item is read by the committee's subtree and by the target's."""


async def list_programmes(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: ProgrammeFilters
) -> Page[ProgrammeOut]:
    query = select(Programme).where(orgtree.in_scope(Programme.committee_id.expression, principal))
    query = equal_to(query, same_named(Programme, filters, "committee_id", "year"))
    return await page_of(
        session, query, [Programme.year.expression, Programme.id.expression], page, ProgrammeOut, descending=True
    )


async def list_items(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: ItemFilters
) -> Page[ItemOut]:
    query = select(Item).where(
        or_(
            orgtree.in_scope(Item.committee_id.expression, principal),
            orgtree.in_scope(Item.org_id.expression, principal),
        )
    )
    query = equal_to(query, same_named(Item, filters, "programme_id", "state", "kind", "target_id"))
    query = await within_subtree(session, principal, query, Item.org_id.expression, filters.under)
    return await page_of(session, query, [Item.id.expression], page, ItemOut)
