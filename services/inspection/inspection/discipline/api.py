"""Routes of discipline decisions (/api/v1/disciplines)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from inspection.common import Inspector, Reader
from inspection.discipline import commands, queries
from inspection.discipline.measures import Measure
from inspection.discipline.models import DisciplineCreate, DisciplineOut
from inspection.discipline.targets import TargetKind
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1/disciplines", tags=["disciplines"])


@router.post(
    "",
    operation_id="imposeDiscipline",
    status_code=status.HTTP_201_CREATED,
    response_model=DisciplineOut,
    responses=sends("ETag", "Location", status=201),
)
async def impose_discipline(
    body: DisciplineCreate, principal: Inspector, db: DB, ctx: Ctx, response: Response
) -> DisciplineOut:
    discipline = await commands.impose_discipline(db, ctx, principal, body)
    response.headers["Location"] = f"/api/v1/disciplines/{discipline.id}"
    set_etag(response, discipline.version)
    return DisciplineOut.model_validate(discipline)


@router.get("", operation_id="listDisciplines", response_model=Page[DisciplineOut])
async def list_disciplines(
    principal: Reader,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    member_id: str | None = None,
    target_type: TargetKind | None = None,
    measure: Measure | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="Decision year.")] = None,
    under: Annotated[str | None, Query(description="Only targets in this organisation's subtree.")] = None,
) -> Page[DisciplineOut]:
    async with db.read_session() as session:
        return await queries.list_disciplines(
            session,
            principal,
            page,
            member_id=member_id,
            target_type=target_type.value if target_type else None,
            measure=measure.value if measure else None,
            year=year,
            under=under,
        )


@router.get("/{discipline_id}", operation_id="getDiscipline", response_model=DisciplineOut, responses=sends("ETag"))
async def get_discipline(discipline_id: str, principal: Reader, db: DB, response: Response) -> DisciplineOut:
    async with db.read_session() as session:
        discipline = await queries.load_discipline(session, principal, discipline_id)
    set_etag(response, discipline.version)
    return DisciplineOut.model_validate(discipline)
