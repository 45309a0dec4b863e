"""Bulk import of organisations: a province's whole tree (~12,651 units) in one request, idempotent by code.

Rows (CSV, XLSX or JSON) carry ``code, parent_code, kind, name, established_on`` and optionally
``dissolved_on``. Parents may come after their children in the file: rows are ordered parent first (a code's
depth within the file), and a parent is either an earlier row or a unit already in the tree inside the caller's
subtree. Every unit is created through the tree's one write path (``commands.create_nodes``: node, history,
``org.created``, audit, in bulk), and a dissolved one is then dissolved through ``dissolve_node``. A code already in the
tree, at the same place with the same kind, is left alone, so the same file loaded twice changes nothing. Each
refused row names its row, column and rule; the good rows are kept, all in one transaction (nothing on a dry
run). A unit outside the caller's subtree is "unknown", whatever the reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import or_, select

from membership import scope
from membership.imports.readers import Row
from membership.imports.rows import Problem, parse_date, problem
from membership.orgs import rules
from membership.orgs.commands import create_nodes, dissolve_node
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import DomainError
from shared.org_unit_types import UnitType
from shared.schema import org_nodes

REQUIRED_COLUMNS = frozenset({"code", "kind", "name", "established_on"})
DISSOLVED_REASON = "import"


class OrgRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9._-]+$")
    parent_code: str | None = Field(
        None, max_length=60, description="The parent's code (or id, for a unit in the tree)."
    )
    kind: rules.OrgKind
    name: str = Field(min_length=2, max_length=300)
    established_on: date
    dissolved_on: date | None = None
    unit_type: UnitType | None = Field(None, description="A grassroots organisation's unit type (loại hình).")

    @field_validator("unit_type", mode="before")
    @classmethod
    def _unit_type(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("established_on", "dissolved_on", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return parse_date(value)


@dataclass(frozen=True)
class Placed:
    """A unit a later row may hang under: its id, kind and path (a planned one on a dry run)."""

    id: str
    kind: rules.OrgKind
    path: str
    active: bool = True


@dataclass
class OrgImport:
    principal: Principal
    dry_run: bool
    language: str
    today: date
    created: int = 0
    unchanged: int = 0
    rejected: int = 0
    report: list[dict[str, Any]] = field(default_factory=list)
    placed: dict[str, Placed] = field(default_factory=dict)
    new: list[orgtree.NewNode] = field(default_factory=list)
    dissolved: list[tuple[str, str, date]] = field(default_factory=list)
    unit_types: dict[str, str] = field(default_factory=dict)

    def refuse(self, problems: list[Problem]) -> None:
        self.rejected += 1
        self.report.extend(p.as_dict() for p in problems[: max(1000 - len(self.report), 0)])

    def refuse_one(self, number: int, column: str | None, rule: str, **values: Any) -> None:
        self.refuse([problem(number, column, rule, self.language, **values)])


def _parse(run: OrgImport, raw_rows: list[Row]) -> dict[str, tuple[int, OrgRow]]:
    rows: dict[str, tuple[int, OrgRow]] = {}
    for n, raw in enumerate(raw_rows, start=1):
        try:
            row = OrgRow.model_validate({k: v for k, v in raw.items() if v is not None})
        except ValidationError as exc:
            run.refuse(
                [problem(n, str(e["loc"][0]) if e["loc"] else None, e["type"], run.language) for e in exc.errors()]
            )
            continue
        broken = _dates_problem(row, run.today)
        if broken:
            run.refuse_one(n, broken[0], broken[1], today=run.today.isoformat())
        elif row.code in rows:
            run.refuse_one(n, "code", "org_import.duplicate_code", first=rows[row.code][0])
        else:
            rows[row.code] = (n, row)
    return rows


def _dates_problem(row: OrgRow, today: date) -> tuple[str, str] | None:
    if row.established_on > today:
        return "established_on", "import.date_in_future"
    if row.dissolved_on is not None and row.dissolved_on > today:
        return "dissolved_on", "import.date_in_future"
    if row.dissolved_on is not None and row.dissolved_on < row.established_on:
        return "dissolved_on", "import.dates_out_of_order"
    return None


def parent_first(rows: dict[str, tuple[int, OrgRow]]) -> tuple[list[tuple[int, OrgRow]], list[int]]:
    """The rows ordered so that each comes after its parent row (by depth within the file, then file order),
    and the numbers of rows caught in a cycle of parent codes."""
    depth: dict[str, int] = {}
    cyclic: set[str] = set()
    for code in rows:
        chain: list[str] = []
        current: str | None = code
        while current in rows and current not in depth and current not in chain:
            chain.append(current)
            current = rows[current][1].parent_code
        if current in chain:  # walked back into the chain: every code from there on is a cycle
            cyclic.update(chain[chain.index(current) :])
        base = depth.get(current, -1) if current is not None else -1
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
    ordered = sorted((v for c, v in rows.items() if c not in cyclic), key=lambda v: (depth[v[1].code], v[0]))
    return ordered, sorted(rows[c][0] for c in cyclic)


async def _existing(
    uow: UnitOfWork, run: OrgImport, codes: set[str], parents: set[str]
) -> tuple[dict[str, tuple[Any, bool]], dict[str, tuple[Any, bool]]]:
    """Units already in the tree with the rows' codes, and the parents named by code or by id, each with
    whether the caller's subtree holds it (a unit made without a code can still be a parent, by its id)."""
    visible = scope.in_scope(org_nodes.c.id, run.principal).label("visible")
    n = org_nodes.c
    found = (
        await uow.session.execute(
            select(org_nodes, visible).where(or_(n.code.in_(codes | parents), n.id.in_(parents - set(codes))))
        )
    ).all()
    by_code = {r.code: (r, bool(r.visible)) for r in found if r.code in codes}
    by_parent = {key: (r, bool(r.visible)) for r in found for key in (r.code, r.id) if key in parents}
    return by_code, by_parent


