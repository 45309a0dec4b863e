"""The collector's pause around consumers' batches: off while any batch is in flight, as it was once none is, and a
full collection now and then when batches keep overlapping."""

from __future__ import annotations

import gc

import pytest

from shared import collector
from shared.collector import collection_paused


def test_collection_is_paused_until_the_last_concurrent_batch_leaves() -> None:
    assert gc.isenabled()
    first, second = collection_paused(), collection_paused()
    first.__enter__()
    assert not gc.isenabled()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second batch is still in flight
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_batch_that_fails_resumes_collection() -> None:
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("the batch failed")
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_batches_overlapping_for_too_long_collect_when_one_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    collections: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(1) or 0)
    first = collection_paused()
    first.__enter__()
    with collection_paused():
        pass
    assert collections == []  # a short overlap: nothing collected
    monkeypatch.setattr(collector._Pause, "since", collector._Pause.since - collector.LONGEST - 1)
    with collection_paused():
        pass
    assert collections == [1]
    assert not gc.isenabled()  # the first batch is still in flight
    first.__exit__(None, None, None)
    assert gc.isenabled()
