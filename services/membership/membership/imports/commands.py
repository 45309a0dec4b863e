"""Importing members: upsert by (source system, external id), chunk by chunk, each chunk one transaction.

A chunk (1,000 rows by default) commits its members, their history rows, audit rows, events and the job's
progress together, so a crash loses at most the chunk in flight and re-running the file finishes the job: an
unchanged row changes nothing and publishes nothing. A dry run does every check, reads included, and writes
nothing. Status and branch changes are refused: they are commands with their own rules (transfers, removal).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, insert, or_, select, text, update

from membership import scope
from membership.events import MemberRegistered, MemberUpdated
from membership.imports.models import REPORT_LIMIT, ImportJob
from membership.imports.readers import ImportFormat, Limits, Row, read_rows
from membership.imports.rows import REQUIRED_COLUMNS, ImportRow, Problem, parse_row, problem, profile_values
from membership.members.history import MEMBER_CHANGES, MemberWrite, facts, member_write, publish, search_key, snapshot
from membership.members.models import Member
from membership.orgs.rules import MEMBER_HOLDING_KINDS
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.schema import audit_log, org_nodes

from .readers import BadFile

MEMBERS = cast(Table, Member.__table__)  # Core inserts: no ORM bookkeeping for 1,000 rows at a time


@dataclass
class ImportRun:
    """The state of one run: counts, the first report lines, and the organisations resolved so far."""

    job_id: str
    source_system: str
    principal: Principal
    dry_run: bool
    language: str
    today: date
    data_as_of: date | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    report: list[dict[str, Any]] = field(default_factory=list)
    orgs: dict[str, orgtree.OrgNode | None] = field(default_factory=dict)
    analysed_at: int = 0

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def refuse(self, problems: list[Problem]) -> None:
        self.rejected += 1
        room = REPORT_LIMIT - len(self.report)
        self.report.extend(p.as_dict() for p in problems[: max(room, 0)])


def count_rows(path: Path, fmt: ImportFormat, limits: Limits) -> int:
    """Read the whole file once, without the database: a malformed file is refused before anything is written."""
    count = 0
    for count, row in enumerate(read_rows(path, fmt, limits), start=1):
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


@dataclass
class _Plan:
    create: list[tuple[int, ImportRow, orgtree.OrgNode]] = field(default_factory=list)
    update: list[tuple[int, ImportRow, Any, dict[str, Any]]] = field(default_factory=list)


async def _chunk(db: Database, ctx: Context, run: ImportRun, numbered: list[tuple[int, Row]]) -> None:
    async with db.uow(ctx) as uow:
        plan = await _plan(uow, run, numbered)
        if not run.dry_run:
            await _write(uow, run, plan)
            await uow.session.execute(
                update(ImportJob)
                .where(ImportJob.id == run.job_id)
                .values(
                    rows_created=run.created,
                    rows_updated=run.updated,
                    rows_unchanged=run.unchanged,
                    rows_rejected=run.rejected,
                    report=run.report,
                )
            )
            await uow.commit()
            await _refresh_statistics(db, run)


async def _refresh_statistics(db: Database, run: ImportRun) -> None:
    """A bulk load outruns autovacuum: with statistics of an empty table the planner scans every member to
    find a chunk's 1,000 external ids, and each chunk gets slower. Re-analysing whenever the rows created
    since the last time reach the rows before it keeps the plans on the indexes at a logarithmic cost."""
    if run.created - run.analysed_at >= max(2000, run.analysed_at):
        async with db.engine.connect() as conn:
            await conn.execute(text("ANALYZE members"))
            await conn.commit()
        run.analysed_at = run.created


async def _plan(uow: UnitOfWork, run: ImportRun, numbered: list[tuple[int, Row]]) -> _Plan:
    """Validate a chunk and decide, row by row, to create, update, leave alone or refuse."""
    parsed: list[tuple[int, ImportRow]] = []
    seen_ext: set[str] = set()
    seen_nid: set[str] = set()
    for n, raw in numbered:
        result = parse_row(n, raw, run.language)
        if isinstance(result, list):
            run.refuse(result)
        elif result.external_id in seen_ext:
            run.refuse([problem(n, "external_id", "import.duplicate_in_file", run.language)])
        elif result.national_id in seen_nid:
            run.refuse([problem(n, "national_id", "import.duplicate_in_file", run.language)])
        else:
            seen_ext.add(result.external_id)
            seen_nid.add(result.national_id)
            parsed.append((n, result))
    await _resolve_orgs(uow, run, [r for _, r in parsed])
    table = Member.__table__
    existing = {
        m.external_id: m
        for m in (
            await uow.session.execute(
                select(table).where(table.c.source_system == run.source_system, table.c.external_id.in_(seen_ext))
            )
        ).all()
    }
    owners = dict(
        (await uow.session.execute(select(Member.national_id, Member.id).where(Member.national_id.in_(seen_nid)))).all()
    )
    plan = _Plan()
    for n, row in parsed:
        _decide(run, plan, n, row, existing.get(row.external_id), owners.get(row.national_id))
    return plan


def _decide(run: ImportRun, plan: _Plan, n: int, row: ImportRow, member: Any, owner: str | None) -> None:
    """``member`` is the stored row (a Core row, not an ORM object: updates go through Core in bulk)."""
    lang = run.language
    if not (row.org_id or row.org_code):
        run.refuse([problem(n, "org_code", "import.org_required", lang)])
        return
    node = run.orgs.get(row.org_id or row.org_code or "")
    if node is None:
        column = "org_id" if row.org_id else "org_code"
        run.refuse([problem(n, column, "import.org_unknown", lang, org=row.org_id or row.org_code or "")])
        return
    if owner is not None and (member is None or owner != member.id):
        run.refuse([problem(n, "national_id", "member.national_id_taken", lang)])
        return
    if member is None:
        plan.create.append((n, row, node))
        run.created += 1
        return
    if member.status != row.status or member.org_id != node.id:
        column = "status" if member.status != row.status else "org_id"
        run.refuse([problem(n, column, "import.use_status_command", lang, current=member.status, org_id=member.org_id)])
        return
    values = profile_values(row)
    changed = {k: v for k, v in values.items() if getattr(member, k) != v}
    if changed:
        plan.update.append((n, row, member, changed))
        run.updated += 1
    else:
        run.unchanged += 1


async def _resolve_orgs(uow: UnitOfWork, run: ImportRun, rows: list[ImportRow]) -> None:
    """Organisations by id or code, once per run; outside the caller's subtree or not a branch = unknown."""
    wanted = {r.org_id or r.org_code or "" for r in rows} - run.orgs.keys() - {""}
    if not wanted:
        return
    found = (
        await uow.session.execute(
            select(org_nodes).where(
                or_(org_nodes.c.id.in_(wanted), org_nodes.c.code.in_(wanted)),
                scope.in_scope(org_nodes.c.id, run.principal),
            )
        )
    ).all()
    for key in wanted:
        run.orgs[key] = None
    for r in found:
        if r.kind in MEMBER_HOLDING_KINDS and r.status == "active":
            node = orgtree.OrgNode(r.id, r.parent_id, r.kind, r.name, r.path, r.status)
            for key in (r.id, r.code):
                if key in wanted:
                    run.orgs[key] = node


async def _write(uow: UnitOfWork, run: ImportRun, plan: _Plan) -> None:
    """Members, then their history, audit rows and events through Core in bulk, each built by the members'
    own write path (``member_write``) exactly as a single registration or profile change builds it."""
    created = [_registration(uow.context, run, row, node) for _, row, node in plan.create]
    if created:
        await uow.session.execute(insert(MEMBERS), [values for values, _ in created])
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
        await uow.session.execute(insert(MEMBER_CHANGES), [write.history for write, _ in writes])
        await uow.session.execute(insert(audit_log), [write.audit for write, _ in writes])


def _registration(
    ctx: Context, run: ImportRun, row: ImportRow, node: orgtree.OrgNode
) -> tuple[dict[str, Any], MemberWrite]:
    values = {
        **profile_values(row),
        "id": str(uuid.uuid4()),
        "org_id": node.id,
        "status": row.status,
        "previous_status": None,
        "search_name": search_key(row.full_name),
        "source_system": run.source_system,
        "external_id": row.external_id,
        "flags": {},
        "version": 1,
    }
    event = MemberRegistered(**facts(values), effective_date=run.today, data_as_of=run.data_as_of)
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
