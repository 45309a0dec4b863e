"""NFC at the boundary: every string of a JSON body and every query value, however it was escaped; bytes that are
not JSON are left for the route to refuse."""

from __future__ import annotations

import json
import random
import unicodedata

from starlette.types import Message, Receive, Scope, Send
from unidecode import unidecode

from shared.text import TextBoundaryMiddleware, nfc, normalise_json, normalise_query, search_key

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


async def _received_before_the_app(path: str, skip: list[str]) -> int:
    """How many body messages the middleware read before the route ran (a JSON POST of two chunks)."""
    chunks = [{"type": "http.request", "body": b'{"a":', "more_body": True}, {"type": "http.request", "body": b"1}"}]
    taken: list[int] = []

    async def receive() -> Message:
        taken.append(1)
        return chunks[len(taken) - 1]

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(len(taken))

    seen: list[int] = []
    scope: Scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "query_string": b"",
        "headers": [(b"content-type", b"application/json")],
    }

    async def send(message: Message) -> None:
        return None

    await TextBoundaryMiddleware(app, skip_prefixes=skip)(scope, receive, send)
    return seen[0]


async def test_an_upload_route_named_by_a_pattern_streams_its_body_past_the_json_normalisation() -> None:
    skip = ["/api/v1/imports", "/api/v1/members/*/record/attachments"]
    assert await _received_before_the_app("/api/v1/members/m-1/record/attachments", skip) == 0
    assert await _received_before_the_app("/api/v1/imports", skip) == 0
    assert await _received_before_the_app("/api/v1/members/m-1/record", skip) == 2  # read whole, normalised


def test_search_key_folds_word_by_word_as_the_whole_name_folds() -> None:
    """The words' folds joined are the whole text's fold, whatever whitespace, accents or symbols it holds."""
    alphabet = "aĐđăâêôơưÁÀẢÃẠấầẩẫậ Nguyễn Thị Hồ'-.,0123456789\t\n\u00a0\u2003\u3000\x1c\x85中文한국\u200b\u0301éß"
    rng = random.Random(13)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert search_key(text) == " ".join(unidecode(text).lower().split()), repr(text)
