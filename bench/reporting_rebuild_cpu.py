"""The Python CPU a rebuild spends per member event outside the database and NATS, timed by ``process_time``:
the handler (``member_changed``: the event's view and its operation), the batch's drain (the member's effects,
their paths, the held leaves, ``store.drain`` with a session that answers nothing) and the staged sums' fold,
then the write's Python (spreading the held leaves, the yearly roll-ups, the records ``COPY`` sends).

    .venv/bin/python bench/reporting_rebuild_cpu.py [--members 50000] [--batch 1000] [--runs 3]

The events are ``reporting_history.py``'s (members registered in 2026 with admissions over 1960–2026) on its
1,111-unit tree; the database's part of a rebuild is ``reporting_history.py --rebuild-only``'s to measure.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from collections.abc import Coroutine
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from reporting.consumers import consumers
from reporting.facts import store
from reporting.facts.rules import OrgHistory, Placement
from shared.events import Envelope

sys.path.insert(0, str(Path(__file__).parent))
from reporting_history import history
from reporting_throughput import tree


class _Result:
    def all(self) -> list[Any]:
        return []

    def scalar_one(self) -> int:
        return 0

    def __iter__(self) -> Any:
        return iter(())


class _Session:
    """Answers every statement with no rows: the members are new, as in a rebuild of registrations."""

    def __init__(self) -> None:
        self.info: dict[str, Any] = {}
        self.sync_session = Session()  # for the staging's commit listener (never fired: folded by hand)

    async def execute(self, *_: Any, **__: Any) -> _Result:
        return _Result()


class _Uow:
    def __init__(self) -> None:
        self.session = _Session()


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Drive a coroutine that never suspends (the fake session answers at once)."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    raise RuntimeError("suspended")


def paths_of(tree_events: list[Envelope]) -> dict[str, OrgHistory]:
    paths: dict[str, str] = {}
    for e in tree_events:
        parent = e.data["parent_id"]
        paths[e.data["org_id"]] = (paths[parent] if parent else "/") + e.data["org_id"] + "/"
    return {o: OrgHistory([Placement(p, date(2000, 1, 1), None)], p) for o, p in paths.items()}


def write_python(cells: Any, leaves: Any) -> int:
    """``write_staged``'s Python: what it hands ``COPY``."""
    records = getattr(store, "staged_rows_of", None)
    if records is not None:
        return len(records(cells, leaves))
    deltas = store.Deltas(cells)
    deltas.spread(leaves)
    return len(store.staged_records(deltas.rows_with_years()))


def one_run(events: list[Envelope], histories: dict[str, OrgHistory], batch_size: int) -> tuple[float, float, int]:
    handler = consumers()[0].handlers[events[0].type]
    with store.staged() as staging:
        started = time.process_time()
        for start in range(0, len(events), batch_size):
            uow = _Uow()
            batch = store.batch_of(uow)  # type: ignore[arg-type]
            batch.history.update(histories)
            for envelope in events[start : start + batch_size]:
                _run(handler(uow, envelope))  # type: ignore[arg-type]
            _run(store.flush(uow.session, batch))  # type: ignore[arg-type]
            for pending in uow.session.info.get("reporting.staged", []):  # what the commit's listener folds
                store.sum_into(staging.cells, pending.cells)
                store.sum_into(staging.leaves, pending.leaves)
        applied = time.process_time()
        rows = write_python(*staging.take())
        written = time.process_time()
    return applied - started, written - applied, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tree_events, branches = tree()
    histories = paths_of(tree_events)
    events = history(branches, args.members)
    gc.set_threshold(100_000)  # the rebuild's (``rebuild.GC_THRESHOLD``)
    asyncio.set_event_loop(asyncio.new_event_loop())
    applying, writing = [], []
    for _ in range(args.runs):
        apply_s, write_s, rows = one_run(events, histories, args.batch)
        applying.append(apply_s / args.members * 1e6)
        writing.append(write_s / args.members * 1e6)
        print(f"  apply {applying[-1]:.1f} µs/event, write {writing[-1]:.1f} µs/event ({rows:,} rows)")
    print(
        f"median of {args.runs}: apply {statistics.median(applying):.1f} µs/event, "
        f"write {statistics.median(writing):.1f} µs/event, total "
        f"{statistics.median(a + w for a, w in zip(applying, writing, strict=True)):.1f}"
    )


if __name__ == "__main__":
    main()
