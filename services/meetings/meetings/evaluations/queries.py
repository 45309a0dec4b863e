"""Reads of rubrics and evaluation forms, and the rubric in force for a branch on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from meetings.evaluations.models import (
    BandIn,
    CriterionIn,
    EvaluationOut,
    EvaluationRow,
    RubricFilters,
    RubricOut,
    RubricRow,
)
from meetings.evaluations.policies import DEFAULT_RUBRIC
from meetings.evaluations.rules import Criterion, Grade, GradeBand, Rubric
from meetings.schedules.queries import meeting_in_scope
from shared import orgtree
from shared.auth import Principal
from shared.errors import NotFound
from shared.filters import all_in_scope, equal_to
from shared.listings import same_named
from shared.lookups import Lookup
from shared.pagination import Page, PageRequest, page_of

DEFAULT_ID = "default"


def rubric_of(row: RubricRow | RubricOut) -> Rubric:
    criteria = [CriterionIn.model_validate(c) for c in row.criteria]
    bands = [BandIn.model_validate(b) for b in row.bands]
    return Rubric(
        tuple(Criterion(c.code, c.weight) for c in criteria),
        tuple(GradeBand(Grade(b.grade), b.min_score, b.max_score) for b in bands),
    )


def default_rubric_out(on: date) -> RubricOut:
    version = DEFAULT_RUBRIC.version_at(on)
    rubric = version.value
    return RubricOut(
        id=DEFAULT_ID,
        org_id=None,
        effective_from=version.effective_from,
        criteria=[CriterionIn(code=c.code, weight=c.weight) for c in rubric.criteria],
        bands=[BandIn(grade=b.grade, min_score=b.min_score, max_score=b.max_score) for b in rubric.bands],
        version=1,
    )


rubric_in_scope = Lookup(RubricRow, "rubric.not_found", "rubric_id", field="rubric_id")


async def list_rubrics(
    session: AsyncSession, principal: Principal, page: PageRequest, filters: RubricFilters
) -> Page[RubricOut]:
    query = equal_to(all_in_scope(RubricRow, principal), same_named(RubricRow, filters, "org_id"))
    r = RubricRow
    sort: list[ColumnElement[Any]] = [r.org_id.expression, r.effective_from.expression, r.id.expression]
    return await page_of(session, query, sort, page, RubricOut)


async def rubric_in_force(session: AsyncSession, node: orgtree.OrgNode, on: date) -> RubricOut:
    """The rubric of the organisation's province (the nearest ancestor that set one) in force on ``on``; the
    built-in default where none did. A rubric set above a branch is readable by it even outside its scope."""
    lineage = orgtree.ids_in_path(node.path)
    rows = (
        (await session.execute(select(RubricRow).where(RubricRow.org_id.in_(lineage), RubricRow.effective_from <= on)))
        .scalars()
        .all()
    )
    if not rows:
        return default_rubric_out(on)
    depth = {org_id: index for index, org_id in enumerate(lineage)}
    best = max(rows, key=lambda r: (depth[r.org_id], r.effective_from))
    return RubricOut.model_validate(best)


async def evaluation_of(session: AsyncSession, principal: Principal, meeting_id: str) -> EvaluationOut:
    await meeting_in_scope(session, principal, meeting_id)
    row = (
        await session.execute(select(EvaluationRow).where(EvaluationRow.meeting_id == meeting_id))
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("evaluation.not_found", meeting_id=meeting_id)
    return EvaluationOut.model_validate(row)
