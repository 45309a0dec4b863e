"""Routes of the organisation tree: parse, authorise, call a command or query, shape the response."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from membership.orgs import commands, queries
from membership.orgs.models import OrgCreate, OrgDissolve, OrgMerge, OrgMove, OrgOut, OrgRename
from membership.orgs.rules import OrgKind
from shared.auth import Principal, Role, require
from shared.deps import DB, Ctx
from shared.etag import if_match_version, set_etag
from shared.pagination import Page, PageRequest, page_params

router = APIRouter(prefix="/api/v1/orgs", tags=["organisations"])
Reader = Annotated[Principal, require()]
Organiser = Annotated[Principal, require(Role.ADMIN, Role.ORGANISER)]
IfMatch = Annotated[int | None, Depends(if_match_version)]


@router.post("", operation_id="createOrg", status_code=status.HTTP_201_CREATED, response_model=OrgOut)
async def create_org(body: OrgCreate, principal: Organiser, db: DB, ctx: Ctx, response: Response) -> OrgOut:
    org = await commands.create_org(db, ctx, principal, body)
    response.headers["Location"] = f"/api/v1/orgs/{org.id}"
    set_etag(response, org.version)
    return org


@router.get("", operation_id="listOrgs", response_model=Page[OrgOut])
async def list_orgs(
    principal: Reader,
    db: DB,
    page: Annotated[PageRequest, Depends(page_params)],
    parent_id: str | None = None,
    kind: OrgKind | None = None,
    status_: Annotated[str | None, Query(alias="status", pattern="^(active|merged|dissolved)$")] = None,
    under: Annotated[str | None, Query(description="Only this organisation's subtree.")] = None,
) -> Page[OrgOut]:
    async with db.read_session() as session:
        return await queries.list_orgs(
            session,
            principal,
            page,
            parent_id=parent_id,
            kind=kind.value if kind else None,
            status=status_,
            under=under,
        )


@router.get("/{org_id}", operation_id="getOrg", response_model=OrgOut)
async def get_org(org_id: str, principal: Reader, db: DB, response: Response) -> OrgOut:
    async with db.read_session() as session:
        org = await queries.get_org(session, principal, org_id)
    set_etag(response, org.version)
    return org


@router.post("/{org_id}/rename", operation_id="renameOrg", response_model=OrgOut)
async def rename_org(
    org_id: str, body: OrgRename, principal: Organiser, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> OrgOut:
    org = await commands.rename_org(db, ctx, principal, org_id, body, version)
    set_etag(response, org.version)
    return org


@router.post("/{org_id}/move", operation_id="moveOrg", response_model=OrgOut)
async def move_org(
    org_id: str, body: OrgMove, principal: Organiser, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> OrgOut:
    org = await commands.move_org(db, ctx, principal, org_id, body, version)
    set_etag(response, org.version)
    return org


@router.post("/{org_id}/merge", operation_id="mergeOrg", response_model=OrgOut)
async def merge_org(
    org_id: str, body: OrgMerge, principal: Organiser, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> OrgOut:
    org = await commands.merge_org(db, ctx, principal, org_id, body, version)
    set_etag(response, org.version)
    return org


@router.post("/{org_id}/dissolve", operation_id="dissolveOrg", response_model=OrgOut)
async def dissolve_org(
    org_id: str, body: OrgDissolve, principal: Organiser, db: DB, ctx: Ctx, version: IfMatch, response: Response
) -> OrgOut:
    org = await commands.dissolve_org(db, ctx, principal, org_id, body, version)
    set_etag(response, org.version)
    return org
