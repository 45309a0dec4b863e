"""Deciding what each row of a chunk does: create a member, update one, leave it alone, or be refused.

Every refusal names its row, column and rule (vi/en). What the rows are checked against:
- the row itself (``rows.parse_row`` for types, ``checks.check_row`` for what its dates can prove);
- the rest of the file: an external id or national ID already met in an earlier row;
- the caller's subtree: the branch must be an active branch in it;
- the members already stored: the external id's member must be the same person (same national ID), and a
  national ID may belong to one member only. A national ID or external id that belongs to a member *outside*
  the caller's subtree answers the neutral ``member.national_id_unavailable`` / ``member.external_id_unavailable``
  (nothing of the other record is copied, a dry run alike) and counts as a scope conflict: the job audits each one
  with the caller (the caller's ``ConflictGuard`` counts them), and stops when there are more than the configured
  limit (national IDs and external ids are no oracle, issue 12).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import String, Table, any_, bindparam, or_, select
from sqlalchemy.dialects.postgresql import ARRAY

from membership import scope
from membership.imports import mappings
from membership.imports.checks import check_row
from membership.imports.models import REPORT_LIMIT
from membership.imports.readers import Row
from membership.imports.rows import ImportRow, Problem, merged_codes, parse_row, problem, profile_values
from membership.imports.seen import EXTERNAL_ID, NATIONAL_ID, SeenIds
from membership.members.commands import EXTERNAL_UNAVAILABLE, UNAVAILABLE
from membership.members.models import Member
from membership.orgs.rules import MEMBER_HOLDING_KINDS
from shared import orgtree
from shared.auth import Principal
from shared.db import UnitOfWork
from shared.schema import org_nodes

UNAVAILABLE_BY_COLUMN = {"national_id": UNAVAILABLE, "external_id": EXTERNAL_UNAVAILABLE}
MEMBERS = cast(Table, Member.__table__)  # Core rows: the import updates in bulk
_EXTERNAL_IDS = bindparam("external_ids", type_=ARRAY(String()))
_NATIONAL_IDS = bindparam("national_ids", type_=ARRAY(String()))
"""A chunk's ids as one array parameter each (``= ANY``): an ``IN`` list of 1,000 values was expanded into 1,000
placeholders by SQLAlchemy on every chunk, and parsed by PostgreSQL (issue 13); the same index scan either way."""


@dataclass
class ImportRun:
    """The state of one run: counts, the first report lines, what the file has shown so far."""

    job_id: str
    source_system: str
    principal: Principal
    dry_run: bool
    language: str
    today: date
    data_as_of: date | None = None
    max_scope_conflicts: int = 20
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    report: list[dict[str, Any]] = field(default_factory=list)
    orgs: dict[str, orgtree.OrgNode | None] = field(default_factory=dict)
    seen: SeenIds = field(default_factory=SeenIds)
    """The external ids and national IDs of the rows accepted so far (``imports.seen``: on disk, not in memory)."""
    scope_conflicts: list[tuple[int, str]] = field(default_factory=list)
    analysed_at: int = 0
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)
    """The source system's value mappings (``imports.mappings``, compiled), applied to each row before it is read."""

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def progress(self) -> dict[str, Any]:
        """The counts and the report under the names the job's row and its answer give them."""
        return {
            "rows_created": self.created,
            "rows_updated": self.updated,
            "rows_unchanged": self.unchanged,
            "rows_rejected": self.rejected,
            "report": self.report,
        }

    @property
    def as_of(self) -> date:
        """The day the file's data is true as of: what a stale status is judged against."""
        return self.data_as_of or self.today

    def refuse(self, problems: list[Problem]) -> None:
        self.rejected += 1
        room = REPORT_LIMIT - len(self.report)
        self.report.extend(p.as_dict() for p in problems[: max(room, 0)])

    def refuse_one(self, number: int, column: str, rule: str, **values: Any) -> None:
        self.refuse([problem(number, column, rule, self.language, **values)])


