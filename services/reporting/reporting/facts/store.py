"""The batch's in-memory state and its writes: events become operations that run together when the batch is
flushed, with one query to load the members, one for the replaceable contributions, one for the tree history of
every organisation concerned, and one upsert per table.

The state lives in ``uow.session.info`` so it is scoped to the consumer's transaction and dies with it (a
rolled-back batch leaves nothing behind). A tree change takes an exclusive advisory lock, every flush a shared
one: a meetings batch never attributes deltas to ancestors that a concurrent re-parenting is moving away.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple, Protocol, cast

from pydantic import BaseModel
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession

import shared.orgtree as orgtree
from reporting.facts.rules import (
    Contribution,
    Deltas,
    MemberState,
    OrgHistory,
    Placement,
    ancestors_in,
    attribution_path,
    copied_rows,
    encode_metrics,
    month_of,
    sum_into,
)
from shared.consumer import Handler, NotReady
from shared.db import UnitOfWork
from shared.events import Envelope

STATE_KEY = "reporting.batch"
TREE_LOCK = 727_001
MERGE_LOCK = 727_003  # one merge of staged sums at a time (a rebuild split over processes merges from each)
MEMBER_LOCKS = 727_002  # the advisory-lock space of members (two-key form: this space, hashtext(member id))
CHUNK = 5000


class Attribution(NamedTuple):
    """A contribution to count at an organisation (and its ancestors) on a date. A named tuple, not a frozen
    dataclass: a member event makes about six, and a frozen dataclass's ``__init__`` (``object.__setattr__`` per
    field) cost ~1 µs each (issue 13)."""

    org_id: str
    on: date
    contribution: Contribution
    sign: int = 1
    apart_from: str | None = None
    """Count only where ``apart_from`` is not counted too (as the tree stood on the day): a transfer between two
    units of one organisation is no arrival or departure of that organisation or any above it."""


@dataclass(frozen=True)
class EntityState:
    org_id: str
    on: date
    deltas: dict[str, int]


@dataclass
class Op:
    """One event's effect, run at flush time once the state it needs is loaded."""

    run: Callable[[Batch], list[Attribution]]
    member_ids: tuple[str, ...] = ()
    entity_keys: tuple[str, ...] = ()


@dataclass
class Batch:
    ops: list[Op] = field(default_factory=list)
    members: dict[str, MemberState | None] = field(default_factory=dict)
    dirty_members: set[str] = field(default_factory=set)
    entities: dict[str, EntityState | None] = field(default_factory=dict)
    dirty_entities: set[str] = field(default_factory=set)
    history: dict[str, OrgHistory] = field(default_factory=dict)
    paths: dict[tuple[str, date], str] = field(default_factory=dict)
    deltas: Deltas = field(default_factory=Deltas)
    last_event_at: datetime | None = None
    lock: str | None = None
    declared: dict[str, date] = field(default_factory=dict)  # org -> the earliest data_as_of an import declared
    creations: dict[str, tuple[orgtree.NewNode, list[Attribution]]] = field(default_factory=dict)
    tree_bumped: bool = False

    def declare(self, org_id: str, as_of: date) -> None:
        """An import declares its data true as of ``as_of`` at ``org_id`` (and so at every ancestor)."""
        known = self.declared.get(org_id)
        self.declared[org_id] = as_of if known is None else min(known, as_of)

    def set_member(self, member_id: str, state: MemberState) -> None:
        self.members[member_id] = state
        self.dirty_members.add(member_id)

    def set_entity(self, key: str, state: EntityState | None) -> None:
        self.entities[key] = state
        self.dirty_entities.add(key)

    def saw(self, at: datetime) -> None:
        if self.last_event_at is None or at > self.last_event_at:
            self.last_event_at = at


def batch_of(uow: UnitOfWork) -> Batch:
    state = uow.session.info.get(STATE_KEY)
    if state is None:
        state = uow.session.info[STATE_KEY] = Batch()
    assert isinstance(state, Batch)
    return state


class _Dated(Protocol):
    org_id: str
    effective_date: date


