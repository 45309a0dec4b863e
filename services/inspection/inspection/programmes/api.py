"""Routes of inspection programmes and items (/api/v1/inspections)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

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
from shared import routes
from shared.pagination import Page, PageRequest, page_params
from shared.routes import Listed

router = APIRouter(prefix="/api/v1/inspections", tags=["inspections"])
Paging = Annotated[PageRequest, Depends(page_params)]


programmes = routes.Resource(router, ProgrammeOut, reader=Reader, writer=Inspector)
programmes.create(
    "/programmes",
    commands.create_programme,
    ProgrammeCreate,
    "create_programme",
    "createProgramme",
    "/api/v1/inspections/programmes/{id}",
)
items = routes.Resource(router, ItemOut, reader=Reader, writer=Inspector, if_match=IfMatch)


@router.get("/programmes", operation_id="listProgrammes", response_model=Page[ProgrammeOut])
async def list_programmes(
    listing: Listed,
    committee_id: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[ProgrammeOut]:
    return await listing.of(queries.list_programmes, committee_id=committee_id, year=year)


programmes.read("/programmes/{programme_id}", queries.load_programme, "get_programme", "getProgramme")
items.create(
    "/programmes/{programme_id}/items",
    commands.add_item,
    ItemCreate,
    "plan_item",
    "planInspection",
    "/api/v1/inspections/items/{id}",
)


@router.get("/items", operation_id="listInspections", response_model=Page[ItemOut])
async def list_items(
    listing: Listed,
    programme_id: str | None = None,
    state: ItemState | None = None,
    kind: ItemKind | None = None,
    target_id: str | None = None,
    under: Annotated[str | None, Query(description="Only targets in this organisation's subtree.")] = None,
) -> Page[ItemOut]:
    return await listing.of(
        queries.list_items, programme_id=programme_id, state=state, kind=kind, target_id=target_id, under=under
    )


items.read("/items/{item_id}", queries.load_item, "get_item", "getInspection")
items.step("/items/{item_id}/start", commands.start_item, ItemStart, "start_item", "startInspection")
items.step("/items/{item_id}/conclude", commands.conclude_item, ItemConclude, "conclude_item", "concludeInspection")
