"""Routes that put a record at a path the caller names: 201 when the PUT created it, 200 when it replaced it.

Both answers carry the record and its ``ETag``; both are declared, so a generated client types the 201 as well as
the 200. The command returns the record and whether it was created; ``answer_put`` turns that into the status and
the header, one way for every such route.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Response, status
from pydantic import BaseModel

from shared.etag import set_etag
from shared.openapi import sends

R = TypeVar("R")


def puts(operation_id: str, model: type[BaseModel], summary: str) -> dict[str, Any]:
    """The arguments of such a route (``@router.put(path, **puts("setX", XOut, "…"))``)."""
    created: dict[int | str, dict[str, Any]] = {201: {"description": "Created", "model": model}}
    return {
        "operation_id": operation_id,
        "response_model": model,
        "summary": summary,
        "responses": sends("ETag", status=(200, 201), responses=created),
    }


def answer_put(response: Response, record: R, created: bool, version: int | None) -> R:
    """``record``, answered 201 when the PUT created it, with its ETag when it has a version."""
    if created:
        response.status_code = status.HTTP_201_CREATED
    if version is not None:
        set_etag(response, version)
    return record
