"""``decode_published`` builds exactly what ``Envelope.from_bytes`` builds, and rejects what it rejects."""

from __future__ import annotations

import orjson
import pytest
from pydantic import ValidationError

from shared.events import Envelope, decode_published


def _same(raw: bytes) -> Envelope:
    fast, slow = decode_published(raw), Envelope.from_bytes(raw)
    assert fast == slow
    assert fast.__dict__ == slow.__dict__
    assert list(fast.__dict__) == list(slow.__dict__)
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_extra == slow.model_extra
    assert fast.time.utcoffset() == slow.time.utcoffset()
    assert fast.model_dump(mode="json") == slow.model_dump(mode="json")
    assert fast.to_bytes() == slow.to_bytes()
    return fast


def test_a_published_envelope_decodes_as_from_bytes() -> None:
    envelope = Envelope(
        source="/grassroots/membership",
        type="vn.party.membership.member.registered.v1",
        subject="m-1",
        data={"member_id": "m-1", "nested": {"a": [1, 2.5, None, True]}},
        actor="user:1",
        orgpath="/p/d/b/",
    )
    decoded = _same(envelope.to_bytes())
    assert decoded.data == envelope.data
    assert decoded.time == envelope.time


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"time": "2026-12-01T20:38:44Z"},
        {"time": "2026-12-01T20:38:44.5+07:00"},
        {"time": "2026-12-01T20:38:44.123456-03:30"},
        {"actor": None, "orgpath": None},
        {"previousorgpath": "/p/d/", "traceparent": "00-abc-def-01", "requestid": "r"},
        {"specversion": "1.0", "datacontenttype": "application/json"},
        {"extension": "kept", "other": {"x": 1}},
    ],
)
def test_fields_and_extensions_as_from_bytes(changes: dict[str, object]) -> None:
    base: dict[str, object] = {
        "id": "e-1",
        "source": "s",
        "type": "t",
        "time": "2026-12-01T20:38:44.420403Z",
        "subject": "x",
        "data": {"a": 1},
    }
    _same(orjson.dumps({**base, **changes}))


@pytest.mark.parametrize(
    "changes",
    [
        {"time": "2026-12-01T20:38:44"},  # no offset: pydantic's naive datetime, through from_bytes
        {"time": "2026-12-01"},
        {"time": 1764621524},
        {"id": 12},
        {"specversion": None},
        {"actor": 3},
    ],
)
def test_other_shapes_go_through_from_bytes(changes: dict[str, object]) -> None:
    base = {"id": "e-1", "source": "s", "type": "t", "time": "2026-12-01T20:38:44Z", "subject": "x", "data": {}}
    raw = orjson.dumps({**base, **changes})
    try:
        expected = Envelope.from_bytes(raw)
    except ValidationError:
        with pytest.raises(ValidationError):
            decode_published(raw)
        return
    _same(raw)
    assert decode_published(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[1, 2]",
        b'{"id": "e", "source": "s", "type": "t", "subject": "x", "data": []}',
        b'{"source": "s", "type": "t", "subject": "x", "data": {}, "time": "2026-12-01T20:38:44Z", "id": null}',
        b'{"id": "e", "type": "t", "subject": "x", "data": {}, "time": "2026-12-01T20:38:44Z"}',
    ],
)
def test_what_from_bytes_rejects_is_rejected(raw: bytes) -> None:
    with pytest.raises(ValidationError):
        Envelope.from_bytes(raw)
    with pytest.raises(ValidationError):
        decode_published(raw)
