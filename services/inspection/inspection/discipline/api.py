"""Routes of discipline decisions (/api/v1/disciplines)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from inspection.common import Inspector, Reader
from inspection.discipline import commands, queries
from inspection.discipline.measures import Measure
from inspection.discipline.models import DisciplineCreate, DisciplineOut
from inspection.discipline.targets import TargetKind
from shared import routes
from shared.pagination import Page
from shared.routes import Listed

router = APIRouter(prefix="/api/v1/disciplines", tags=["disciplines"])


disciplines = routes.Resource(router, DisciplineOut, reader=Reader, writer=Inspector)
disciplines.create(
    "",
    commands.impose_discipline,
    DisciplineCreate,
    "impose_discipline",
    "imposeDiscipline",
    "/api/v1/disciplines/{id}",
)


@router.get("", operation_id="listDisciplines", response_model=Page[DisciplineOut])
async def list_disciplines(
    listing: Listed,
    member_id: str | None = None,
    target_type: TargetKind | None = None,
    measure: Measure | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="Decision year.")] = None,
    under: Annotated[str | None, Query(description="Only targets in this organisation's subtree.")] = None,
) -> Page[DisciplineOut]:
    return await listing.of(
        queries.list_disciplines, member_id=member_id, target_type=target_type, measure=measure, year=year, under=under
    )


disciplines.read("/{discipline_id}", queries.load_discipline, "get_discipline", "getDiscipline")