def counted(view: type[BaseModel], flows: dict[str, str]) -> Handler:
    """A handler for events that each add one to a flow (``flows[event type]``) at the event's organisation and
    date, read through ``view`` (any view with ``org_id`` and ``effective_date``)."""

    async def handler(uow: UnitOfWork, envelope: Envelope) -> None:
        event = cast(_Dated, view.model_validate(envelope.data))
        batch = batch_of(uow)
        batch.saw(envelope.time)
        attribution = Attribution(event.org_id, event.effective_date, {flows[envelope.type]: 1})
        batch.ops.append(Op(lambda _: [attribution]))

    return handler


async def lock_tree(session: AsyncSession, batch: Batch, *, exclusive: bool) -> None:
    if batch.lock == "exclusive" or (batch.lock == "shared" and not exclusive):
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    await session.execute(text(f"SELECT {function}(:key)"), {"key": TREE_LOCK})
    batch.lock = "exclusive" if exclusive else "shared"


# ---- loading what the operations need --------------------------------------------------------------------


async def _load_members(session: AsyncSession, batch: Batch, ids: set[str]) -> None:
    """Lock the members (sorted, so replicas never wait in a cycle) and load what was applied of them. Two
    replicas applying one member's events at once would both subtract the same old state: the lock makes the
    second read what the first committed, and the version then decides which state is newer."""
    missing = sorted(i for i in ids if i not in batch.members)
    if not missing:
        return
    await session.execute(
        text(
            "SELECT pg_advisory_xact_lock(:space, hashtext(i)) "
            "FROM (SELECT i FROM unnest(CAST(:ids AS varchar[])) AS i ORDER BY i) AS sorted"
        ),
        {"space": MEMBER_LOCKS, "ids": missing},
    )
    rows = (
        await session.execute(
            text(
                "SELECT member_id, org_id, status, standing, gender, minority, birth_date, guest, version, traits, "
                "admitted_org, admitted_on FROM member_facts "
                "WHERE member_id = ANY(:ids)"
            ),
            {"ids": missing},
        )
    ).all()
    for i in missing:
        batch.members[i] = None
    for r in rows:
        admission = (r.admitted_org, r.admitted_on) if r.admitted_org is not None else None
        batch.members[r.member_id] = MemberState(
            r.org_id,
            r.status,
            r.standing,
            r.gender,
            r.minority,
            r.birth_date,
            r.guest,
            r.version,
            unpack(r.traits),
            admission,
        )


def pack(traits: tuple[tuple[str, str], ...]) -> str:
    """A member's categories in one text cell (``occupation=farmer religion=buddhism``), so the batch's members
    are still written with one ``unnest`` of flat arrays."""
    return " ".join(f"{dimension}={code}" for dimension, code in traits)


def unpack(cell: str | None) -> tuple[tuple[str, str], ...]:
    pairs = (item.split("=", 1) for item in (cell or "").split())
    return tuple(sorted((d, c) for d, c in pairs))


async def _load_entities(session: AsyncSession, batch: Batch, keys: set[str]) -> None:
    missing = [k for k in keys if k not in batch.entities]
    if not missing:
        return
    rows = (
        await session.execute(
            text("SELECT entity_key, org_id, on_date, deltas FROM entity_contributions WHERE entity_key = ANY(:keys)"),
            {"keys": missing},
        )
    ).all()
    for k in missing:
        batch.entities[k] = None
    for r in rows:
        batch.entities[r.entity_key] = EntityState(r.org_id, r.on_date, dict(r.deltas))


@dataclass
class TreeCache:
    """Placements of organisations, kept across batches while the tree's version stays the same."""

    version: int = -1
    entries: dict[str, OrgHistory] = field(default_factory=dict)


_TREE_CACHES: weakref.WeakKeyDictionary[Any, TreeCache] = weakref.WeakKeyDictionary()


async def bump_tree_version(session: AsyncSession, batch: Batch) -> None:
    """Called by every tree change, inside its transaction: other batches then reload what they cached (once
    per transaction is enough: they read the tree once it commits)."""
    if not batch.tree_bumped:
        await session.execute(text("UPDATE tree_version SET version = version + 1"))
        batch.tree_bumped = True


def create(batch: Batch, node: orgtree.NewNode, counts: list[Attribution]) -> None:
    """Queue an organisation's creation (under the exclusive tree lock): created with the batch's others by
    ``create_pending`` before anything reads the tree, so a batch of a province's units costs a few round trips
    instead of several per unit (the rebuild of a country replays 360,000 of them). A creation adds no placement
    to any existing unit, so the deltas queued before it are attributed as they would have been."""
    batch.creations.setdefault(node.org_id, (node, counts))


