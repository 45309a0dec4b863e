"""Text in one Unicode form (NFC) from the boundary on, and ``Vary: Accept-Language`` on localised responses.

"Nguyễn" typed on one keyboard is precomposed (NFC), pasted from another source it may be decomposed (NFD): two
different strings that look alike, so a unique name, a search or a duplicate check would miss. Every JSON body and
query string is therefore normalised to NFC before a route sees it (names, addresses, search terms alike), in
every service. Uploads (CSV, XLSX) are not JSON: the import normalises its cells with ``nfc``; models may also
use ``NFCStr``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from pydantic import AfterValidator
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from unidecode import unidecode

from shared.asgi import path_matches, read_body, replay_body
from shared.i18n import negotiate_language

_JSON_TYPES = ("application/json", "application/merge-patch+json", "application/problem+json")


def nfc(value: str) -> str:
    return value if value.isascii() else unicodedata.normalize("NFC", value)


NFCStr = Annotated[str, AfterValidator(nfc)]


def search_key(name: str) -> str:
    """Accent-free lower case with single spaces, so "Đảng ủy" is found by "dang uy" (unidecode turns Đ into D,
    which Unicode decomposition does not). Membership stores it per member; reporting folds names with it.

    Folded word by word (split at spaces), each word's fold kept: unidecode maps each character on its own and a
    space to a space, so the words' folds joined are the whole name's, and names share their words (an import's
    rows spent a fifth of their member building in unidecode; issue 13)."""
    return " ".join(folded for word in name.split(" ") if (folded := _folded_word(word)))


@lru_cache(maxsize=65_536)
def _folded_word(word: str) -> str:
    return " ".join(unidecode(word).lower().split())


def _deep_nfc(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_deep_nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): _deep_nfc(v) for k, v in value.items()}
    return value


def normalise_json(body: bytes) -> bytes:
    """NFC of every string in a JSON document; bytes that are not JSON are left for the route to refuse."""
    if body.isascii() and b"\\u" not in body:
        return body
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return body
    if "\\u" not in text:  # JSON syntax is ASCII: normalising the whole text normalises each string
        return unicodedata.normalize("NFC", text).encode("utf-8")
    try:
        document = json.loads(text)
    except ValueError:
        return body
    return json.dumps(_deep_nfc(document), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def normalise_query(query: bytes) -> bytes:
    if b"%" not in query and query.isascii():
        return query
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="surrogateescape")
    if all(k.isascii() and v.isascii() for k, v in pairs):
        return query
    normalised = [(nfc(k), nfc(v)) for k, v in pairs]
    return urlencode(normalised, encoding="utf-8", errors="surrogateescape").encode("latin-1")


def request_language(request: Request) -> str:
    """Negotiate the response language and remember it, so the response says ``Vary: Accept-Language``."""
    lang = negotiate_language(request.headers.get("accept-language"))
    request.state.language = lang
    return lang


class TextBoundaryMiddleware:
    """NFC for JSON bodies and query strings on the way in; ``Vary: Accept-Language`` on the way out whenever the
    response is localised (it has ``Content-Language``, or the route negotiated a language)."""

    def __init__(self, app: ASGIApp, *, skip_prefixes: Iterable[str] = ()) -> None:
        self.app = app
        self.skip_prefixes = tuple(skip_prefixes)  # uploads stream their bodies; they normalise their own cells

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope["query_string"] = normalise_query(scope.get("query_string", b""))
        headers = dict(scope.get("headers", []))
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().decode("latin-1").lower()
        uploads = any(path_matches(scope["path"], key) for key in self.skip_prefixes)
        if content_type in _JSON_TYPES and scope["method"] in {"POST", "PUT", "PATCH"} and not uploads:
            body = normalise_json(await read_body(receive))
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
            scope["headers"].append((b"content-length", str(len(body)).encode()))
            receive = replay_body(body)

        async def vary(message: Message) -> None:
            if message["type"] == "http.response.start":
                _add_vary(message, scope)
            await send(message)

        await self.app(scope, receive, vary)


def _add_vary(message: Message, scope: Scope) -> None:
    headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
    names = {k.lower() for k, _ in headers}
    if b"content-language" not in names and "language" not in scope.get("state", {}):
        return
    current = [v for k, v in headers if k.lower() == b"vary"]
    if any(b"accept-language" in v.lower() or v.strip() == b"*" for v in current):
        return
    headers = [(k, v) for k, v in headers if k.lower() != b"vary"]
    headers.append((b"vary", b", ".join([*current, b"Accept-Language"])))
    message["headers"] = headers


__all__ = ["NFCStr", "TextBoundaryMiddleware", "nfc", "normalise_json", "normalise_query", "request_language"]
