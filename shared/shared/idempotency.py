"""``Idempotency-Key`` for unsafe requests (IETF httpapi draft): a network retry never does the work twice.

The first request with a key claims ``(client, key)`` in the service's ``idempotency_keys`` table, runs, and
stores its response; a retry with the same key and the same request gets the stored response again (marked
``Idempotent-Replayed: true``); the same key with another request is refused (422); a retry while the first is
still running is refused (409). A response of 5xx releases the key so the client can retry for real. The client
is the token's subject, so two clients never share keys. Requests with a body above ``max_body`` (uploads)
pass through untouched: they have their own idempotency (imports upsert by external reference).

Install with ``app.add_middleware(IdempotencyMiddleware)`` on a service built by ``shared.app``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.i18n import negotiate_language, register_messages, translate
from shared.problems import problem_response
from shared.schema import idempotency_keys

register_messages(
    {
        "idempotency.key_reused": {
            "vi": "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.",
            "en": "This Idempotency-Key was already used for a different request.",
        },
        "idempotency.in_progress": {
            "vi": "Yêu cầu với Idempotency-Key này đang được xử lý; hãy thử lại sau.",
            "en": "A request with this Idempotency-Key is still being processed; retry later.",
        },
        "idempotency.key_invalid": {
            "vi": "Idempotency-Key phải dài từ 1 đến 200 ký tự.",
            "en": "The Idempotency-Key must be 1 to 200 characters long.",
        },
    }
)

_REPLAYED_HEADERS = {"content-type", "location", "etag", "content-language"}


class IdempotencyMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        methods: tuple[str, ...] = ("POST", "PATCH"),
        max_body: int = 1 << 20,
        ttl: timedelta = timedelta(hours=24),
    ) -> None:
        self.app = app
        self.methods = methods
        self.max_body = max_body
        self.ttl = ttl

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in self.methods:
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        key = headers.get("idempotency-key")
        length = headers.get("content-length", "0")
        if key is None or not length.isdigit() or int(length) > self.max_body:
            await self.app(scope, receive, send)
            return
        if not 0 < len(key) <= 200:
            await self._problem(scope, send, 400, "bad-request", "idempotency.key_invalid")
            return
        body = await _read_body(receive)
        client = await _client(scope, headers)
        if client is None:  # no valid token: the route itself answers 401
            await self.app(scope, _replay_body(body), send)
            return
        digest = hashlib.sha256(
            b"|".join([scope["method"].encode(), scope["path"].encode(), scope.get("query_string", b""), body])
        ).hexdigest()
        await self._handle(scope, send, body, client, key, digest)

    async def _handle(self, scope: Scope, send: Send, body: bytes, client: str, key: str, digest: str) -> None:
        engine = scope["app"].state.db.engine
        async with engine.begin() as conn:
            await conn.execute(
                delete(idempotency_keys).where(
                    idempotency_keys.c.client == client,
                    idempotency_keys.c.key == key,
                    idempotency_keys.c.created_at < datetime.now(UTC) - self.ttl,
                )
            )
            claimed = (
                await conn.execute(
                    pg_insert(idempotency_keys)
                    .values(client=client, key=key, request_hash=digest)
                    .on_conflict_do_nothing()
                    .returning(idempotency_keys.c.key)
                )
            ).first()
            stored = (
                None
                if claimed
                else (
                    await conn.execute(
                        select(idempotency_keys).where(
                            idempotency_keys.c.client == client, idempotency_keys.c.key == key
                        )
                    )
                ).first()
            )
        if stored is not None:
            await self._answer_stored(scope, send, stored, digest)
            return
        status, response_headers, chunks = 500, [], []

        async def capture(message: Message) -> None:
            nonlocal status, response_headers
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = [(k.decode(), v.decode()) for k, v in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, _replay_body(body), capture)
        finally:
            await self._store(engine, client, key, status, response_headers, b"".join(chunks))

    async def _store(
        self, engine: Any, client: str, key: str, status: int, headers: list[tuple[str, str]], body: bytes
    ) -> None:
        where = (idempotency_keys.c.client == client, idempotency_keys.c.key == key)
        async with engine.begin() as conn:
            if status >= 500:
                await conn.execute(delete(idempotency_keys).where(*where))
                return
            kept = {k: v for k, v in headers if k.lower() in _REPLAYED_HEADERS}
            await conn.execute(
                update(idempotency_keys)
                .where(*where)
                .values(status_code=status, response_body=body.decode("utf-8", errors="replace"), response_headers=kept)
            )

    async def _answer_stored(self, scope: Scope, send: Send, stored: Any, digest: str) -> None:
        if stored.request_hash != digest:
            await self._problem(scope, send, 422, "idempotency-key-reused", "idempotency.key_reused")
        elif stored.status_code is None:
            await self._problem(scope, send, 409, "conflict", "idempotency.in_progress")
        else:
            headers = [(k.encode(), v.encode()) for k, v in (stored.response_headers or {}).items()]
            headers.append((b"idempotent-replayed", b"true"))
            await send({"type": "http.response.start", "status": stored.status_code, "headers": headers})
            await send({"type": "http.response.body", "body": (stored.response_body or "").encode()})

    async def _problem(self, scope: Scope, send: Send, status: int, kind: str, code: str) -> None:
        request = Request(scope)
        detail = translate(code, negotiate_language(request.headers.get("accept-language")))
        response = problem_response(request, kind=kind, status=status, detail=detail, rule=code)

        async def no_body() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        await response(scope, no_body, send)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay_body(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _client(scope: Scope, headers: dict[str, str]) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        principal = await scope["app"].state.verifier.verify(token)
    except Exception:
        return None
    return f"{principal.client_id or '-'}:{principal.subject}"[:200]


__all__ = ["IdempotencyMiddleware"]
