"""Importing members: upsert by (source system, external id), chunk by chunk, each chunk one transaction.

A chunk (1,000 rows by default) commits its members, their history rows, audit rows, events and the job's
progress together, so a crash loses at most the chunk in flight and re-running the file finishes the job: an
unchanged row changes nothing and publishes nothing. A chunk commits only while its job is still running: a job
ended as interrupted (``jobs``) stops at its next chunk with nothing of it written, so it never races the re-run
that replaced it (the two once both applied the same rows, and a stale run wrote an older file's values back).
A dry run does every check, reads included, and writes nothing. Status and branch changes are refused: they are
commands with their own rules (transfers, removal).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import orjson
from sqlalchemy import JSON, Table, func, text, update

from membership.events import MemberUpdated
from membership.imports.jobs import INTERRUPTED
from membership.imports.models import ImportJob
from membership.imports.plan import MEMBERS, UNAVAILABLE_BY_COLUMN, ImportRun, Plan, plan_chunk
from membership.imports.readers import ImportFormat, Limits, Row, read_rows
from membership.imports.rows import REQUIRED_COLUMNS, ImportRow, profile_values, stated_codes
from membership.members.history import (
    MEMBER_CHANGES,
    MemberWrite,
    Registration,
    facts,
    member_write,
    publish,
    snapshot,
)
from membership.members.models import Member
from membership.records.commands import codes_into_records
from shared import orgtree
from shared.collector import collection_paused
from shared.db import Context, Database, UnitOfWork
from shared.errors import RuleViolation
from shared.events import new_event_id
from shared.schema import audit_log
from shared.text import search_key

from .readers import BadFile


class Interrupted(Exception):
    """The job was ended as interrupted while this run still went on: the chunk in flight is rolled back."""

    code = INTERRUPTED


def count_rows(path: Path, fmt: ImportFormat, limits: Limits) -> tuple[Path, ImportFormat, int]:
    """Read the whole file once, without the database: a malformed file is refused before anything is written.

    An XLSX is parsed only here (parsing is its whole cost): its rows are kept beside it as JSON Lines, and the
    import reads those; returns the file the import reads, its format and the number of rows."""
    if fmt is not ImportFormat.XLSX:
        return path, fmt, _counted(read_rows(path, fmt, limits), fmt)
    kept = path.with_name(path.name + ".jsonl")
    try:
        with kept.open("w", encoding="utf-8") as out:
            total = _counted((_kept(out, row) for row in read_rows(path, fmt, limits)), fmt)
    except BaseException:
        kept.unlink(missing_ok=True)
        raise
    return kept, ImportFormat.JSON, total


def _kept(out: TextIO, row: Row) -> Row:
    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return row


def _counted(rows: Iterator[Row], fmt: ImportFormat) -> int:
    count = 0
    for count, row in enumerate(rows, start=1):
        if count == 1 and fmt is not ImportFormat.JSON:
            missing = sorted(REQUIRED_COLUMNS - row.keys())
            if missing:
                raise BadFile("import.missing_columns", columns=missing)
    return count


def _take(rows: Iterator[Row], n: int) -> list[Row]:
    return list(islice(rows, n))


async def run_import(
    db: Database, ctx: Context, run: ImportRun, path: Path, fmt: ImportFormat, limits: Limits, chunk_rows: int
) -> None:
    rows = read_rows(path, fmt, limits)
    number = 0
    while True:
        batch = await asyncio.to_thread(_take, rows, chunk_rows)  # parsing stays off the event loop
        if not batch:
            return
        numbered = list(enumerate(batch, start=number + 1))
        number += len(batch)
        await _chunk(db, ctx, run, numbered)


async def save_progress(uow: UnitOfWork, run: ImportRun, **values: Any) -> bool:
    """The job's counts and report so far onto its row, with ``values`` (its heartbeat, or how it ended); False,
    writing nothing, once the job is no longer running (ended as interrupted: its end is kept)."""
    saved = await uow.session.execute(
        update(ImportJob)
        .where(ImportJob.id == run.job_id, ImportJob.status == "running")
        .values(**run.progress(), **values)
    )
    return bool(saved.rowcount)  # type: ignore[attr-defined]


async def _chunk(db: Database, ctx: Context, run: ImportRun, numbered: list[tuple[int, Row]]) -> None:
    with collection_paused():
        await _write_chunk(db, ctx, run, numbered)
    if not run.dry_run:
        await _refresh_statistics(db, run)


async def _write_chunk(db: Database, ctx: Context, run: ImportRun, numbered: list[tuple[int, Row]]) -> None:
    async with db.uow(ctx) as uow:
        known = len(run.scope_conflicts)
        plan = await plan_chunk(uow, run, numbered)
        if await _audit_scope_conflicts(uow, run, run.scope_conflicts[known:]):
            await uow.commit()  # the audit rows only: nothing of this chunk is written
            raise RuleViolation("import.too_many_unavailable", limit=run.max_scope_conflicts)
        if not run.dry_run:
            await write_plan(uow, run, plan)
            # the job row's lock orders this against ``end_interrupted``: one of the two wins, never both
            if not await save_progress(uow, run, heartbeat_at=func.clock_timestamp()):
                raise Interrupted  # leaving the unit of work rolls the chunk back
        await uow.commit()  # a dry run commits only the audit of its scope conflicts, if it met any


async def _audit_scope_conflicts(uow: UnitOfWork, run: ImportRun, conflicts: list[tuple[int, str]]) -> bool:
    """Each row that met a record outside the caller's subtree is audited with the caller (a dry run too, so
    probing national IDs leaves a trace); True once the job has met more than its limit, audited as a stop."""
    audit = {"dry_run": run.dry_run, "source_system": run.source_system}
    caller, org_id = uow.context.actor[:80], run.principal.org_id
    for number, column in conflicts:
        await uow.audit("import.scope_conflict", "import", run.job_id, after={**audit, "row": number, "column": column})
        # under the caller as well: the same per-caller guard as single registrations counts file rows
        await uow.audit(
            UNAVAILABLE_BY_COLUMN[column], "caller", caller, org_id=org_id, after={"command": "import", "row": number}
        )
    if len(run.scope_conflicts) <= run.max_scope_conflicts:
        return False
    await uow.audit(
        "import.stopped",
        "import",
        run.job_id,
        after={**audit, "rule": "import.too_many_unavailable", "conflicts": len(run.scope_conflicts)},
    )
    return True


async def _refresh_statistics(db: Database, run: ImportRun) -> None:
    """A bulk load outruns autovacuum: with statistics of an empty table the planner scans every member to
    find a chunk's 1,000 external ids, and each chunk gets slower. Re-analysing whenever the rows created
    since the last time reach the rows before it keeps the plans on the indexes at a logarithmic cost."""
    if run.created - run.analysed_at >= max(2000, run.analysed_at):
        async with db.engine.connect() as conn:
            await conn.execute(text("ANALYZE members"))
            await conn.commit()
        run.analysed_at = run.created


async def write_plan(uow: UnitOfWork, run: ImportRun, plan: Plan) -> None:
    """Members, then their history, audit rows and events through Core in bulk, each built by the members'
    own write path (``member_write``) exactly as a single registration or profile change builds it."""
    created = [_registration(uow.context, run, row, node) for _, row, node in plan.create]
    if created:
        await copy_rows(uow, MEMBERS, [values for values, _ in created])
    writes: list[tuple[MemberWrite, str | None]] = [
        (write, node.path) for (_, write), (_, _, node) in zip(created, plan.create, strict=True)
    ]
    for _, row, member, changed in plan.update:
        extra = {"search_name": search_key(row.full_name)} if "full_name" in changed else {}
        await uow.session.execute(
            update(Member)
            .where(Member.id == member.id)
            .values(**changed, **extra, version=Member.version + 1, updated_at=func.now())
        )
        placed = run.orgs[row.org_id or row.org_code or ""]
        writes.append((_profile_change(uow.context, run, member, changed), placed.path if placed else None))
    for write, path in writes:
        assert write.event is not None
        publish(uow, write.event, path)
    if writes:
        await copy_rows(uow, MEMBER_CHANGES, [write.history for write, _ in writes])
        await copy_rows(uow, audit_log, [write.audit for write, _ in writes])
    coded = {values["id"]: values["categories"] for values, _ in created if values["categories"]}
    coded |= {member.id: changed["categories"] for _, _, member, changed in plan.update if "categories" in changed}
    await codes_into_records(uow.session, coded)


async def copy_rows(uow: UnitOfWork, table: Table, rows: list[dict[str, Any]]) -> None:
    """``rows`` (each naming the same columns) written by ``COPY`` in the unit of work's transaction: the driver
    encodes them in binary itself, where an ``INSERT`` of many rows had SQLAlchemy process each of their values
    in Python (a tenth of an import's CPU; issue 13). JSON columns are given as JSON text (``None`` is JSON
    ``null``, as SQLAlchemy's JSON type writes it), and the columns left out take their server defaults, as in an
    ``INSERT``. The text is orjson's (a tenth of ``json.dumps``'s cost): every JSON column here is JSONB, which
    stores the value and not its spelling."""
    columns = list(rows[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
    records = [tuple(orjson.dumps(row[c]).decode() if c in json_columns else row[c] for c in columns) for row in rows]
    connection = await (await uow.session.connection()).get_raw_connection()
    driver: Any = connection.driver_connection
    if not driver.is_in_transaction():  # SQLAlchemy's driver adapter begins on its first statement
        await uow.session.execute(text("SELECT 1"))
    await driver.copy_records_to_table(table.name, columns=columns, records=records)


def _registration(
    ctx: Context, run: ImportRun, row: ImportRow, node: orgtree.OrgNode
) -> tuple[dict[str, Any], MemberWrite]:
    values = {
        **profile_values(row),
        "id": new_event_id(),  # a random UUID's text, as str(uuid.uuid4()) writes it (2.6 -> 1.1 µs)
        "org_id": node.id,
        "status": row.status,
        "previous_status": None,
        "search_name": search_key(row.full_name),
        "source_system": run.source_system,
        "external_id": row.external_id,
        "flags": {},
        "categories": stated_codes(row),
        "version": 1,
    }
    event = Registration(effective_date=run.today, data_as_of=run.data_as_of)
    write = member_write(
        values, event, change="registered", on=run.today, context=ctx, before=None, note=f"import {run.job_id}"
    )
    return values, write


def _profile_change(ctx: Context, run: ImportRun, member: Any, changed: dict[str, Any]) -> MemberWrite:
    """``member`` is the stored Core row; the state after the change is it with the changed fields, one version on."""
    after = {**member._mapping, **changed, "version": member.version + 1}
    event = MemberUpdated(
        **facts(after),
        previous_status=member.status,
        previous_org_id=member.org_id,
        effective_date=run.today,
        changed_fields=sorted(changed),
    )
    return member_write(
        after,
        event,
        change="updated",
        on=run.today,
        context=ctx,
        before=snapshot(member._mapping),
        note=f"import {run.job_id}",
    )
