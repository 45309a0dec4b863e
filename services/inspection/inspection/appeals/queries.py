"""Reads of appeals, inside the caller's subtree (by the disciplined target's organisation)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from inspection.appeals.models import AppealOut, AppealRecord
from shared.auth import Principal
from shared.errors import NotFound
from shared.filters import all_in_scope, by_id_in_scope, equal_to, one_or_404
from shared.pagination import Page, PageRequest, page_of


async def load_appeal(
    session: AsyncSession, principal: Principal, appeal_id: str, *, for_update: bool = False
) -> AppealRecord:
    query = by_id_in_scope(AppealRecord, appeal_id, principal)
    return await one_or_404(session, query, NotFound("appeal.not_found", appeal_id=appeal_id), for_update=for_update)


async def list_appeals(
    session: AsyncSession, principal: Principal, page: PageRequest, *, discipline_id: str | None, state: str | None
) -> Page[AppealOut]:
    query = equal_to(
        all_in_scope(AppealRecord, principal), {AppealRecord.discipline_id: discipline_id, AppealRecord.state: state}
    )
    sort: list[ColumnElement[Any]] = [AppealRecord.lodged_on.expression, AppealRecord.id.expression]
    return await page_of(session, query, sort, page, AppealOut, descending=True)
