"""The event id and the subject's province token, written without the standard library's slower helpers, are the
same text those helpers give (``shared.events.new_event_id``, ``province_of``)."""

from __future__ import annotations

import os
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared import events
from shared.events import NATIONAL, new_event_id, province_of


@pytest.mark.parametrize(
    "raw", [bytes(16), b"\xff" * 16, bytes(range(16)), bytes(range(240, 256)), *(os.urandom(16) for _ in range(200))]
)
def test_an_event_id_is_str_of_uuid4_from_the_same_random_bytes(monkeypatch: pytest.MonkeyPatch, raw: bytes) -> None:
    monkeypatch.setattr(os, "urandom", lambda n: raw[:n])
    expected = str(uuid.uuid4())  # uuid4 draws its 16 bytes from os.urandom as well
    assert new_event_id() == expected
    assert uuid.UUID(expected).version == 4


def test_event_ids_differ() -> None:
    ids = {new_event_id() for _ in range(10_000)}
    assert len(ids) == 10_000
    assert all(uuid.UUID(i).variant == uuid.RFC_4122 and str(uuid.UUID(i)) == i for i in ids)


def _first_id(orgpath: str | None) -> str:
    """The definition ``province_of`` replaced: the first non-empty part between slashes."""
    ids = [part for part in (orgpath or "").split("/") if part]
    return ids[0] if ids else NATIONAL


@given(st.one_of(st.none(), st.text(alphabet="/ab -.", max_size=12), st.text(max_size=12)))
def test_the_province_is_the_first_non_empty_part_of_the_path(orgpath: str | None) -> None:
    assert province_of(orgpath) == _first_id(orgpath)


def test_the_province_of_usual_paths() -> None:
    assert [province_of(p) for p in ("/p1/d1/b1/", "p1/d1", "/p1/", "/", "", None, "//p2//x/")] == [
        "p1",
        "p1",
        "p1",
        NATIONAL,
        NATIONAL,
        NATIONAL,
        "p2",
    ]
    assert events.province_tokens("/p1/b/", "/p2/c/") == ["p1", "p2"]
