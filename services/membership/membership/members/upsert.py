"""One member by the HR system's key: ``PUT /api/v1/members/by-external-id/{source_system}/{external_id}``.

An HR system keeps its own records and pushes each change as it happens. The body is one import row (the import's
columns, the same parsing, checks and write path: ``imports.plan.plan_chunk`` and ``imports.commands.write_plan``),
so a record sent one by one ends exactly as it would by file: created, updated (``member.updated`` naming the
fields), left alone when nothing changed, or refused with every problem named (a key of another subtree: the
neutral 409 a registration answers, audited and counted by the caller's guard); status and branch still change only
through their commands. ``If-Match`` guards an update against a concurrent writer."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from membership import scope
from membership.imports import mappings
from membership.imports.commands import write_plan
from membership.imports.plan import UNAVAILABLE_BY_COLUMN, ImportRun, plan_chunk
from membership.imports.readers import cell_text
from membership.imports.rows import CODE_COLUMNS, COLUMNS, Problem
from membership.members.commands import ConflictGuard, OutOfScope, audit_unavailable, caller_not_stopped
from membership.members.models import Member
from shared.auth import Principal
from shared.calendar import today_in_vietnam
from shared.db import Context, Database
from shared.errors import PreconditionFailed
from shared.etag import check_version, etag

Cell = str | int | float | list[str] | None

MemberRow: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "MemberRow",
    __config__=ConfigDict(extra="forbid"),
    **{
        c: (Cell, Field(None, description=f"The import's `{c}` column."))
        for c in (*COLUMNS, *CODE_COLUMNS)
        if c != "external_id"
    },
    age_exception_decision=(Cell, Field(None, description="The decision admitting a member over 60.")),
)
"""The import's columns (but ``external_id``, which the path names) with the import's formats."""


class RowRefused(Exception):
    """The row breaks the import's rules; the route answers 422 listing each problem (column, rule, message)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].rule)
        self.problems = problems


async def put_member(
    db: Database,
    ctx: Context,
    principal: Principal,
    key: tuple[str, str],
    row: BaseModel,
    expected: int | None,
    guard: ConflictGuard,
    language: str,
) -> tuple[Member, bool]:
    """Create or update the member known to ``source_system`` as ``external_id``; True when created."""
    source_system, external_id = key
    await caller_not_stopped(db, ctx, guard, "put_by_external_id", principal.org_id)
    raw = {k: cell_text(v) for k, v in row.model_dump(exclude_none=True).items()}
    run = ImportRun(
        job_id=f"put {source_system}/{external_id}",
        source_system=source_system,
        principal=principal,
        dry_run=False,
        language=language,
        today=today_in_vietnam(),
    )
    async with db.uow(ctx) as uow:
        await _check_version(uow.session, principal, key, expected)
        run.mappings = await mappings.load(uow.session, source_system)
        plan = await plan_chunk(uow, run, [(1, {**raw, "external_id": external_id})])
        if run.rejected:
            problems = [Problem(1, p["column"], p["rule"], p["message"]) for p in run.report]
            refused = RowRefused(problems)
        else:
            refused = None
            await write_plan(uow, run, plan)
            await uow.commit()
    if refused is not None:
        if run.scope_conflicts:  # the one refusal of the row: the same neutral 409 as a registration answers
            column = run.scope_conflicts[0][1]
            await audit_unavailable(db, ctx, UNAVAILABLE_BY_COLUMN[column], "put_by_external_id", principal.org_id)
            raise OutOfScope(UNAVAILABLE_BY_COLUMN[column], field=column)
        raise refused
    async with db.read_session() as session:
        member = await _stored(session, principal, key)
    assert member is not None
    return member, run.created == 1


async def _stored(session: AsyncSession, principal: Principal, key: tuple[str, str]) -> Member | None:
    return (
        await session.execute(
            select(Member).where(
                Member.source_system == key[0],
                Member.external_id == key[1],
                scope.in_scope(Member.org_id, principal),
            )
        )
    ).scalar_one_or_none()


async def _check_version(
    session: AsyncSession, principal: Principal, key: tuple[str, str], expected: int | None
) -> None:
    """``If-Match`` names the version read; on a member not there (or not the caller's) it cannot match."""
    if expected is None:
        return
    member = await _stored(session, principal, key)
    if member is None:
        raise PreconditionFailed("etag.mismatch", current=etag(0))
    check_version(member.version, expected)