async def import_orgs(
    db: Database, ctx: Context, principal: Principal, raw_rows: list[Row], *, dry_run: bool, language: str, today: date
) -> OrgImport:
    run = OrgImport(principal, dry_run, language, today)
    rows = _parse(run, raw_rows)
    ordered, cyclic = parent_first(rows)
    for n in cyclic:
        run.refuse_one(n, "parent_code", "org_import.parent_cycle")
    async with db.uow(ctx) as uow:
        parents = {r.parent_code for _, r in rows.values() if r.parent_code}
        existing, stored_parents = await _existing(uow, run, set(rows), parents)
        for n, row in ordered:
            _place(run, n, row, existing, stored_parents)
        if not dry_run:
            await _write(uow, run)
            await uow.commit()
    return run


def _place(
    run: OrgImport,
    n: int,
    row: OrgRow,
    existing: dict[str, tuple[Any, bool]],
    stored_parents: dict[str, tuple[Any, bool]],
) -> None:
    parent = _parent(run, row, stored_parents)
    if row.parent_code and parent is None:
        return run.refuse_one(n, "parent_code", "org_import.parent_unknown", parent_code=row.parent_code)
    if row.code in existing:
        return _already_there(run, n, row, existing[row.code], parent)
    if parent is None and not run.principal.national:
        return run.refuse_one(n, "parent_code", "org.root_requires_national")
    if row.unit_type is not None and row.kind not in rules.GRASSROOTS_KINDS:
        return run.refuse_one(n, "unit_type", "org.unit_type_not_grassroots", kind=row.kind.value)
    try:
        rules.check_placement(row.kind, parent.kind if parent else None)
        if parent is not None and row.dissolved_on is None:  # under a dissolved unit, only a dissolved one
            rules.check_active("active" if parent.active else "dissolved", row.parent_code or "")
    except DomainError as exc:
        return run.refuse_one(n, "parent_code", exc.code, **exc.params)
    run.placed[row.code] = _plan_unit(run, row, parent)
    run.created += 1
    return None


def _parent(run: OrgImport, row: OrgRow, stored_parents: dict[str, tuple[Any, bool]]) -> Placed | None:
    """The parent by code: a row placed earlier, else a unit in the tree (by code or id) inside the subtree."""
    if not row.parent_code:
        return None
    if row.parent_code in run.placed:
        return run.placed[row.parent_code]
    stored = stored_parents.get(row.parent_code)
    if stored is None or not stored[1]:
        return None
    node = stored[0]
    return Placed(node.id, rules.OrgKind(node.kind), node.path, node.status == "active")


def _already_there(run: OrgImport, n: int, row: OrgRow, stored: tuple[Any, bool], parent: Placed | None) -> None:
    """Idempotent by code: the same unit at the same place is left alone; anything else is refused (renames and
    moves are commands with their own dates), and a code outside the caller's subtree says nothing more."""
    node, visible = stored
    if not visible:
        return run.refuse_one(n, "code", "org.code_taken", code=row.code)
    if node.kind != row.kind.value or node.parent_id != (parent.id if parent else None):
        return run.refuse_one(n, "code", "org_import.differs", code=row.code)
    run.placed[row.code] = Placed(node.id, rules.OrgKind(node.kind), node.path, node.status == "active")
    run.unchanged += 1
    return None


def _plan_unit(run: OrgImport, row: OrgRow, parent: Placed | None) -> Placed:
    """The unit's id and path now (children placed later in the same run hang under it); written at the end."""
    org_id = str(uuid.uuid4())
    new = orgtree.NewNode(
        org_id,
        parent.id if parent else None,
        parent.path if parent else None,
        row.kind.value,
        row.name,
        row.code,
        row.established_on,
    )
    run.new.append(new)
    if row.unit_type is not None:
        run.unit_types[org_id] = row.unit_type
    if row.dissolved_on is not None:
        run.dissolved.append((org_id, new.path, row.dissolved_on))
    return Placed(org_id, row.kind, new.path, row.dissolved_on is None)


async def _write(uow: UnitOfWork, run: OrgImport) -> None:
    """Every planned unit through the tree's write path, parents first; then the dissolutions, each its event."""
    await create_nodes(uow, run.new, run.unit_types)
    for org_id, path, on in run.dissolved:
        await dissolve_node(uow, org_id, path, DISSOLVED_REASON, None, on)
