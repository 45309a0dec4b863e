"""Routes of the member record: read and replace it (ETag/If-Match), its yearly supplements, the party card's
events, and scanned documents (upload as the raw body with its Content-Type; download).

The record is kept by the organising committee (``Organiser``); a secretary reads it masked, so may not replace it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import FileResponse

from membership.common import IfMatchRequired, Organiser, Reader
from membership.members.queries import get_member
from membership.records import attachments, commands, queries
from membership.records.models import (
    AttachmentOut,
    CardEventIn,
    CardEventOut,
    RecordBody,
    RecordOut,
    SupplementIn,
    SupplementOut,
)
from membership.records.s3store import make_store
from membership.records.store import DiskStore
from membership.settings import Settings
from shared.auth import SENSITIVE_READERS, Principal, require
from shared.deps import DB, Ctx
from shared.errors import NotFound
from shared.etag import set_etag
from shared.openapi import sends

router = APIRouter(prefix="/api/v1/members/{member_id}/record", tags=["records"])
SensitiveReader = Annotated[Principal, require(*SENSITIVE_READERS)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _store(request: Request) -> DiskStore:
    """The scans' store, made once per app: the bucket when one is configured, else the directory."""
    store: DiskStore | None = getattr(request.app.state, "scan_store", None)
    if store is None:
        settings = _settings(request)
        store = request.app.state.scan_store = make_store(settings)
    return store


@router.get("", operation_id="getMemberRecord", response_model=RecordOut, responses=sends("ETag"))
async def get_record(member_id: str, principal: Reader, db: DB, response: Response) -> RecordOut:
    """The record (ETag ``"0"`` before anything was recorded); masked sections are named in ``masked``."""
    async with db.read_session() as session:
        out = await queries.get_record(session, principal, member_id)
    set_etag(response, out.version)
    return out


@router.put("", operation_id="putMemberRecord", response_model=RecordOut, responses=sends("ETag"))
async def put_record(
    member_id: str,
    body: RecordBody,
    principal: Organiser,
    db: DB,
    ctx: Ctx,
    response: Response,
    version: IfMatchRequired,
) -> RecordOut:
    """Replace every section (428 without ``If-Match``, 412 on another version); ``member.record_updated``."""
    await commands.put_record(db, ctx, principal, member_id, body, version)
    return await get_record(member_id, principal, db, response)


@router.post(
    "/supplements",
    operation_id="addRecordSupplement",
    status_code=status.HTTP_201_CREATED,
    response_model=SupplementOut,
)
async def add_supplement(member_id: str, body: SupplementIn, principal: Organiser, db: DB, ctx: Ctx) -> SupplementOut:
    return SupplementOut.model_validate(await commands.add_supplement(db, ctx, principal, member_id, body))


@router.get("/supplements", operation_id="listRecordSupplements", response_model=list[SupplementOut])
async def list_supplements(member_id: str, principal: Reader, db: DB) -> list[SupplementOut]:
    async with db.read_session() as session:
        return await queries.supplements(session, principal, member_id)


@router.post(
    "/card-events", operation_id="addCardEvent", status_code=status.HTTP_201_CREATED, response_model=CardEventOut
)
async def add_card_event(member_id: str, body: CardEventIn, principal: Organiser, db: DB, ctx: Ctx) -> CardEventOut:
    """Issue, loss or reissue of the party card, in that order."""
    return CardEventOut.model_validate(await commands.add_card_event(db, ctx, principal, member_id, body))


@router.post(
    "/attachments",
    operation_id="uploadRecordAttachment",
    status_code=status.HTTP_201_CREATED,
    response_model=AttachmentOut,
    # The scan is the raw body (streamed to disk, never parsed): declared so clients and contract tests know it.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in attachments.SIGNATURES},
        }
    },
)
async def upload_attachment(
    member_id: str,
    request: Request,
    principal: Organiser,
    db: DB,
    ctx: Ctx,
    response: Response,
    title: Annotated[str | None, Query(max_length=200, description="What the scan is.")] = None,
) -> AttachmentOut:
    """The body is the file (PDF, JPEG or PNG, by ``Content-Type``); 413 past the limit, 415 another type.
    The same file again answers 200 with the listed attachment."""
    settings = _settings(request)
    attachment, new = await attachments.upload(
        db,
        ctx,
        principal,
        member_id,
        content_type=request.headers.get("content-type"),
        title=title,
        chunks=request.stream(),
        store=_store(request),
        max_bytes=settings.record_attachment_max_bytes,
    )
    if not new:
        response.status_code = status.HTTP_200_OK
    return attachment


@router.get("/attachments/{attachment_id}", operation_id="downloadRecordAttachment", response_class=FileResponse)
async def download_attachment(
    member_id: str, attachment_id: int, principal: SensitiveReader, db: DB, request: Request
) -> Response:
    """The scan itself: only for the roles that read sensitive fields (it shows everything the record masks)."""
    async with db.read_session() as session:
        await get_member(session, principal, member_id)
    attachment = await attachments.find(db, member_id, attachment_id)
    found = None
    if attachment is not None:
        headers = {"ETag": f'"{attachment.sha256}"'}
        found = await _store(request).response(attachment.sha256, attachment.content_type, headers)
    if found is None:  # unknown, or a store restored without the file
        raise NotFound("resource.not_found", resource="attachment", id=str(attachment_id))
    return found
