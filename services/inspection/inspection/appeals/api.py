"""Routes of appeals (/api/v1/appeals)."""

from __future__ import annotations

from fastapi import APIRouter

from inspection.appeals import commands, queries
from inspection.appeals.models import AppealCreate, AppealDecide, AppealFilters, AppealOut
from inspection.common import IfMatch, Inspector, Reader
from shared import routes
from shared.listings import list_route

router = APIRouter(prefix="/api/v1/appeals", tags=["appeals"])


appeals = routes.Resource(router, AppealOut, reader=Reader, writer=Inspector, if_match=IfMatch)
appeals.create("", commands.lodge_appeal, AppealCreate, "lodge_appeal", "lodgeAppeal", "/api/v1/appeals/{id}")


list_route(router, "", queries.list_appeals, AppealFilters, AppealOut, "list_appeals", "listAppeals")


appeals.read("/{appeal_id}", queries.load_appeal, "get_appeal", "getAppeal")
appeals.step("/{appeal_id}/decide", commands.decide_appeal, AppealDecide, "decide_appeal", "decideAppeal")
