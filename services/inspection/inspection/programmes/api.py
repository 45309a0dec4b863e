"""Routes of inspection programmes and items (/api/v1/inspections)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from inspection.common import IfMatch, Inspector, Reader
from inspection.programmes import commands, queries
from inspection.programmes.models import (
    ItemConclude,
    ItemCreate,
    ItemOut,
    ItemStart,
    ProgrammeCreate,
    ProgrammeOut,
)
from inspection.programmes.rules import ItemKind, ItemState
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1/inspections", tags=["inspections"])
Paging = Annotated[PageRequest, Depends(page_params)]


@router.post(
    "/programmes",
    operation_id="createProgramme",
    status_code=status.HTTP_201_CREATED,
    response_model=ProgrammeOut,
    responses=sends("ETag", "Location", status=201),
)
async def create_programme(
    body: ProgrammeCreate, principal: Inspector, db: DB, ctx: Ctx, response: Response
) -> ProgrammeOut:
    programme = await commands.create_programme(db, ctx, principal, body)
    response.headers["Location"] = f"/api/v1/inspections/programmes/{programme.id}"
    set_etag(response, programme.version)
    return ProgrammeOut.model_validate(programme)


@router.get("/programmes", operation_id="listProgrammes", response_model=Page[ProgrammeOut])
async def list_programmes(
    principal: Reader,
    db: DB,
    page: Paging,
    committee_id: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[ProgrammeOut]:
    async with db.read_session() as session:
        return await queries.list_programmes(session, principal, page, committee_id=committee_id, year=year)


@router.get(
    "/programmes/{programme_id}", operation_id="getProgramme", response_model=ProgrammeOut, responses=sends("ETag")
)
async def get_programme(programme_id: str, principal: Reader, db: DB, response: Response) -> ProgrammeOut:
    async with db.read_session() as session:
        programme = await queries.load_programme(session, principal, programme_id)
    set_etag(response, programme.version)
    return ProgrammeOut.model_validate(programme)


@router.post(
    "/programmes/{programme_id}/items",
    operation_id="planInspection",
    status_code=status.HTTP_201_CREATED,
    response_model=ItemOut,
    responses=sends("ETag", "Location", status=201),
)
async def plan_item(
    programme_id: str, body: ItemCreate, principal: Inspector, db: DB, ctx: Ctx, response: Response
) -> ItemOut:
    item = await commands.add_item(db, ctx, principal, programme_id, body)
    response.headers["Location"] = f"/api/v1/inspections/items/{item.id}"
    set_etag(response, item.version)
    return ItemOut.model_validate(item)


@router.get("/items", operation_id="listInspections", response_model=Page[ItemOut])
async def list_items(
    principal: Reader,
    db: DB,
    page: Paging,
    programme_id: str | None = None,
    state: ItemState | None = None,
    kind: ItemKind | None = None,
    target_id: str | None = None,
    under: Annotated[str | None, Query(description="Only targets in this organisation's subtree.")] = None,
) -> Page[ItemOut]:
    async with db.read_session() as session:
        return await queries.list_items(
            session,
            principal,
            page,
            programme_id=programme_id,
            state=state.value if state else None,
            kind=kind.value if kind else None,
            target_id=target_id,
            under=under,
        )


@router.get("/items/{item_id}", operation_id="getInspection", response_model=ItemOut, responses=sends("ETag"))
async def get_item(item_id: str, principal: Reader, db: DB, response: Response) -> ItemOut:
    async with db.read_session() as session:
        item = await queries.load_item(session, principal, item_id)
    set_etag(response, item.version)
    return ItemOut.model_validate(item)


@router.post("/items/{item_id}/start", operation_id="startInspection", response_model=ItemOut, responses=sends("ETag"))
async def start_item(
    item_id: str, body: ItemStart, principal: Inspector, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> ItemOut:
    item = await commands.start_item(db, ctx, principal, item_id, body, version)
    set_etag(response, item.version)
    return ItemOut.model_validate(item)


@router.post(
    "/items/{item_id}/conclude", operation_id="concludeInspection", response_model=ItemOut, responses=sends("ETag")
)
async def conclude_item(
    item_id: str, body: ItemConclude, principal: Inspector, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> ItemOut:
    item = await commands.conclude_item(db, ctx, principal, item_id, body, version)
    set_etag(response, item.version)
    return ItemOut.model_validate(item)
