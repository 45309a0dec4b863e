"""Routes of the organisation tree: parse, authorise, call a command or query, shape the response."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from membership.imports import uploads
from membership.imports.readers import BadFile, ImportFormat, Limits, Row, read_rows
from membership.orgs import bulk, commands, queries
from membership.orgs.models import OrgCreate, OrgDissolve, OrgImportOut, OrgMerge, OrgMove, OrgOut, OrgRename
from membership.orgs.rules import OrgKind
from membership.settings import Settings
from shared.auth import Principal, Role, require
from shared.calendar import today_in_vietnam
from shared.deps import DB, Ctx
from shared.etag import if_match_version, set_etag
from shared.i18n import negotiate_language
from shared.openapi import sends
from shared.pagination import Page
from shared.routes import Listed

router = APIRouter(prefix="/api/v1/orgs", tags=["organisations"])
Reader = Annotated[Principal, require()]
Organiser = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER)]
IfMatch = Annotated[int | None, Depends(if_match_version)]


@router.post(
    "",
    operation_id="createOrg",
    status_code=status.HTTP_201_CREATED,
    response_model=OrgOut,
    responses=sends("ETag", "Location", status=201),
)
async def create_org(body: OrgCreate, principal: Organiser, db: DB, ctx: Ctx, response: Response) -> OrgOut:
    org = await commands.create_org(db, ctx, principal, body)
    response.headers["Location"] = f"/api/v1/orgs/{org.id}"
    set_etag(response, org.version)
    return org


def _read_all(path: Path, fmt: ImportFormat, limits: Limits) -> list[Row]:
    rows = list(read_rows(path, fmt, limits))
    missing = sorted(bulk.REQUIRED_COLUMNS - rows[0].keys()) if rows and fmt is not ImportFormat.JSON else []
    if missing:
        raise BadFile("import.missing_columns", columns=missing)
    return rows


@router.post("/import", operation_id="importOrgs", response_model=OrgImportOut, openapi_extra=uploads.BODY)
async def import_orgs(
    request: Request,
    principal: Organiser,
    db: DB,
    ctx: Ctx,
    dry_run: bool = False,
    format: Annotated[ImportFormat | None, Query(description="Defaults from the Content-Type.")] = None,
) -> OrgImportOut:
    """A tree in one request (code, parent_code, kind, name, established_on, dissolved_on), parents in any order,
    idempotent by code, inside the caller's subtree; each refused row with its row, column and rule."""
    settings: Settings = request.app.state.settings
    fmt = uploads.file_format(request, format)
    path = await uploads.spool(request, settings)
    try:
        rows = await asyncio.to_thread(_read_all, path, fmt, uploads.limits(settings, settings.org_import_max_rows))
    finally:
        uploads.discard(path)
    language = negotiate_language(request.headers.get("accept-language"))
    run = await bulk.import_orgs(db, ctx, principal, rows, dry_run=dry_run, language=language, today=today_in_vietnam())
    return OrgImportOut(
        dry_run=dry_run,
        rows_total=len(rows),
        rows_created=run.created,
        rows_unchanged=run.unchanged,
        rows_rejected=run.rejected,
        report=run.report,
    )


@router.get("", operation_id="listOrgs", response_model=Page[OrgOut])
async def list_orgs(
    listing: Listed,
    parent_id: str | None = None,
    kind: OrgKind | None = None,
    status_: Annotated[str | None, Query(alias="status", pattern="^(active|merged|dissolved)$")] = None,
    under: Annotated[str | None, Query(description="Only this organisation's subtree.")] = None,
) -> Page[OrgOut]:
    return await listing.of(
        queries.list_orgs,
        parent_id=parent_id,
        kind=kind.value if kind else None,
        status=status_,
        under=under,
    )


@router.get("/{org_id}", operation_id="getOrg", response_model=OrgOut, responses=sends("ETag"))
async def get_org(org_id: str, principal: Reader, db: DB, response: Response) -> OrgOut:
    async with db.read_session() as session:
        org = await queries.get_org(session, principal, org_id)
    set_etag(response, org.version)
    return org


@router.post("/{org_id}/rename", operation_id="renameOrg", response_model=OrgOut, responses=sends("ETag"))
async def rename_org(
    org_id: str, body: OrgRename, principal: Organiser, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> OrgOut:
    org = await commands.rename_org(db, ctx, principal, org_id, body, version)
    set_etag(response, org.version)
    return org


@router.post("/{org_id}/move", operation_id="moveOrg", response_model=OrgOut, responses=sends("ETag"))
async def move_org(
    org_id: str, body: OrgMove, principal: Organiser, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> OrgOut:
    org = await commands.move_org(db, ctx, principal, org_id, body, version)
    set_etag(response, org.version)
    return org


@router.post("/{org_id}/merge", operation_id="mergeOrg", response_model=OrgOut, responses=sends("ETag"))
async def merge_org(
    org_id: str, body: OrgMerge, principal: Organiser, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> OrgOut:
    org = await commands.merge_org(db, ctx, principal, org_id, body, version)
    set_etag(response, org.version)
    return org


@router.post("/{org_id}/dissolve", operation_id="dissolveOrg", response_model=OrgOut, responses=sends("ETag"))
async def dissolve_org(
    org_id: str, body: OrgDissolve, principal: Organiser, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> OrgOut:
    org = await commands.dissolve_org(db, ctx, principal, org_id, body, version)
    set_etag(response, org.version)
    return org
