"""Routes of appeals (/api/v1/appeals)."""

from __future__ import annotations

from fastapi import APIRouter

from inspection.appeals import commands, queries
from inspection.appeals.models import AppealCreate, AppealDecide, AppealOut
from inspection.appeals.outcomes import AppealState
from inspection.common import IfMatch, Inspector, Reader
from shared import routes
from shared.pagination import Page
from shared.routes import Listed

router = APIRouter(prefix="/api/v1/appeals", tags=["appeals"])


appeals = routes.Resource(router, AppealOut, reader=Reader, writer=Inspector, if_match=IfMatch)
appeals.create("", commands.lodge_appeal, AppealCreate, "lodge_appeal", "lodgeAppeal", "/api/v1/appeals/{id}")


@router.get("", operation_id="listAppeals", response_model=Page[AppealOut])
async def list_appeals(
    listing: Listed,
    discipline_id: str | None = None,
    state: AppealState | None = None,
) -> Page[AppealOut]:
    return await listing.of(queries.list_appeals, discipline_id=discipline_id, state=state)


appeals.read("/{appeal_id}", queries.load_appeal, "get_appeal", "getAppeal")
appeals.step("/{appeal_id}/decide", commands.decide_appeal, AppealDecide, "decide_appeal", "decideAppeal")
