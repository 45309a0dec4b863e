"""The collector's pause around an import's chunks: off while any chunk is in flight, as it was once none is."""

from __future__ import annotations

import gc

from membership.imports.collector import collection_paused


def test_collection_is_paused_until_the_last_concurrent_chunk_leaves() -> None:
    assert gc.isenabled()
    first, second = collection_paused(), collection_paused()
    first.__enter__()
    assert not gc.isenabled()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second chunk is still in flight
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_chunk_that_fails_resumes_collection() -> None:
    try:
        with collection_paused():
            raise RuntimeError("the chunk failed")
    except RuntimeError:
        pass
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
