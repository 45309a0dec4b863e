"""Routes of discipline decisions (/api/v1/disciplines)."""

from __future__ import annotations

from fastapi import APIRouter

from inspection.common import Inspector, Reader
from inspection.discipline import commands, queries
from inspection.discipline.models import DisciplineCreate, DisciplineFilters, DisciplineOut
from shared import routes
from shared.listings import list_route

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


list_route(
    router, "", queries.list_disciplines, DisciplineFilters, DisciplineOut, "list_disciplines", "listDisciplines"
)


disciplines.read("/{discipline_id}", queries.load_discipline, "get_discipline", "getDiscipline")
