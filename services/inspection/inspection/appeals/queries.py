"""Reads of appeals, inside the caller's subtree (by the disciplined target's organisation)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.appeals.models import AppealFilters, AppealOut, AppealRecord
from shared.auth import Principal
from shared.filters import all_in_scope, equal_to
from shared.listings import same_named
from shared.lookups import Lookup
from shared.pagination import Page, PageRequest, page_of

load_appeal = Lookup(AppealRecord, "appeal.not_found", "appeal_id")


async def list_appeals(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: AppealFilters
) -> Page[AppealOut]:
    query = equal_to(all_in_scope(AppealRecord, principal), same_named(AppealRecord, filters, "discipline_id", "state"))
    sort: list[ColumnElement[Any]] = [AppealRecord.lodged_on.expression, AppealRecord.id.expression]
    return await page_of(session, query, sort, page, AppealOut, descending=True)
