"""Routes of the annual classification (/api/v1/classifications)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from inspection.classification import commands, queries
from inspection.classification.models import BatchFilters, BatchIn, BatchOut, DistributionOut, EntryFilters, EntryOut
from inspection.common import Inspector, Reader, RequiredIfMatch
from inspection.discipline.targets import TargetKind
from shared.auth import Principal
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.listings import list_route
from shared.openapi import creates, sends
from shared.pagination import PageRequest, page_params

router = APIRouter(prefix="/api/v1/classifications", tags=["classifications"])
Paging = Annotated[PageRequest, Depends(page_params)]
Year = Annotated[int, Query(ge=2000, le=2100)]


@router.post("/batches", **creates("submitClassification", BatchOut))
async def submit_batch(body: BatchIn, principal: Inspector, db: DB, ctx: Ctx, response: Response) -> BatchOut:
    batch = await commands.submit_batch(db, ctx, principal, body)
    return await _respond(db, batch.id, principal, response, created=True)


@router.put(
    "/batches/{batch_id}",
    **creates(
        "replaceClassification",
        BatchOut,
        summary="Replace the current batch: a new batch (201, Location) supersedes it.",
    ),
)
async def replace_batch(
    batch_id: str, body: BatchIn, principal: Inspector, db: DB, ctx: Ctx, version: RequiredIfMatch, response: Response
) -> BatchOut:
    batch = await commands.replace_batch(db, ctx, principal, batch_id, body, version)
    return await _respond(db, batch.id, principal, response, created=True)


list_route(
    router, "/batches", queries.list_batches, BatchFilters, BatchOut, "list_batches", "listClassificationBatches"
)


@router.get(
    "/batches/{batch_id}", operation_id="getClassificationBatch", response_model=BatchOut, responses=sends("ETag")
)
async def get_batch(batch_id: str, principal: Reader, db: DB, response: Response) -> BatchOut:
    return await _respond(db, batch_id, principal, response)


list_route(router, "", queries.list_entries, EntryFilters, EntryOut, "list_entries", "listClassifications")


@router.get("/distribution", operation_id="classificationDistribution", response_model=DistributionOut)
async def distribution(
    principal: Reader,
    db: DB,
    org_id: str,
    year: Year,
    target_type: TargetKind = TargetKind.ORGANISATION,
    kind: Annotated[list[str] | None, Query(description="Only organisations of these kinds (repeatable).")] = None,
) -> DistributionOut:
    async with db.read_session() as session:
        return await queries.distribution(
            session, principal, org_id=org_id, year=year, target_type=target_type, kinds=kind or []
        )


async def _respond(
    db: DB, batch_id: str, principal: Principal, response: Response, *, created: bool = False
) -> BatchOut:
    async with db.read_session() as session:
        batch = await queries.load_batch(session, principal, batch_id)
        out = await queries.batch_out(session, batch)
    if created:
        response.headers["Location"] = f"/api/v1/classifications/batches/{batch_id}"
    set_etag(response, out.version)
    return out
