"""Routes of the organisation tree: parse, authorise, call a command or query, shape the response."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request

from membership.common import IfMatch, Organiser, Reader
from membership.imports import uploads
from membership.imports.readers import BadFile, ImportFormat, Limits, Row, read_rows
from membership.orgs import bulk, commands, queries
from membership.orgs.models import (
    OrgCreate,
    OrgDissolve,
    OrgImportOut,
    OrgMerge,
    OrgMove,
    OrgOut,
    OrgRename,
    OrgUnitTypeIn,
)
from membership.orgs.rules import OrgKind
from membership.settings import Settings
from shared import routes
from shared.calendar import today_in_vietnam
from shared.deps import DB, Ctx
from shared.i18n import negotiate_language
from shared.pagination import Page
from shared.routes import Listed

router = APIRouter(prefix="/api/v1/orgs", tags=["organisations"])


orgs = routes.Resource(router, OrgOut, reader=Reader, writer=Organiser, if_match=IfMatch)
orgs.create("", commands.create_org, OrgCreate, "create_org", "createOrg", "/api/v1/orgs/{id}")


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
    return await listing.of(queries.list_orgs, parent_id=parent_id, kind=kind, status=status_, under=under)


orgs.read("/{org_id}", queries.get_org, "get_org", "getOrg")
orgs.step("/{org_id}/rename", commands.rename_org, OrgRename, "rename_org", "renameOrg")
orgs.step("/{org_id}/unit-type", commands.set_unit_type, OrgUnitTypeIn, "set_unit_type", "setOrgUnitType")
orgs.step("/{org_id}/move", commands.move_org, OrgMove, "move_org", "moveOrg")
orgs.step("/{org_id}/merge", commands.merge_org, OrgMerge, "merge_org", "mergeOrg")
orgs.step("/{org_id}/dissolve", commands.dissolve_org, OrgDissolve, "dissolve_org", "dissolveOrg")