@dataclass
class Plan:
    create: list[tuple[int, ImportRow, orgtree.OrgNode]] = field(default_factory=list)
    update: list[tuple[int, ImportRow, Any, dict[str, Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class Stored:
    """A stored member a row refers to, and whether the caller's subtree holds it."""

    row: Any
    visible: bool


def _parse(run: ImportRun, numbered: list[tuple[int, Row]]) -> list[tuple[int, ImportRow]]:
    """The chunk's rows that parse, pass their checks and bring no id an earlier row of the file brought, in
    order; the others refused in row order (the report's order). The ids of earlier chunks are looked up once for
    the chunk (``run.seen``), then each row is judged against them and the chunk's rows before it."""
    read: list[tuple[int, ImportRow | list[Problem]]] = []
    for n, raw in numbered:
        result = parse_row(n, mappings.apply(raw, run.mappings), run.language)
        if not isinstance(result, list):
            findings = check_row(result, today=run.today, as_of=run.as_of)
            if findings:
                result = [problem(n, f.column, f.rule, run.language, **f.values) for f in findings]
        read.append((n, result))
    rows = [row for _, row in read if not isinstance(row, list)]
    external_before = run.seen.among(EXTERNAL_ID, (row.external_id for row in rows))
    national_before = run.seen.among(NATIONAL_ID, (row.national_id for row in rows))
    external_ids: set[str] = set()
    national_ids: set[str] = set()
    parsed: list[tuple[int, ImportRow]] = []
    for n, result in read:
        if isinstance(result, list):
            run.refuse(result)
        elif result.external_id in external_ids or result.external_id in external_before:
            run.refuse_one(n, "external_id", "import.duplicate_external_id")
        elif result.national_id in national_ids or result.national_id in national_before:
            run.refuse_one(n, "national_id", "import.duplicate_in_file")
        else:
            external_ids.add(result.external_id)
            national_ids.add(result.national_id)
            parsed.append((n, result))
    run.seen.add(EXTERNAL_ID, external_ids)
    run.seen.add(NATIONAL_ID, national_ids)
    return parsed


async def plan_chunk(uow: UnitOfWork, run: ImportRun, numbered: list[tuple[int, Row]]) -> Plan:
    """Validate a chunk and decide, row by row, to create, update, leave alone or refuse.

    The stored members are locked until the chunk commits: a concurrent writer of the same members (another run
    of the file, a single change) waits and this chunk compares against what it committed, so a change is
    written and published once, never a second time from a stale read."""
    parsed = _parse(run, numbered)
    await _resolve_orgs(uow, run, [r for _, r in parsed])
    visible = scope.in_scope(Member.org_id, run.principal).label("visible")
    by_external = {
        r.external_id: Stored(r, bool(r.visible))
        for r in await uow.session.execute(
            select(MEMBERS, visible)
            .where(MEMBERS.c.source_system == run.source_system, MEMBERS.c.external_id == any_(_EXTERNAL_IDS))
            .order_by(MEMBERS.c.id)  # one lock order for every run: two runs wait, never deadlock
            .with_for_update(of=MEMBERS),
            {"external_ids": [r.external_id for _, r in parsed]},
        )
    }
    owners = {
        r.national_id: Stored(r.id, bool(r.visible))
        for r in await uow.session.execute(
            select(Member.national_id, Member.id, visible).where(Member.national_id == any_(_NATIONAL_IDS)),
            {"national_ids": [r.national_id for _, r in parsed]},
        )
    }
    plan = Plan()
    for n, row in parsed:
        _decide(run, plan, n, row, by_external.get(row.external_id), owners.get(row.national_id))
    return plan


def _decide(run: ImportRun, plan: Plan, n: int, row: ImportRow, stored: Stored | None, owner: Stored | None) -> None:
    """``stored.row`` is a Core row (updates go through Core in bulk); ``owner.row`` the national ID's member id."""
    node = _branch(run, n, row)
    if node is None:
        return
    if stored is not None and not stored.visible:
        return _unavailable(run, n, "external_id")
    if owner is not None and (stored is None or owner.row != stored.row.id):
        if not owner.visible:
            return _unavailable(run, n, "national_id")
        return run.refuse_one(n, "national_id", "member.national_id_taken")
    if stored is None:
        plan.create.append((n, row, node))
        run.created += 1
        return None
    member = stored.row
    if member.national_id != row.national_id:
        return run.refuse_one(n, "external_id", "import.duplicate_external_id")
    if member.status != row.status or member.org_id != node.id:
        column = "status" if member.status != row.status else "org_id"
        return run.refuse_one(n, column, "import.use_status_command", current=member.status, org_id=member.org_id)
    changed = {k: v for k, v in profile_values(row).items() if getattr(member, k) != v}
    codes = merged_codes(member.categories, row)
    if codes != (member.categories or {}):
        changed["categories"] = codes
    if changed:
        plan.update.append((n, row, member, changed))
        run.updated += 1
    else:
        run.unchanged += 1
    return None


def _branch(run: ImportRun, n: int, row: ImportRow) -> orgtree.OrgNode | None:
    if not (row.org_id or row.org_code):
        run.refuse_one(n, "org_code", "import.org_required")
        return None
    node = run.orgs.get(row.org_id or row.org_code or "")
    if node is None:
        column = "org_id" if row.org_id else "org_code"
        run.refuse_one(n, column, "import.org_unknown", org=row.org_id or row.org_code or "")
    return node


def _unavailable(run: ImportRun, n: int, column: str) -> None:
    run.scope_conflicts.append((n, column))
    run.refuse_one(n, column, UNAVAILABLE_BY_COLUMN[column])


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