async def create_pending(session: AsyncSession, batch: Batch) -> None:
    """Insert the queued organisations, parents first (a parent created in the batch or already known), and
    count the new ones; one published twice (under two event ids) is inserted and counted once."""
    if not batch.creations:
        return
    pending, batch.creations = batch.creations, {}
    wanted = list({*pending, *(n.parent_id for n, _ in pending.values() if n.parent_id)})
    paths = {
        r.id: r.path
        for r in await session.execute(text("SELECT id, path FROM org_nodes WHERE id = ANY(:ids)"), {"ids": wanted})
    }
    nodes = []
    for org_id, (node, _) in pending.items():
        parent_path = paths.get(node.parent_id) if node.parent_id else None
        if node.parent_id and parent_path is None:
            raise NotReady(f"org:{node.parent_id}")
        placed = replace(node, parent_path=parent_path)
        paths.setdefault(org_id, placed.path)  # a unit already known keeps its own path for its children
        nodes.append(placed)
    inserted = await orgtree.insert_nodes(session, nodes)
    for org_id in pending:
        batch.history.pop(org_id, None)  # looked up (and not found) earlier in the batch
    counts = [a for org_id in inserted for a in pending[org_id][1]]
    if counts:
        batch.ops.append(Op(lambda _: counts))


async def _tree_cache(session: AsyncSession, batch: Batch) -> TreeCache | None:
    """The process's cache for this database, valid for the committed tree (under the shared lock the tree
    cannot change until this transaction ends). None while this transaction changes the tree itself."""
    if batch.lock == "exclusive":
        return None
    version = (await session.execute(text("SELECT version FROM tree_version"))).scalar_one()
    engine = session.bind
    cache = _TREE_CACHES.get(engine)
    if cache is None:
        cache = _TREE_CACHES[engine] = TreeCache()
    if cache.version != version:
        cache.version, cache.entries = version, {}
    return cache


async def load_history(session: AsyncSession, batch: Batch, org_ids: Iterable[str]) -> None:
    """The placements of ``org_ids`` and of the units they were merged into."""
    wanted = {o for o in org_ids if o not in batch.history}
    cache = await _tree_cache(session, batch) if wanted else None
    for _ in range(8):  # merges chain: A into B, later B into C
        if not wanted:
            return
        missing = []
        for o in wanted:
            if cache is not None and o in cache.entries:
                batch.history[o] = cache.entries[o]
            else:
                missing.append(o)
        if missing:
            await _fetch_history(session, batch, missing, cache)
        wanted = {h.merged_into for o in wanted if (h := batch.history[o]).merged_into} - set(batch.history)


async def _fetch_history(session: AsyncSession, batch: Batch, missing: list[str], cache: TreeCache | None) -> None:
    rows = (
        await session.execute(
            text("SELECT org_id, path, valid_from, valid_to FROM org_node_history WHERE org_id = ANY(:ids)"),
            {"ids": missing},
        )
    ).all()
    nodes = {
        r.id: r
        for r in (
            await session.execute(
                text("SELECT id, path, merged_into FROM org_nodes WHERE id = ANY(:ids)"), {"ids": missing}
            )
        ).all()
    }
    placements: dict[str, list[Placement]] = {o: [] for o in missing}
    for r in rows:
        placements[r.org_id].append(Placement(r.path, r.valid_from, r.valid_to))
    for o in missing:
        node = nodes.get(o)
        history = OrgHistory(placements[o], node.path if node else None, node.merged_into if node else None)
        batch.history[o] = history
        if cache is not None and (history.placements or history.current):
            cache.entries[o] = history


_UNKNOWN = OrgHistory([], None)


def path_for(batch: Batch, org_id: str, on: date) -> str:
    history = batch.history.get(org_id)
    if history is not None and history.fixed is not None:  # most units: one path whatever the date
        return history.fixed
    path = batch.paths.get((org_id, on))
    if path is None:
        history = batch.history.get(org_id) or _UNKNOWN
        path = attribution_path(history, on, lambda successor: _successor_path(batch, successor, on))
        if path is None:
            raise NotReady(f"org:{org_id}")
        batch.paths[(org_id, on)] = path
    return path


def _successor_path(batch: Batch, org_id: str, on: date) -> str | None:
    history = batch.history.get(org_id)
    return (
        None
        if history is None
        else attribution_path(history, on, lambda successor: _successor_path(batch, successor, on))
    )


