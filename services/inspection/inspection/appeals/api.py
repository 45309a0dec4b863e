"""Routes of appeals (/api/v1/appeals)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from inspection.appeals import commands, queries
from inspection.appeals.models import AppealCreate, AppealDecide, AppealOut
from inspection.appeals.outcomes import AppealState
from inspection.common import IfMatch, Inspector, Reader
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1/appeals", tags=["appeals"])


@router.post(
    "",
    operation_id="lodgeAppeal",
    status_code=status.HTTP_201_CREATED,
    response_model=AppealOut,
    responses=sends("ETag", "Location", status=201),
)
async def lodge_appeal(body: AppealCreate, principal: Inspector, db: DB, ctx: Ctx, response: Response) -> AppealOut:
    appeal = await commands.lodge_appeal(db, ctx, principal, body)
    response.headers["Location"] = f"/api/v1/appeals/{appeal.id}"
    set_etag(response, appeal.version)
    return AppealOut.model_validate(appeal)


@router.get("", operation_id="listAppeals", response_model=Page[AppealOut])
async def list_appeals(
    principal: Reader,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    discipline_id: str | None = None,
    state: AppealState | None = None,
) -> Page[AppealOut]:
    async with db.read_session() as session:
        return await queries.list_appeals(
            session, principal, page, discipline_id=discipline_id, state=state.value if state else None
        )


@router.get("/{appeal_id}", operation_id="getAppeal", response_model=AppealOut, responses=sends("ETag"))
async def get_appeal(appeal_id: str, principal: Reader, db: DB, response: Response) -> AppealOut:
    async with db.read_session() as session:
        appeal = await queries.load_appeal(session, principal, appeal_id)
    set_etag(response, appeal.version)
    return AppealOut.model_validate(appeal)


@router.post("/{appeal_id}/decide", operation_id="decideAppeal", response_model=AppealOut, responses=sends("ETag"))
async def decide_appeal(
    appeal_id: str, body: AppealDecide, principal: Inspector, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> AppealOut:
    appeal = await commands.decide_appeal(db, ctx, principal, appeal_id, body, version)
    set_etag(response, appeal.version)
    return AppealOut.model_validate(appeal)
