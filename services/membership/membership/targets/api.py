"""Routes of admission targets: organisers set them top-down; anyone in scope reads them with progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from membership.common import IfMatch, Organiser, Reader
from membership.members.history import today_in_vietnam
from membership.targets import commands, queries
from membership.targets.models import TargetIn, TargetOut
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.pagination import Page
from shared.routes import Listed

router = APIRouter(prefix="/api/v1/targets", tags=["targets"])
Year = Annotated[int, Path(ge=2000, le=2100)]


@router.get("", operation_id="listTargets", response_model=Page[TargetOut])
async def list_targets(
    listing: Listed,
    under: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[TargetOut]:
    return await listing.of(queries.list_targets, under, year)


@router.get("/{org_id}/{year}", operation_id="getTarget", response_model=TargetOut, responses=sends("ETag"))
async def get_target(org_id: str, year: Year, principal: Reader, db: DB, response: Response) -> TargetOut:
    async with db.read_session() as session:
        out = await queries.get_target(session, principal, org_id, year)
    set_etag(response, out.version)
    return out


@router.put("/{org_id}/{year}", operation_id="setTarget", response_model=TargetOut, responses=sends("ETag"))
async def set_target(
    org_id: str,
    year: Year,
    body: TargetIn,
    principal: Organiser,
    db: DB,
    ctx: Ctx,
    response: Response,
    version: IfMatch = None,
) -> TargetOut:
    target, path = await commands.set_target(db, ctx, principal, org_id, year, body, version, today_in_vietnam())
    async with db.read_session() as session:
        out = await queries.target_out(session, target, path)
    set_etag(response, out.version)
    return out