# ---- running and writing ------------------------------------------------------------------------------------


async def drain(session: AsyncSession, batch: Batch) -> None:
    """Run the pending operations and turn their attributions into deltas on every ancestor: summed per
    (organisation's path, month) first, then spread over the ancestors once (``Deltas.spread``)."""
    await create_pending(session, batch)
    if not batch.ops:
        return
    await lock_tree(session, batch, exclusive=False)
    ops, batch.ops = batch.ops, []
    await _load_members(session, batch, {m for op in ops for m in op.member_ids})
    await _load_entities(session, batch, {k for op in ops for k in op.entity_keys})
    attributions = [a for op in ops for a in op.run(batch)]
    apart = [a.apart_from for a in attributions if a.apart_from]
    await load_history(session, batch, [*(a.org_id for a in attributions), *apart])
    leaves: dict[tuple[str, date], dict[str, int]] = {}
    months = _MONTHS
    for a in attributions:
        path = path_for(batch, a.org_id, a.on)
        if a.apart_from:
            shared = _path_if_known(batch, a.apart_from, a.on)
            apart = [o for o in _ancestors(path) if o not in shared]
            batch.deltas.add(apart, month_of(a.on), a.contribution, a.sign)
            continue
        month = months.get(a.on)
        if month is None:
            if len(months) >= 100_000:
                months.clear()
            month = months[a.on] = month_of(a.on)
        key = (path, month)
        cell = leaves.get(key)
        if cell is None:
            cell = leaves[key] = {}
        if a.sign == 1:
            for metric, value in a.contribution.items():
                cell[metric] = cell.get(metric, 0) + value
        else:
            for metric, value in a.contribution.items():
                cell[metric] = cell.get(metric, 0) + a.sign * value
    if _STAGING.get() is None:
        batch.deltas.spread(leaves)
    else:  # a rebuild's: spread when its staged sums are written (``Deltas.hold``)
        batch.deltas.hold(leaves)


_MONTHS: dict[date, date] = {}
"""Each day's month (``month_of``), looked up rather than built: ``date.replace`` per attribution was ~4 % of a
rebuild's Python (issue 13); a century of days is ~36,500 entries."""


@lru_cache(maxsize=1 << 16)
def _ancestors(path: str) -> tuple[str, ...]:
    """``ancestors_in``, split once per path (a country has ~360,000; each event's attributions ask again)."""
    return tuple(ancestors_in(path))


def _path_if_known(batch: Batch, org_id: str, on: date) -> set[str]:
    """The organisations ``org_id`` counts in on ``on``; none when reporting does not know it (a unit elsewhere)."""
    try:
        return set(ancestors_in(path_for(batch, org_id, on)))
    except NotReady:
        return set()


async def flush(session: AsyncSession, batch: Batch) -> None:
    """Drain, then write member facts, contributions and deltas (one statement each)."""
    await drain(session, batch)
    await _write_members(session, batch)
    await _write_entities(session, batch)
    await write_coverage(session, batch)
    await write_deltas(session, batch.deltas)
    batch.deltas.clear()


async def write_coverage(session: AsyncSession, batch: Batch) -> None:
    """Keep, per organisation, the earliest month its facts reach and the earliest date an import declared its
    data true as of (``reporting.reports.coverage`` reads them). Rows are written only when a batch reaches
    earlier than what is stored, so the usual batch (this month's events) locks no coverage row."""
    earliest: dict[str, date] = {}
    for org_id, month in batch.deltas.cells:
        if org_id not in earliest or month < earliest[org_id]:
            earliest[org_id] = month
    by_path: dict[str, date] = {}  # the held leaves reach every organisation on their paths
    for path, month in batch.deltas.leaves:
        if path not in by_path or month < by_path[path]:
            by_path[path] = month
    for path, month in by_path.items():
        for org_id in _ancestors(path):
            if org_id not in earliest or month < earliest[org_id]:
                earliest[org_id] = month
    declared: dict[str, date] = {}
    if batch.declared:
        await load_history(session, batch, batch.declared)
        for org_id, as_of in batch.declared.items():
            for ancestor in ancestors_in(path_for(batch, org_id, as_of)):
                declared[ancestor] = min(as_of, declared.get(ancestor, as_of))
        batch.declared.clear()
    ids = sorted(set(earliest) | set(declared))
    if not ids:
        return
    stored = {
        r.org_id: (r.earliest, r.data_as_of)
        for r in await session.execute(
            text("SELECT org_id, earliest, data_as_of FROM coverage WHERE org_id = ANY(:ids)"), {"ids": ids}
        )
    }
    rows = [
        (o, earliest.get(o), declared.get(o)) for o in ids if _earlier(stored.get(o), earliest.get(o), declared.get(o))
    ]
    if rows:
        await session.execute(
            text(
                "INSERT INTO coverage (org_id, earliest, data_as_of) SELECT o, coalesce(e, d), d "
                "FROM unnest(CAST(:orgs AS varchar[]), CAST(:earliest AS date[]), CAST(:declared AS date[])) "
                "AS t(o, e, d) ON CONFLICT (org_id) DO UPDATE SET "
                "earliest = least(coverage.earliest, excluded.earliest), "
                "data_as_of = least(coverage.data_as_of, excluded.data_as_of)"
            ),
            {"orgs": [r[0] for r in rows], "earliest": [r[1] for r in rows], "declared": [r[2] for r in rows]},
        )


