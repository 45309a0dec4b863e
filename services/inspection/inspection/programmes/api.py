"""Routes of inspection programmes and items (/api/v1/inspections)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from inspection.common import IfMatch, Inspector, Reader
from inspection.programmes import commands, queries
from inspection.programmes.models import (
    ItemConclude,
    ItemCreate,
    ItemFilters,
    ItemOut,
    ItemStart,
    ProgrammeCreate,
    ProgrammeFilters,
    ProgrammeOut,
)
from shared import routes
from shared.listings import list_route
from shared.pagination import PageRequest, page_params

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


list_route(
    router, "/programmes", queries.list_programmes, ProgrammeFilters, ProgrammeOut, "list_programmes", "listProgrammes"
)


programmes.read("/programmes/{programme_id}", queries.load_programme, "get_programme", "getProgramme")
items.create(
    "/programmes/{programme_id}/items",
    commands.add_item,
    ItemCreate,
    "plan_item",
    "planInspection",
    "/api/v1/inspections/items/{id}",
)


list_route(router, "/items", queries.list_items, ItemFilters, ItemOut, "list_items", "listInspections")


items.read("/items/{item_id}", queries.load_item, "get_item", "getInspection")
items.step("/items/{item_id}/start", commands.start_item, ItemStart, "start_item", "startInspection")
items.step("/items/{item_id}/conclude", commands.conclude_item, ItemConclude, "conclude_item", "concludeInspection")
