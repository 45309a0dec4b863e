"""NFC at the boundary: every string of a JSON body and every query value, however it was escaped; bytes that are
not JSON are left for the route to refuse."""

from __future__ import annotations

import json
import unicodedata

from shared.text import nfc, normalise_json, normalise_query

NFC_NAME = "Nguyễn Thị Hồng"
NFD_NAME = unicodedata.normalize("NFD", NFC_NAME)


def test_a_decomposed_name_becomes_precomposed_and_ascii_is_untouched() -> None:
    assert NFD_NAME != NFC_NAME
    assert nfc(NFD_NAME) == NFC_NAME
    assert normalise_json(b'{"a": 1.50, "b": "x"}') == b'{"a": 1.50, "b": "x"}'


def test_every_string_of_a_json_body_is_nfc_raw_or_escaped() -> None:
    raw = json.dumps({"full_name": NFD_NAME, "tags": [NFD_NAME], NFD_NAME: 1}, ensure_ascii=False).encode()
    escaped = json.dumps({"full_name": NFD_NAME, "n": 2}).encode()  # \\u0303 escapes
    assert json.loads(normalise_json(raw)) == {"full_name": NFC_NAME, "tags": [NFC_NAME], NFC_NAME: 1}
    assert json.loads(normalise_json(escaped)) == {"full_name": NFC_NAME, "n": 2}
    assert normalise_json(b"\xff not json") == b"\xff not json"
    assert normalise_json(b'{"broken": "\\u00') == b'{"broken": "\\u00'


def test_query_values_are_nfc() -> None:
    from urllib.parse import parse_qsl, quote

    query = f"q={quote(NFD_NAME)}&limit=5".encode()
    assert dict(parse_qsl(normalise_query(query).decode())) == {"q": NFC_NAME, "limit": "5"}
    assert normalise_query(b"limit=5&cursor=abc") == b"limit=5&cursor=abc"