def _earlier(stored: tuple[date, date | None] | None, earliest: date | None, declared: date | None) -> bool:
    if stored is None:
        return True
    return (earliest is not None and earliest < stored[0]) or (
        declared is not None and (stored[1] is None or declared < stored[1])
    )


@dataclass
class Staging:
    """A rebuild's facts, summed in memory across batches and written to ``facts`` now and then
    (``merge_staged``) instead of upserted by every batch.

    Why (issue 13): an upserted fact row cost the database ~26 µs of CPU (the ``ON CONFLICT`` probe and
    ``reporting_add``'s sub-select per row), and a member with dated history upserts ~12 rows a batch, most of
    which the rest of the replay upserts again (every ancestor's months and years). Summed here, each row is
    written once per merge. A batch's cells join the sums only when its transaction commits (a batch rolled
    back and applied again one event at a time counts once); ``org_rows`` reads the sums with the store.

    Only for a rebuild, the one writer of the store while it runs (``reporting.rebuild``): live, a report sees
    each batch's facts when it commits. A rebuild that stops before its end is run again from its reset."""

    cells: dict[tuple[str, date], dict[str, int]] = field(default_factory=dict)
    """Committed batches' deltas per (organisation, month) not written to ``facts`` yet."""
    leaves: dict[tuple[str, date], dict[str, int]] = field(default_factory=dict)
    """Committed batches' deltas per (organisation's path, month), not spread over the path yet (``Deltas.hold``):
    spread into ``cells`` when written."""

    @property
    def size(self) -> int:
        """The cells and leaves held (what ``MERGE_EVERY_CELLS`` bounds)."""
        return len(self.cells) + len(self.leaves)

    def take(self) -> tuple[dict[tuple[str, date], dict[str, int]], dict[tuple[str, date], dict[str, int]]]:
        """The cells and leaves held, leaving the staging empty."""
        taken = self.cells, self.leaves
        self.cells, self.leaves = {}, {}
        return taken


_STAGING: ContextVar[Staging | None] = ContextVar("reporting.facts_staging", default=None)
_STAGED = "reporting.staged"  # session.info: this transaction's Deltas, summed into the staging when it commits


@contextmanager
def staged() -> Iterator[Staging]:
    """Facts written within this context (this task and the tasks it starts) are staged (see ``Staging``)."""
    staging = Staging()
    token = _STAGING.set(staging)
    try:
        yield staging
    finally:
        _STAGING.reset(token)


def _stage(session: AsyncSession, deltas: Deltas, staging: Staging) -> None:
    """Take the deltas' cells and leaves for this transaction, summed into ``staging`` once it commits."""
    if not deltas.cells and not deltas.leaves:
        return
    taken = Deltas(deltas.cells, deltas.leaves)
    deltas.cells, deltas.leaves = {}, {}
    pending = session.info.get(_STAGED)
    if pending is None:
        pending = session.info[_STAGED] = []
        event.listen(session.sync_session, "after_commit", lambda _: _fold(staging, pending), once=True)
    pending.append(taken)


def _fold(staging: Staging, pending: list[Deltas]) -> None:
    for deltas in pending:  # the transaction's own dicts: nothing else holds them any more
        sum_into(staging.cells, deltas.cells)
        sum_into(staging.leaves, deltas.leaves)
    pending.clear()


