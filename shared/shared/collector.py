"""The cyclic garbage collector paused while a consumer's batch is decoded, applied and acknowledged (issue 13).

A batch of a few thousand events keeps every envelope, its data, the handlers' views and the batch's sums alive
until it commits: some hundred thousand container objects. Every 700 allocations the collector walked the young
ones again, and every few passes the older ones: 14 % of reporting's consumer samples in py-spy
(``gc_collect_main``), a cost the batch's objects never repay (reference counting frees them all when the batch
is done; they hold no cycles the collector would have to break sooner). Paused, the collector runs again once the
last batch in flight is done; batches of the process's consumers that overlap without a break for longer than
``LONGEST`` seconds get a full collection when one of them ends, so a busy process never goes without one.
Membership's import pauses it the same way around each chunk (some hundred objects a row living until the chunk
commits: the collector had been a third of an imported row's CPU in ``bench/membership_import.py``). One pause
serves both, so a consumer's batch ending in membership's process never turns the collector back on under an
import's chunk, nor the other way round.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager

LONGEST = 10.0
"""Seconds the collector may stay paused by batches that keep overlapping before one of them collects."""


class _Pause:
    """The batches in flight in this process, whether the collector ran when the first began, and since when."""

    depth = 0
    resume = False
    since = 0.0


@contextmanager
def collection_paused() -> Iterator[None]:
    """Automatic collection off until the last batch in flight leaves; left off if it was off already."""
    if _Pause.depth == 0:
        _Pause.resume = gc.isenabled()
        _Pause.since = time.monotonic()
        gc.disable()
    _Pause.depth += 1
    try:
        yield
    finally:
        _Pause.depth -= 1
        if _Pause.resume:
            if _Pause.depth == 0:
                gc.enable()
            elif time.monotonic() - _Pause.since > LONGEST:
                _Pause.since = time.monotonic()
                gc.collect()


__all__ = ["LONGEST", "collection_paused"]
