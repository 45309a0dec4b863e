"""ETags from version columns: ``If-Match`` protects updates against lost writes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response

from shared.errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def check_version(current: int, expected: int | None) -> None:
    """``If-Match`` names the version the client read; another writer since then means 412 with the current ETag."""
    if expected is not None and current != expected:
        raise PreconditionFailed("etag.mismatch", current=etag(current))


async def if_match_version(
    if_match: Annotated[str | None, Header(description="ETag of the version being changed.")] = None,
) -> int | None:
    """The version the client expects, or None when it sent no ``If-Match`` (the change then applies as is).
    ``async`` so that FastAPI calls it on the event loop, not in its thread pool."""
    return _version(if_match)


async def required_if_match(
    if_match: Annotated[str | None, Header(description="ETag of the version being changed (required).")] = None,
) -> int:
    version = _version(if_match)
    if version is None:
        raise PreconditionRequired("etag.required")
    return version


def _version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionFailed("etag.mismatch", current="?")
    return int(value)
