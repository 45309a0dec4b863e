"""The HTTP headers of the API in its OpenAPI document, so a generated client types them.

Response headers are declared by the route that sends them (``responses=sends("ETag", "Location", status=201)``):
only the route knows it sets them. What the platform does to every request is declared here once, by
``document_platform_headers``: ``Idempotency-Key`` on each operation ``IdempotencyMiddleware`` covers, with the
``Idempotent-Replayed`` header its replays carry.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict

from shared.idempotency import METHODS as IDEMPOTENT_METHODS

HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": "The record's version; send it back as `If-Match` to change the record.",
        "schema": {"type": "string", "examples": ['"3"']},
    },
    "Location": {
        "description": "Where the created (or accepted) resource can be read.",
        "schema": {"type": "string", "format": "uri-reference"},
    },
    "Last-Event-At": {
        "description": "Time of the last event applied to the figures (ISO 8601), empty before the first event.",
        "schema": {"type": "string"},
    },
    "Content-Disposition": {
        "description": "`attachment` with the file's name.",
        "schema": {"type": "string"},
    },
}
REPLAYED = {
    "description": "`true` when this is the stored response of an earlier request with the same Idempotency-Key.",
    "schema": {"type": "string", "enum": ["true"]},
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "A key unique to this change (e.g. a UUID): a retry with the same key and request gets the "
    "first response again instead of doing the change twice; the same key with another request is refused. "
    "Keys are kept 24 hours per client. Uploads above 1 MiB are not covered (imports upsert by external id).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
}


def sends(
    *names: str,
    status: int | tuple[int, ...] = 200,
    optional: tuple[str, ...] = (),
    responses: dict[int | str, dict[str, Any]] | None = None,
) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route whose ``status`` responses always carry ``names`` (and sometimes
    ``optional``), merged into the route's other ``responses``: a generated client then reads ``ETag`` or
    ``Location`` as a typed string."""
    headers = {name: {**HEADERS[name], "required": True} for name in names}
    headers.update({name: HEADERS[name] for name in optional})
    out: dict[int | str, dict[str, Any]] = {k: dict(v) for k, v in (responses or {}).items()}
    for code in (status,) if isinstance(status, int) else status:
        out.setdefault(code, {})["headers"] = headers
    return out


def document_platform_headers(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare ``Idempotency-Key`` on every operation the idempotency middleware covers, and the
    ``Idempotent-Replayed`` header on its successful responses (a replay may answer any of them)."""
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method.upper() not in IDEMPOTENT_METHODS or not isinstance(operation, dict):
                continue
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("in") == "header" and p.get("name") == "Idempotency-Key" for p in parameters):
                parameters.append(dict(IDEMPOTENCY_KEY))
            for status, response in operation.get("responses", {}).items():
                if str(status).startswith("2"):
                    response.setdefault("headers", {})["Idempotent-Replayed"] = REPLAYED
    return schema


def strict_body(*examples: dict[str, Any]) -> ConfigDict:
    """The configuration of a request body: an unknown field is refused (a misspelt field must not be ignored
    silently), and ``examples`` are what the API docs and generated clients show."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


def creates(operation_id: str, model: Any, **route: Any) -> dict[str, Any]:
    """The arguments of a route that creates a record (``@router.post("", **creates("createX", XOut))``): 201
    with the new record's ``ETag`` and ``Location``, both declared so a generated client types them."""
    return {
        "operation_id": operation_id,
        "status_code": 201,
        "response_model": model,
        "responses": sends("ETag", "Location", status=201),
        **route,
    }
