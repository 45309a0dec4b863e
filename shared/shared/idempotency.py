"""``Idempotency-Key`` for unsafe requests (IETF httpapi draft): a network retry never does the work twice.

The first request with a key claims ``(principal, key)`` in the service's ``idempotency_keys`` table, runs, and
stores its response; a retry with the same key and the same request gets the stored response again (marked
``Idempotent-Replayed: true``); the same key with another request is refused (422); a retry while the first is
still running is refused (409). The principal is the whole identity of the token (client, subject, organisation
and roles): the same subject acting for another organisation or with other roles never sees another's response.

The command's own transaction records that it committed (``record_commit``, called by the unit of work), so the
key's state is never a guess:
- a 5xx before the commit releases the key, and a claim older than ``lease`` that never committed (its process
  died) is taken over by the retry; the original, if it was only slow, then fails to record its commit and rolls
  back, so the work is done once;
- a claim that committed but whose response was lost (a crash after the commit) answers 409
  ``idempotency.done_response_lost``: the work is done; the client reads the resource instead of doing it again.
Requests with a body above ``max_body`` (uploads) pass through untouched: they have their own idempotency
(imports upsert by external reference).

Install with ``app.add_middleware(IdempotencyMiddleware)`` on a service built by ``shared.app``.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.asgi import read_body, replay_body
from shared.errors import Conflict
from shared.faults import is_unavailable, unavailable_response
from shared.i18n import negotiate_language, register_messages, translate
from shared.problems import problem_response
from shared.redaction import describe
from shared.schema import idempotency_keys

log = structlog.get_logger(__name__)

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
        "idempotency.done_response_lost": {
            "vi": "Yêu cầu với Idempotency-Key này đã được thực hiện nhưng không lưu được phản hồi; "
            "hãy đọc lại dữ liệu.",
            "en": "The request with this Idempotency-Key was carried out but its response was not kept; read the "
            "resource instead.",
        },
        "idempotency.key_invalid": {
            "vi": "Idempotency-Key phải dài từ 1 đến 200 ký tự.",
            "en": "The Idempotency-Key must be 1 to 200 characters long.",
        },
    }
)

METHODS = ("POST", "PUT", "PATCH")  # retried with a key (a PUT too: an upsert answers 201 once, then 200)
_REPLAYED_HEADERS = {"content-type", "location", "etag", "content-language"}


@dataclass
class Claim:
    """This request's hold on a key; the unit of work records its commit on it, in the command's transaction."""

    client: str
    key: str
    token: str
    committed: bool = False


_claim: contextvars.ContextVar[Claim | None] = contextvars.ContextVar("idempotency_claim", default=None)


def _mine(claim: Claim) -> tuple[Any, ...]:
    return (
        idempotency_keys.c.client == claim.client,
        idempotency_keys.c.key == claim.key,
        idempotency_keys.c.response_headers["claim"].astext == claim.token,
    )


def claimed() -> bool:
    """The request being served holds a key's claim (its command must record its commit, ``record_commit``)."""
    return _claim.get() is not None


async def record_commit(session: AsyncSession) -> None:
    """Called inside a command's transaction: mark the request's key as done, or refuse (rolling the command
    back) when a retry took the key over because this request outlived its lease."""
    claim = _claim.get()
    if claim is None or claim.committed:
        return
    marked = (
        await session.execute(
            update(idempotency_keys)
            .where(*_mine(claim))
            .values(response_headers={"claim": claim.token, "committed": True})
            .returning(idempotency_keys.c.key)
        )
    ).first()
    if marked is None:
        raise Conflict("idempotency.in_progress")
    claim.committed = True


class IdempotencyMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        methods: tuple[str, ...] = METHODS,
        max_body: int = 1 << 20,
        ttl: timedelta = timedelta(hours=24),
        lease: timedelta = timedelta(seconds=30),
    ) -> None:
        self.app = app
        self.methods = methods
        self.max_body = max_body
        self.ttl = ttl
        self.lease = lease

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
        body = await read_body(receive)
        client = await _client(scope, headers)
        if client is None:  # no valid token: the route itself answers 401
            await self.app(scope, replay_body(body), send)
            return
        digest = hashlib.sha256(
            b"|".join([scope["method"].encode(), scope["path"].encode(), scope.get("query_string", b""), body])
        ).hexdigest()
        engine = scope["app"].state.db.engine
        try:
            claim, stored = await self._claim(engine, client, key, digest)
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            await unavailable_response(Request(scope))(scope, replay_body(b""), send)
            return
        if claim is None:
            await self._answer_stored(scope, send, stored, digest)
            return
        await self._run(scope, send, body, engine, claim)

    async def _claim(self, engine: Any, client: str, key: str, digest: str) -> tuple[Claim | None, Any]:
        """Claim the key, or take over a claim that outlived its lease without committing (or a key past its
        time to live); else the stored row. One statement outside any transaction (it is atomic on its own): the
        claim used to be a transaction of four round trips in front of every keyed command."""
        token = uuid.uuid4().hex
        where = (idempotency_keys.c.client == client, idempotency_keys.c.key == key)
        now = datetime.now(UTC)
        stored, new = idempotency_keys.c, pg_insert(idempotency_keys).excluded
        claim = (
            pg_insert(idempotency_keys)
            .values(client=client, key=key, request_hash=digest, response_headers={"claim": token}, created_at=now)
            .on_conflict_do_update(
                index_elements=[stored.client, stored.key],
                set_={
                    "request_hash": new.request_hash,
                    "status_code": None,
                    "response_body": None,
                    "response_headers": new.response_headers,
                    "created_at": new.created_at,
                },
                where=or_(
                    stored.created_at < now - self.ttl,  # expired: as if it had never been used
                    and_(  # a claim whose process died before committing: the retry takes it over
                        stored.request_hash == new.request_hash,
                        stored.status_code.is_(None),
                        stored.created_at < now - self.lease,
                        stored.response_headers["committed"].astext.is_(None),
                    ),
                ),
            )
            .returning(stored.key)
        )
        async with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
            if (await conn.execute(claim)).first() is not None:
                return Claim(client, key, token), None
            return None, (await conn.execute(select(idempotency_keys).where(*where))).first()

    async def _run(self, scope: Scope, send: Send, body: bytes, engine: Any, claim: Claim) -> None:
        status, response_headers, chunks = 500, [], []

        async def capture(message: Message) -> None:
            nonlocal status, response_headers
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = [(k.decode(), v.decode()) for k, v in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        reset = _claim.set(claim)
        try:
            await self.app(scope, replay_body(body), capture)
        finally:
            _claim.reset(reset)
            try:
                await _store(engine, claim, status, response_headers, b"".join(chunks))
            except Exception as exc:  # the database went away after the answer: the key's state stays recorded
                if not is_unavailable(exc):
                    raise
                log.warning("idempotency.store_failed", error=describe(exc))

    async def _answer_stored(self, scope: Scope, send: Send, stored: Any, digest: str) -> None:
        if stored is None:  # released between our insert and our read: the client may simply retry
            await self._problem(scope, send, 409, "conflict", "idempotency.in_progress")
        elif stored.request_hash != digest:
            await self._problem(scope, send, 422, "idempotency-key-reused", "idempotency.key_reused")
        elif stored.status_code is None:
            committed = (stored.response_headers or {}).get("committed")
            old = stored.created_at < datetime.now(UTC) - self.lease
            code = "idempotency.done_response_lost" if committed and old else "idempotency.in_progress"
            await self._problem(scope, send, 409, "conflict", code)
        else:
            headers = [(k.encode(), v.encode()) for k, v in (stored.response_headers or {}).items()]
            headers.append((b"idempotent-replayed", b"true"))
            await send({"type": "http.response.start", "status": stored.status_code, "headers": headers})
            await send({"type": "http.response.body", "body": (stored.response_body or "").encode()})

    async def _problem(self, scope: Scope, send: Send, status: int, kind: str, code: str) -> None:
        request = Request(scope)
        detail = translate(code, negotiate_language(request.headers.get("accept-language")))
        response = problem_response(request, kind=kind, status=status, detail=detail, rule=code)
        await response(scope, replay_body(b""), send)


async def _store(engine: Any, claim: Claim, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
    """Keep the response for retries; a 5xx before any commit releases the key (the work was not done). One
    statement, outside any transaction (it was ``BEGIN``, the statement, ``COMMIT``)."""
    async with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
        if status >= 500:
            if not claim.committed:
                await conn.execute(delete(idempotency_keys).where(*_mine(claim)))
            return
        kept = {k: v for k, v in headers if k.lower() in _REPLAYED_HEADERS}
        await conn.execute(
            update(idempotency_keys)
            .where(*_mine(claim))
            .values(status_code=status, response_body=body.decode("utf-8", errors="replace"), response_headers=kept)
        )


async def _client(scope: Scope, headers: dict[str, str]) -> str | None:
    """The whole principal, hashed: the same subject with another organisation or roles is another client."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        principal = await scope["app"].state.verifier.verify(token)
    except Exception:
        return None
    identity = [principal.client_id, principal.subject, principal.org_id, sorted(principal.roles)]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()


__all__ = ["IdempotencyMiddleware", "claimed", "record_commit"]
