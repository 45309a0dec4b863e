"""An import's chunks pause the collector through the platform's one pause (``shared.collector``), the one
membership's consumers take around their batches: neither turns it back on while the other is in flight."""

from __future__ import annotations

import gc

from membership.imports import commands
from shared.collector import collection_paused


def test_a_consumer_batch_ending_leaves_an_import_chunk_paused() -> None:
    assert commands.collection_paused is collection_paused
    chunk, batch = commands.collection_paused(), collection_paused()
    chunk.__enter__()
    batch.__enter__()
    batch.__exit__(None, None, None)
    assert not gc.isenabled()  # the chunk is still in flight
    chunk.__exit__(None, None, None)
    assert gc.isenabled()
