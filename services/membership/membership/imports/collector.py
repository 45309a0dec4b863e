"""The cyclic garbage collector paused while an import's chunk is built and written (issue 13).

A chunk allocates some hundred container objects per row (the row, its model, the member's values, the event,
its envelope, the history and audit rows) that all live until the chunk commits. Every 700 allocations the
collector walked the young ones again, and every few of those passes walked the whole service's heap (some
200,000 objects of modules, schemas and mappers): a third of an imported row's CPU in ``bench/membership_import.py``.
Paused, it collects once when the chunk is done; reference counting frees everything else as it always did, so
only the chunk's reference cycles (if any) wait the chunk's fraction of a second to be freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """The chunks in flight in this process (imports run concurrently on one event loop) and whether the
    collector was running when the first of them began."""

    depth = 0
    resume = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Automatic collection off until the last chunk in flight leaves; left off if it was off already."""
    if _Pause.depth == 0:
        _Pause.resume = gc.isenabled()
        gc.disable()
    _Pause.depth += 1
    try:
        yield
    finally:
        _Pause.depth -= 1
        if _Pause.depth == 0 and _Pause.resume:
            gc.enable()
