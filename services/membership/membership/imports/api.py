"""Routes of bulk import (upload a file, poll its job) and export (stream a subtree's members)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import structlog
from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import select

from membership import scope
from membership.common import Importer, Reader
from membership.imports import columns, commands, exports, jobs, mappings, uploads
from membership.imports.models import ImportJob, ImportOut, ImportStatus
from membership.imports.plan import ImportRun
from membership.imports.readers import ImportFormat, Limits
from membership.members.commands import ConflictGuard, caller_not_stopped
from membership.settings import Settings
from shared import orgtree
from shared.calendar import today_in_vietnam
from shared.db import Context, Database
from shared.deps import DB, Ctx
from shared.errors import NotFound, RuleViolation
from shared.filters import one_or_404
from shared.openapi import sends
from shared.text import request_language

log = structlog.get_logger(__name__)
router = APIRouter(tags=["imports"])

CONTENT_TYPES_XLSX = uploads.CONTENT_TYPE_XLSX


@router.post(
    "/api/v1/imports",
    operation_id="importMembers",
    response_model=ImportOut,
    openapi_extra=columns.member_import_body(),
    status_code=status.HTTP_202_ACCEPTED,
    responses=sends(
        "Location",
        status=202,
        responses={200: {"model": ImportOut, "description": "Dry run: the report; nothing was written."}},
    ),
)
async def import_members(
    request: Request,
    principal: Importer,
    db: DB,
    ctx: Ctx,
    source_system: Annotated[str, Query(min_length=1, max_length=60, description="The HR system's name.")],
    dry_run: bool = False,
    format: Annotated[ImportFormat | None, Query(description="Defaults from the Content-Type.")] = None,
    data_as_of: Annotated[
        date | None,
        Query(
            description="The date the file's data is true as of (e.g. the day the HR system was exported); "
            "carried on every member.registered event so reports know how far back the data goes."
        ),
    ] = None,
) -> Any:
    settings: Settings = request.app.state.settings
    await caller_not_stopped(db, ctx, ConflictGuard.of(settings), "import", principal.org_id)
    today = today_in_vietnam()
    if data_as_of is not None and data_as_of > today:
        raise RuleViolation("import.data_as_of_future", field="data_as_of", today=today.isoformat())
    limits = uploads.limits(settings)
    path, fmt, total = await _spooled_rows(request, settings, uploads.file_format(request, format), limits)
    run = ImportRun(
        job_id=str(uuid.uuid4()),
        source_system=source_system,
        principal=principal,
        dry_run=dry_run,
        language=request_language(request),
        today=today,
        data_as_of=data_as_of,
        max_scope_conflicts=settings.import_max_scope_conflicts,
    )
    async with db.read_session() as session:
        run.mappings = await mappings.load(session, source_system)
    if dry_run:
        try:
            await commands.run_import(db, ctx, run, path, fmt, limits, settings.import_chunk_rows)
        finally:
            uploads.discard(path)
            run.seen.close()
        return JSONResponse(_report(run, fmt, total, "done").model_dump(mode="json"))
    await _record_job(db, ctx, run, fmt, total)
    task = asyncio.create_task(_run_job(db, ctx, run, path, fmt, limits, settings))
    tasks: set[asyncio.Task[None]] = request.app.state.__dict__.setdefault("import_tasks", set())
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    out = _report(run, fmt, total, "running")
    return JSONResponse(
        out.model_dump(mode="json"), status_code=202, headers={"Location": f"/api/v1/imports/{run.job_id}"}
    )


async def _spooled_rows(
    request: Request, settings: Settings, fmt: ImportFormat, limits: Limits
) -> tuple[Path, ImportFormat, int]:
    """The upload spooled to disk and its rows counted (an XLSX read once, into JSON Lines that replace it)."""
    path = await uploads.spool(request, settings)
    try:
        rows_path, fmt, total = await asyncio.to_thread(commands.count_rows, path, fmt, limits)
    except BaseException:
        uploads.discard(path)
        raise
    if rows_path != path:
        uploads.discard(path)  # an XLSX was read into JSON Lines: its upload is no longer needed
    return rows_path, fmt, total


async def _record_job(db: Database, ctx: Context, run: ImportRun, fmt: ImportFormat, total: int) -> None:
    """The job row a caller polls, committed before the rows are read so it is visible from the start."""
    async with db.uow(ctx) as uow:
        uow.session.add(
            ImportJob(
                id=run.job_id,
                status="running",
                format=fmt.value,
                source_system=run.source_system,
                dry_run=False,
                actor=run.principal.actor,
                scope_org_id=run.principal.org_id,
                rows_total=total,
                report=[],
                data_as_of=run.data_as_of,
                heartbeat_at=datetime.now(UTC),
            )
        )
        await uow.commit()


def _report(run: ImportRun, fmt: ImportFormat, total: int, state: ImportStatus) -> ImportOut:
    return ImportOut(
        id=run.job_id,
        status=state,
        format=fmt.value,
        source_system=run.source_system,
        dry_run=run.dry_run,
        rows_total=total,
        **run.progress(),
        error=None,
        data_as_of=run.data_as_of,
        finished_at=datetime.now(UTC) if state == "done" else None,
    )


async def _run_job(
    db: Database, ctx: Context, run: ImportRun, path: Path, fmt: ImportFormat, limits: Limits, settings: Settings
) -> None:
    values: dict[str, Any] = {"status": "done"}
    beating = asyncio.create_task(jobs.beat(db, run.job_id, settings.import_heartbeat_timeout_seconds / 4))
    try:
        await commands.run_import(db, ctx, run, path, fmt, limits, settings.import_chunk_rows)
    except commands.Interrupted:  # ended by ``jobs.end_interrupted``: its end stands, nothing more is written
        log.warning("import.interrupted_while_running", job_id=run.job_id)
        return
    except Exception as exc:  # recorded on the job for the poller; committed chunks stay (a re-run completes them)
        log.exception("import.failed", job_id=run.job_id)
        values = {"status": "failed", "error": f"{getattr(exc, 'code', type(exc).__name__)}"}
    finally:
        beating.cancel()
        uploads.discard(path)
        run.seen.close()
    with contextlib.suppress(Exception):
        async with db.uow(ctx) as uow:
            if not await commands.save_progress(uow, run, **values, finished_at=datetime.now(UTC)):
                return  # ended as interrupted meanwhile: that end stands
            await uow.audit(
                "import.finished",
                "import",
                run.job_id,
                after={**values, "created": run.created, "updated": run.updated},
            )
            await uow.commit()


@router.get("/api/v1/imports/{import_id}", operation_id="getImport", response_model=ImportOut)
async def get_import(import_id: str, principal: Importer, db: DB, request: Request) -> ImportOut:
    await jobs.end_interrupted(db, request.app.state.settings)
    query = select(ImportJob).where(ImportJob.id == import_id, scope.in_scope(ImportJob.scope_org_id, principal))
    not_found = NotFound("resource.not_found", resource="import", id=import_id)
    async with db.read_session() as session:
        return ImportOut.model_validate(await one_or_404(session, query, not_found))


@router.get(
    "/api/v1/exports/members",
    operation_id="exportMembers",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, CONTENT_TYPES_XLSX: {}}}},
)
async def export_members(
    principal: Reader, db: DB, under: Annotated[str, Query()], format: Literal["csv", "xlsx"] = "csv"
) -> StreamingResponse:
    """The subtree's members in the import's columns (the statistical codes included), so the file imports back
    unchanged; contacts masked as in the list and ``religion_group`` withheld as in the record for roles that do
    not read sensitive fields."""
    async with db.read_session() as session:
        node = await orgtree.node_in_scope(session, principal, under)
    filename = f"members-{node.id}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == "xlsx":
        return StreamingResponse(
            exports.xlsx_stream(db, principal, node.path), media_type=CONTENT_TYPES_XLSX, headers=headers
        )
    return StreamingResponse(
        exports.csv_stream(db, principal, node.path), media_type="text/csv; charset=utf-8", headers=headers
    )
