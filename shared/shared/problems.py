"""RFC 9457 problem+json responses, localised by ``Accept-Language``, and their OpenAPI declaration."""

from __future__ import annotations

import re
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

import shared.messages  # noqa: F401  (registers the generic messages)
from shared.errors import DomainError, RuleViolation
from shared.i18n import has_message, negotiate_language, term, translate
from shared.policy import PolicyNotInForce

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:grassroots:problem:"
log = structlog.get_logger(__name__)


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where the error is: body/query/path and the field name.")
    type: str = Field(description="Stable error type (pydantic type or rule code).")
    msg: str = Field(description="Localised message.")


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(examples=["urn:grassroots:problem:rule-violation"])
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    rule: str | None = Field(None, description="The rule code that refused the request, if any.")
    values: dict[str, Any] | None = Field(None, description="The values that broke the rule.")
    overridable: bool | None = Field(None, description="True when an override with a recorded reason is allowed.")
    errors: list[FieldError] = Field(default_factory=list)


def _language(request: Request) -> str:
    return negotiate_language(request.headers.get("accept-language"))


def problem_response(
    request: Request,
    *,
    kind: str,
    status: int,
    detail: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> JSONResponse:
    lang = _language(request)
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind,
        "title": translate(f"title.{kind}", lang, default=kind),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": getattr(request.state, "request_id", None),
        "errors": errors or [],
        **{k: v for k, v in extra.items() if v is not None},
    }
    headers = {"Content-Language": lang}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _location(field: str, request: Request) -> list[str]:
    """``name`` is a body field unless the request carried a query or path parameter of that name; ``query.name``,
    ``path.name`` and ``header.name`` say so explicitly. A client fixes the parameter it sent, not a body it did not."""
    parts = field.split(".")
    if parts[0] in {"query", "path", "header"}:
        return parts
    if parts[0] in request.query_params:
        return ["query", *parts]
    if parts[0] in request.path_params:
        return ["path", *parts]
    return ["body", *parts]


def _json_safe(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        out[key] = value if isinstance(value, int | float | str | bool | type(None) | list | dict) else str(value)
    return out


async def handle_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    lang = _language(request)
    message = translate(exc.code, lang, **exc.params)
    errors = []
    if exc.field:
        errors.append({"loc": _location(exc.field, request), "type": exc.code, "msg": message})
    return problem_response(
        request,
        kind=exc.kind,
        status=exc.status,
        detail=message,
        errors=errors,
        rule=exc.code,
        values=_json_safe(exc.params) or None,
        overridable=exc.overridable if isinstance(exc, RuleViolation) else None,
    )


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    lang = _language(request)
    errors = []
    for error in exc.errors():
        code = error["type"]
        loc = [str(p) if not isinstance(p, int) else p for p in error["loc"]]
        if code == "json_invalid":
            # pydantic puts the character offset in ``loc``; it is a position in the text, not a field.
            loc, error = loc[:1], {**error, "ctx": {"position": loc[1] if len(loc) > 1 else "?"}}
        errors.append({"loc": loc, "type": code, "msg": _validation_message(code, loc, error, lang)})
    fields = ", ".join(".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]) for e in errors)
    detail = translate("title.validation-error", lang) + (f": {fields}" if fields else "")
    return problem_response(request, kind="validation-error", status=422, detail=detail, errors=errors)


def _validation_message(code: str, loc: list[str | int], error: Any, lang: str) -> str:
    """pydantic's stable type and context in the reader's language: enum values shown beside their meaning, and a
    field's own format rule (``pattern.national_id``) instead of a regular expression."""
    ctx = dict(error.get("ctx") or {})
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    if code == "string_pattern_mismatch" and has_message(f"pattern.{field}"):
        return translate(f"pattern.{field}", lang)
    if code in {"literal_error", "enum"} and isinstance(ctx.get("expected"), str):
        ctx["expected"] = _choices(ctx["expected"], lang)
    return translate(code, lang, **ctx) if has_message(code) else str(error.get("msg", code))


def _choices(expected: str, lang: str) -> str:
    """``'male', 'female' or 'other'`` → ``'male' (nam), 'female' (nữ) hoặc 'other' (khác)`` in Vietnamese."""
    values = re.findall(r"'([^']*)'", expected)
    if not values:
        return expected
    shown = [f"'{v}'" if term(v, lang) == v else f"'{v}' ({term(v, lang)})" for v in values]
    joiner = translate("choice.or", lang)
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" {joiner} " + shown[-1]


async def handle_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    problem = getattr(exc, "problem", None)  # raised where only an HTTPException passes (body parsing)
    if isinstance(problem, DomainError):
        return await handle_domain_error(request, problem)
    lang = _language(request)
    if exc.status_code == 404:
        return problem_response(request, kind="not-found", status=404, detail=translate("http.not_found", lang))
    if exc.status_code == 405:
        return problem_response(
            request, kind="method-not-allowed", status=405, detail=translate("http.method_not_allowed", lang)
        )
    return problem_response(request, kind="bad-request", status=exc.status_code, detail=str(exc.detail))


async def handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    request_id = getattr(request.state, "request_id", None)
    log.error("http.unhandled", exc_info=exc)  # rendered without SQL or personal data (shared.redaction)
    return problem_response(
        request, kind="internal", status=500, detail=translate("internal", _language(request), request_id=request_id)
    )


async def handle_policy_not_in_force(request: Request, exc: Exception) -> JSONResponse:
    """A date before the earliest regulation the system knows is the caller's data, not a server fault: 422 naming
    the policy and the date, so a district loading its history learns which rule has no version that far back."""
    assert isinstance(exc, PolicyNotInForce)
    params: dict[str, Any] = {"policy": exc.name, "date": exc.on.isoformat()}
    if exc.earliest is not None:
        params["earliest"] = exc.earliest.isoformat()
    return await handle_domain_error(request, RuleViolation("policy.not_in_force", **params))


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, handle_domain_error)
    app.add_exception_handler(PolicyNotInForce, handle_policy_not_in_force)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
    app.add_exception_handler(Exception, handle_unexpected)


PROBLEM_STATUSES = {
    "400": "Bad request",
    "401": "Not authenticated",
    "403": "Forbidden",
    "404": "Not found",
    "409": "Conflict or invalid state transition",
    "412": "ETag does not match",
    "422": "Invalid input or rule violated",
    "428": "If-Match required",
    "413": "Request body too large",
    "415": "Unsupported media type",
    "500": "Internal error",
    "503": "Database unavailable; retry after the Retry-After seconds",
}


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare every 4xx/5xx response as problem+json in the OpenAPI document (contract testers check it)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = components["Problem"].pop("$defs", {})
    components.update(defs)
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            conditional = any(
                p.get("in") == "header" and p.get("name", "").lower() == "if-match"
                for p in operation.get("parameters", [])
            )
            for status, description in PROBLEM_STATUSES.items():
                if status in {"412", "428"} and not conditional and status not in responses:
                    continue
                if status == "401" and not operation.get("security"):
                    continue
                if status in {"413", "415"} and "requestBody" not in operation:
                    continue
                responses[status] = {
                    "description": responses.get(status, {}).get("description", description),
                    "content": {PROBLEM_MEDIA_TYPE: {"schema": ref}},
                }
    return schema
