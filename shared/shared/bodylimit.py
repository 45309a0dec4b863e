"""Request bodies over a limit are refused (413) before they are read in full, let alone parsed.

A declared ``Content-Length`` over the limit is refused at once; a chunked body is counted as it streams and
refused as soon as it passes the limit. The limit is ``max_body_bytes`` (1 MiB by default); routes that take
uploads declare their own by path prefix (``ServiceSpec.body_limits``): a larger limit, or None for a route that
streams its body and enforces its own limit (membership's imports spool to disk and refuse past theirs).
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.asgi import path_matches, replay_body
from shared.errors import PayloadTooLarge
from shared.i18n import register_messages
from shared.problems import handle_domain_error

register_messages(
    {
        "request.too_large": {
            "vi": "Nội dung yêu cầu vượt quá giới hạn {max_bytes} byte.",
            "en": "The request body is over the limit of {max_bytes} bytes.",
        }
    }
)


class BodyTooLarge(StarletteHTTPException):
    """Raised into the app when a streamed body passes the limit; an HTTPException so body parsing lets it through
    (FastAPI turns any other exception there into a 400), rendered as the problem it carries."""

    def __init__(self, limit: int) -> None:
        super().__init__(413)
        self.problem = PayloadTooLarge("request.too_large", max_bytes=limit)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, default: int, by_prefix: Mapping[str, int | None] | None = None) -> None:
        self.app = app
        self.default = default
        self.by_prefix = sorted((by_prefix or {}).items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int | None:
        for prefix, limit in self.by_prefix:
            if path_matches(path, prefix):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(scope, send, limit)


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    """The 413 problem a handler raising ``PayloadTooLarge`` answers, given here: the app never sees the body."""
    response = await handle_domain_error(Request(scope), PayloadTooLarge("request.too_large", max_bytes=limit))
    response.headers["Connection"] = "close"
    await response(scope, replay_body(b""), send)


__all__ = ["BodyLimitMiddleware"]
