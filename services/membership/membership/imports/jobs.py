"""The list of import jobs, and the end of jobs interrupted by a restart.

A job runs in the process that accepted its file; if that process stops (a deploy, a crash) the job would stay
"running" forever. While the process runs the job, its heart (``heartbeat_at``) beats every quarter of
``import_heartbeat_timeout_seconds`` beside its chunks (a chunk slower than the timeout on a loaded machine must
not make a live job look dead), and each committed chunk beats it too; a running job silent for the timeout is
ended as failed with the reason ``import.interrupted`` and its counts as they were (the committed chunks stay;
importing the same file again completes it, rows upsert by external id). The check runs at startup and whenever
jobs are read, so no job is ever shown running after it stopped. Should the process still be running it after
all, its next chunk finds the job ended and rolls back (``commands.Interrupted``): the ended run never writes
beside the re-run that replaces it."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import Annotated, cast

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from sqlalchemy import Table, func, select, update

from membership import scope
from membership.common import Importer
from membership.imports.models import ImportJob, ImportListItem, ImportStatus
from membership.settings import Settings
from shared.db import Context, Database
from shared.deps import DB
from shared.filters import equal_to
from shared.pagination import Page, PageRequest, page_of, page_params

INTERRUPTED = "import.interrupted"
JOBS = cast(Table, ImportJob.__table__)
router = APIRouter(tags=["imports"])


async def end_interrupted(db: Database, settings: Settings) -> int:
    """End every running job whose heartbeat is older than the timeout; returns how many."""
    stale = datetime.now(UTC) - timedelta(seconds=settings.import_heartbeat_timeout_seconds)
    async with db.uow(Context(actor="system")) as uow:
        ended = (
            await uow.session.execute(
                update(ImportJob)
                .where(
                    ImportJob.status == "running",
                    func.coalesce(ImportJob.heartbeat_at, ImportJob.created_at) < stale,
                )
                .values(status="failed", error=INTERRUPTED, finished_at=func.now())
                .returning(ImportJob.id)
            )
        ).all()
        for row in ended:
            await uow.audit("import.interrupted", "import", row.id, after={"status": "failed", "error": INTERRUPTED})
        await uow.commit()
    return len(ended)


async def beat(db: Database, job_id: str, every: float) -> None:
    """Beat the running job's heart every ``every`` seconds until cancelled (when the run ends)."""
    while True:
        await asyncio.sleep(every)
        with contextlib.suppress(Exception):  # a missed beat is only late: the next one, or a chunk, beats again
            async with db.uow(Context(actor="system")) as uow:
                await uow.session.execute(
                    update(ImportJob)
                    .where(ImportJob.id == job_id, ImportJob.status == "running")
                    .values(heartbeat_at=func.clock_timestamp())
                )
                await uow.commit()


async def end_interrupted_at_startup(app: FastAPI) -> None:
    await end_interrupted(app.state.db, app.state.settings)


@router.get("/api/v1/imports", operation_id="listImports", response_model=Page[ImportListItem])
async def list_imports(
    principal: Importer,
    db: DB,
    request: Request,
    page: Annotated[PageRequest, Depends(page_params)],
    status: Annotated[ImportStatus | None, Query(description="running, done or failed.")] = None,
    source_system: Annotated[str | None, Query(max_length=60)] = None,
) -> Page[ImportListItem]:
    """The jobs started in the caller's subtree, newest first, with their progress."""
    await end_interrupted(db, request.app.state.settings)
    query = select(JOBS).where(scope.in_scope(ImportJob.scope_org_id, principal))
    query = equal_to(query, {ImportJob.status: status, ImportJob.source_system: source_system})
    sort = [JOBS.c.created_at, JOBS.c.id]
    async with db.read_session() as session:
        return await page_of(session, query, sort, page, ImportListItem, descending=True, entities=False)