def add_staged(
    cells: dict[tuple[str, date], dict[str, int]], leaves: dict[tuple[str, date], dict[str, int]] | None = None
) -> None:
    """Add another process's committed sums to this one's staging (a rebuild split over processes,
    ``reporting.partitioned``: the leader writes every worker's sums); taken over, not copied."""
    staging = _STAGING.get()
    if staging is None:
        raise RuntimeError("add_staged outside store.staged()")
    _fold(staging, [Deltas(cells, leaves or {})])


def _staged_rows(session: AsyncSession, org_id: str) -> list[tuple[date, str, int]]:
    """An organisation's (month, metric, value) in the staging and in this transaction's staged cells, with the
    leaves whose path it lies on (what spreading them adds to it)."""
    staging = _STAGING.get()
    if staging is None:
        return []
    out = []
    held = [Deltas(staging.cells, staging.leaves), *session.info.get(_STAGED, [])]
    on_path = f"/{org_id}/"
    for deltas in held:
        for (org, month), cell in deltas.cells.items():
            if org == org_id:
                out += [(month, metric, value) for metric, value in cell.items() if value]
        for (path, month), cell in deltas.leaves.items():
            if on_path in path:
                out += [(month, metric, value) for metric, value in cell.items() if value]
    return out


async def merge_staged(session: AsyncSession) -> int:
    """Write the staging's sums to ``facts`` (``write_staged``) and empty it; returns the rows written."""
    staging = _STAGING.get()
    if staging is None or not staging.size:
        return 0
    return await write_staged(session, *staging.take())


