"""Small ASGI helpers for the platform's middleware: read a request body once, hand it on again."""

from __future__ import annotations

from fnmatch import fnmatchcase

from starlette.types import Message, Receive


async def read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def replay_body(body: bytes) -> Receive:
    """A ``receive`` that gives ``body`` once, then a disconnect (what the app sees after the last chunk)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def path_matches(path: str, key: str) -> bool:
    """A route key is a path prefix, or a pattern with ``*`` for a route under a resource id
    (``/api/v1/members/*/record/attachments``): how the upload routes name themselves to the middlewares."""
    return path.startswith(key) or ("*" in key and fnmatchcase(path, key))
