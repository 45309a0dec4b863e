"""Routes of party dues: a member's month collected, a level's month remitted, arrears, payments and months."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from membership.common import Reader, Secretary
from membership.dues import commands, queries, upload
from membership.dues.models import ArrearsOut, DuesMonthOut, PaymentIn, PaymentOut, RemittanceIn
from membership.imports import uploads
from membership.imports.readers import ImportFormat, read_rows
from membership.settings import Settings
from shared.deps import DB, Ctx
from shared.i18n import negotiate_language
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1/dues", tags=["dues"])
Paging = Annotated[PageRequest, Depends(page_params)]


@router.post(
    "/payments", operation_id="recordDuesPayment", status_code=status.HTTP_201_CREATED, response_model=PaymentOut
)
async def record_payment(body: PaymentIn, principal: Secretary, db: DB, ctx: Ctx) -> PaymentOut:
    """A member's dues for a month with its receipt (or excused with a reason); publishes ``dues.collected``."""
    return PaymentOut.model_validate(await commands.record_payment(db, ctx, principal, body))


@router.post("/payments/list", operation_id="recordDuesList", response_model=upload.ListOut, openapi_extra=uploads.BODY)
async def record_list(
    request: Request,
    principal: Secretary,
    db: DB,
    ctx: Ctx,
    month: Annotated[str, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="The month the list is for.")],
    format: Annotated[ImportFormat | None, Query(description="Defaults from the Content-Type.")] = None,
) -> upload.ListOut:
    """A monthly list (CSV, XLSX, JSON): every good row recorded as one payment; each bad row refused with its
    row, column and rule, and nothing of it recorded."""
    settings: Settings = request.app.state.settings
    fmt = uploads.file_format(request, format)
    path = await uploads.spool(request, settings)
    try:
        rows = await asyncio.to_thread(lambda: list(read_rows(path, fmt, uploads.limits(settings))))
    finally:
        uploads.discard(path)
    language = negotiate_language(request.headers.get("accept-language"))
    return await upload.record_list(db, ctx, principal, month, rows, language)


@router.post(
    "/remittances",
    operation_id="recordDuesRemittance",
    status_code=status.HTTP_201_CREATED,
    response_model=DuesMonthOut,
)
async def remit(body: RemittanceIn, principal: Secretary, db: DB, ctx: Ctx) -> DuesMonthOut:
    """A level's month: received, retained, remitted up; a branch's closes its month; ``dues.remitted``."""
    return DuesMonthOut.model_validate(await commands.remit(db, ctx, principal, body))


@router.get("/months", operation_id="listDuesMonths", response_model=Page[DuesMonthOut])
async def list_months(principal: Reader, db: DB, page: Paging, under: str) -> Page[DuesMonthOut]:
    async with db.read_session() as session:
        return await queries.months(session, principal, under, page)


@router.get("/members/{member_id}/payments", operation_id="listDuesPayments", response_model=Page[PaymentOut])
async def list_payments(member_id: str, principal: Reader, db: DB, page: Paging) -> Page[PaymentOut]:
    async with db.read_session() as session:
        return await queries.payments(session, principal, member_id, page)


@router.get("/members/{member_id}/arrears", operation_id="getDuesArrears", response_model=ArrearsOut)
async def get_arrears(
    member_id: str, principal: Reader, db: DB, year: Annotated[int, Query(ge=2011, le=2100)]
) -> ArrearsOut:
    async with db.read_session() as session:
        return await queries.arrears(session, principal, member_id, year)