async def write_staged(
    session: AsyncSession, cells: dict[tuple[str, date], dict[str, int]], leaves: dict[tuple[str, date], dict[str, int]]
) -> int:
    """Write sums taken from a staging (``Staging.take``) to ``facts``: ``COPY`` into ``facts_pending``, then one
    ``UPDATE`` adding them to the rows that exist and one ``INSERT`` of the others — or, while ``facts`` is empty
    (a rebuild's first merge), ``COPY`` straight into ``facts``: the rows are one per key, and the statement
    triggers (``fact_versions``) fire for a ``COPY`` as for an ``INSERT``. Returns the rows written."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MERGE_LOCK})
    records = staged_rows_of(cells, leaves)
    empty = (await session.execute(_FACTS_EMPTY)).scalar_one()
    connection = await (await session.connection()).get_raw_connection()
    driver: Any = connection.driver_connection
    await driver.copy_records_to_table("facts" if empty else "facts_pending", records=records, columns=PENDING_COLUMNS)
    if not empty:
        for statement in MERGE_PENDING:
            await session.execute(statement)
    return len(records)


_FACTS_EMPTY = text("SELECT NOT EXISTS (SELECT FROM facts)")


def staged_rows_of(
    cells: dict[tuple[str, date], dict[str, int]], leaves: dict[tuple[str, date], dict[str, int]]
) -> list[tuple[str, date, str, str]]:
    """The ``facts_pending`` records of sums taken from a staging: the leaves spread over their paths, with the
    cells, as monthly rows and yearly roll-ups (``rules.copied_rows``), in no order (the merges are the store's
    one writer). Takes the dicts over."""
    deltas = Deltas(cells)
    deltas.spread(leaves)
    return copied_rows(deltas.cells)


def merged(stored: str, added: str) -> str:
    """SQL for the ``jsonb`` of metrics ``stored`` plus ``added`` (two column references), without the metrics
    that sum to zero: ``reporting_add``'s body (migration 0016) written into the statement.

    Why (issue 13, ``bench/facts_upsert.py``, each variant first in turn, 2 December 2026 01:02-01:06 UTC, load
    4.7-5.4, PostgreSQL CPU per upserted row, medians of 4): a call of the SQL function runs its sub-select
    through an executor of its own for every row (it cannot be inlined), here a sub-plan of the statement: a
    12-metric branch row 44-62 µs through ``reporting_add`` (either body), 36-45 µs inline; an uncompressed
    150-metric row 188-193 µs through it, 140-168 µs inline. The zeros are removed by key (``jsonb - text[]``
    returns its input untouched when there are none) instead of by ``jsonb_strip_nulls`` of the whole merged row:
    no difference measured, but never a second rebuild of the row."""
    return (
        f"(SELECT ({stored} || coalesce(jsonb_object_agg(k, s) FILTER (WHERE s <> 0), '{{}}')) "
        f"- coalesce(array_agg(k) FILTER (WHERE s = 0), '{{}}') "
        f"FROM (SELECT key AS k, coalesce(CAST({stored} ->> key AS bigint), 0) + CAST(value AS bigint) AS s "
        f"FROM jsonb_each_text({added})) AS changed)"
    )


PENDING_COLUMNS = ("org_id", "month", "family", "deltas")
_SAME_ROW = "f.org_id = p.org_id AND f.month = p.month AND f.family = p.family"
MERGE_JOINS = (
    text(f"UPDATE facts f SET deltas = {merged('f.deltas', 'p.deltas')} FROM facts_pending p WHERE {_SAME_ROW}"),
    text(
        "INSERT INTO facts (org_id, month, family, deltas) SELECT p.org_id, p.month, p.family, p.deltas "
        f"FROM facts_pending p WHERE NOT EXISTS (SELECT FROM facts f WHERE {_SAME_ROW})"
    ),
)
"""The staged rows (one per key) added to ``facts``: plain statements, as the rebuild is the store's one
writer (an ``ON CONFLICT`` insert cost three times a plain one)."""
HASH_JOINS_ONLY = text("SET LOCAL enable_nestloop = off")
"""Both joins compare every staged row with ``facts``, which a rebuild has just emptied: the planner, reading
``facts`` as empty, chose a nested loop whose inner scan of ``facts`` restarts for each staged row and reads the
rows the same ``INSERT`` has added so far — quadratic (a 56,000-member country's first merge of 331,532 rows ran
11 minutes before it was cancelled; 100,000 rows take > 20 s that way and 0.85 s hashed). A merge is a bulk join,
so it is hashed whatever the statistics say."""
MERGE_PENDING = (HASH_JOINS_ONLY, *MERGE_JOINS, text("TRUNCATE facts_pending"), text("RESET enable_nestloop"))


_UPSERT_FACTS = text(
    "INSERT INTO facts (org_id, month, family, deltas) "
    "SELECT o, m, f, CAST(d AS jsonb) FROM unnest(CAST(:orgs AS varchar[]), CAST(:months AS date[]), "
    "CAST(:families AS varchar[]), CAST(:deltas AS text[])) AS t(o, m, f, d) "
    f"ON CONFLICT (org_id, month, family) DO UPDATE SET deltas = {merged('facts.deltas', 'excluded.deltas')}"
)


async def write_deltas(session: AsyncSession, deltas: Deltas) -> None:
    """One upsert: each (organisation, month, family) row, and its year's roll-up, adds the batch's changes
    (``merged``); in a rebuild, one ``COPY`` into the staging table instead (``Staging``)."""
    staging = _STAGING.get()
    if staging is not None:
        _stage(session, deltas, staging)
        return
    rows = deltas.with_years()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        await session.execute(
            _UPSERT_FACTS,
            {
                "orgs": [r[0] for r in chunk],
                "months": [r[1] for r in chunk],
                "families": [r[2] for r in chunk],
                "deltas": [encode_metrics(r[3]) for r in chunk],
            },
        )


async def org_rows(session: AsyncSession, org_id: str) -> list[tuple[date, str, int]]:
    """Every (month, metric, value) of one organisation (with a rebuild's staged ones)."""
    result = await session.execute(
        text(
            "SELECT f.month, e.key, CAST(e.value AS bigint) "
            "FROM facts f CROSS JOIN LATERAL jsonb_each_text(f.deltas) e "
            "WHERE f.org_id = :org AND f.family NOT LIKE '%@y'"
        ),
        {"org": org_id},
    )
    return [(r[0], r[1], int(r[2])) for r in result] + _staged_rows(session, org_id)


async def _write_members(session: AsyncSession, batch: Batch) -> None:
    ids = sorted(batch.dirty_members)
    states = [(i, batch.members[i]) for i in ids]
    rows = [(i, s) for i, s in states if s is not None]
    batch.dirty_members.clear()
    if not rows:
        return
    values = [_member_row(member_id, s) for member_id, s in rows]
    columns = {name: [v[i] for v in values] for i, (name, _) in enumerate(MEMBER_COLUMNS)}
    names = ", ".join(column for _, column in MEMBER_COLUMNS)
    arrays = ", ".join(f"CAST(:{name} AS {MEMBER_TYPES.get(name, 'varchar')}[])" for name, _ in MEMBER_COLUMNS)
    updates = ", ".join(f"{column} = excluded.{column}" for _, column in MEMBER_COLUMNS[1:])
    await session.execute(
        text(
            f"INSERT INTO member_facts ({names}) SELECT * FROM unnest({arrays}) "
            f"ON CONFLICT (member_id) DO UPDATE SET {updates}"
        ),
        columns,
    )


MEMBER_COLUMNS = (
    ("ids", "member_id"),
    ("orgs", "org_id"),
    ("statuses", "status"),
    ("standings", "standing"),
    ("genders", "gender"),
    ("minorities", "minority"),
    ("births", "birth_date"),
    ("guests", "guest"),
    ("versions", "version"),
    ("traits", "traits"),
    ("admitted_orgs", "admitted_org"),
    ("admitted_ons", "admitted_on"),
)
"""The batch's members are written with one ``unnest`` of flat arrays: (parameter, column)."""
MEMBER_TYPES = {
    "minorities": "boolean",
    "births": "date",
    "guests": "boolean",
    "versions": "bigint",
    "admitted_ons": "date",
}


def _member_row(member_id: str, s: MemberState) -> tuple[Any, ...]:
    admitted_org, admitted_on = s.admission or (None, None)
    return (
        member_id,
        s.org_id,
        s.status,
        s.standing,
        s.gender,
        s.minority,
        s.birth_date,
        s.guest,
        s.version,
        pack(s.traits),
        admitted_org,
        admitted_on,
    )


async def _write_entities(session: AsyncSession, batch: Batch) -> None:
    keys = sorted(batch.dirty_entities)
    batch.dirty_entities.clear()
    if not keys:
        return
    gone = [k for k in keys if batch.entities[k] is None]
    if gone:
        await session.execute(text("DELETE FROM entity_contributions WHERE entity_key = ANY(:keys)"), {"keys": gone})
    kept = [(k, batch.entities[k]) for k in keys]
    rows = [(k, e) for k, e in kept if e is not None]
    if not rows:
        return
    await session.execute(
        text(
            "INSERT INTO entity_contributions (entity_key, org_id, on_date, deltas) "
            "SELECT k, o, d, CAST(j AS jsonb) FROM unnest(CAST(:keys AS varchar[]), CAST(:orgs AS varchar[]), "
            "CAST(:dates AS date[]), CAST(:deltas AS text[])) AS t(k, o, d, j) "
            "ON CONFLICT (entity_key) DO UPDATE SET "
            "org_id = excluded.org_id, on_date = excluded.on_date, deltas = excluded.deltas"
        ),
        {
            "keys": [k for k, _ in rows],
            "orgs": [e.org_id for _, e in rows],
            "dates": [e.on for _, e in rows],
            "deltas": [json.dumps(e.deltas, sort_keys=True) for _, e in rows],
        },
    )


async def record_progress(session: AsyncSession, consumer: str, at: datetime | None) -> None:
    if at is None:
        return
    await session.execute(
        text(
            "INSERT INTO progress (consumer, last_event_at, applied_at) VALUES (:c, :at, now()) "
            "ON CONFLICT (consumer) DO UPDATE SET "
            "last_event_at = greatest(progress.last_event_at, excluded.last_event_at), "
            "applied_at = now()"
        ),
        {"c": consumer, "at": at},
    )


def replace_entity(batch: Batch, key: str, new: EntityState | None) -> list[Attribution]:
    """Swap what ``key`` contributed for ``new`` (None withdraws it)."""
    old = batch.entities.get(key)
    out: list[Attribution] = []
    if old is not None:
        out.append(Attribution(old.org_id, old.on, old.deltas, -1))
    if new is not None and new.deltas:
        out.append(Attribution(new.org_id, new.on, new.deltas))
    batch.set_entity(key, new if new is not None and new.deltas else None)
    return out


def mark_once(batch: Batch, key: str, new: EntityState) -> list[Attribution]:
    """Count ``key`` the first time only (a branch's month covered by a meeting); later marks change nothing."""
    if batch.entities.get(key) is not None:
        return []
    batch.set_entity(key, new)
    return [Attribution(new.org_id, new.on, new.deltas)]
