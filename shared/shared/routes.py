"""Routes that only hand a request to one command or one query, declared as data and built here once.

Most routes of the API have one of two shapes. A *step* (``POST /candidates/{candidate_id}/decision``) takes the
record's id from the path, a body, a principal allowed to change it and, where the record is versioned, the
``If-Match`` version; it calls ``command(db, ctx, principal, *ids, body[, version])`` and answers the changed
record with its ETag. A *read* (``GET /appeals/{appeal_id}``) calls ``load(session, principal, *ids)`` in a read
session and answers the record with its ETag. Writing each as its own function repeated the same lines route after
route; ``step`` and ``read`` build them from their parts, so a router lists its steps as a table and a route that
does anything else keeps its own function.

The built endpoint has an explicit signature (path ids, body, principal, db, ctx, version, response — the order a
hand-written route uses), so FastAPI documents and validates it exactly as it would the hand-written one, and the
``name`` given is the endpoint's ``__name__`` (FastAPI's default summary comes from it).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from shared.auth import Principal
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends

Present = Callable[[Any, Principal], Any]
_PATH_ID = re.compile(r"{(\w+)}")


def _param(name: str, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation)


def _presenter(present: Present | None, model: Any) -> Present:
    """How the record becomes the answer: ``present(record, principal)`` when given (a view that masks by role),
    else the response model read from the record's attributes."""
    if present is not None:
        return present
    return lambda record, _principal: model.model_validate(record)


def _endpoint(name: str, parameters: list[inspect.Parameter], call: Callable[..., Awaitable[Any]]) -> Any:
    call.__name__ = call.__qualname__ = name
    call.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return call


def step(
    router: APIRouter,
    path: str,
    command: Callable[..., Awaitable[Any]],
    *,
    name: str,
    operation_id: str,
    body: type[BaseModel],
    principal: Any,
    response_model: type[BaseModel],
    if_match: Any = None,
    present: Present | None = None,
    summary: str | None = None,
) -> None:
    """``POST path``: ``command(db, ctx, principal, *path ids, body[, version])``, answered with the record's ETag.

    ``principal`` is the route's ``Annotated[Principal, require(...)]``; ``if_match`` the ``If-Match`` dependency
    when the command checks the version it is given."""
    ids = _PATH_ID.findall(path)
    parameters = [_param(i, str) for i in ids] + [
        _param("body", body),
        _param("principal", principal),
        _param("db", DB),
        _param("ctx", Ctx),
    ]
    if if_match is not None:
        parameters.append(_param("version", if_match))
    parameters.append(_param("response", Response))
    answer = _presenter(present, response_model)

    async def endpoint(**values: Any) -> Any:
        versioned = (values["version"],) if if_match is not None else ()
        args = (*(values[i] for i in ids), values["body"], *versioned)
        record = await command(values["db"], values["ctx"], values["principal"], *args)
        set_etag(values["response"], record.version)
        return answer(record, values["principal"])

    router.post(
        path, operation_id=operation_id, response_model=response_model, summary=summary, responses=sends("ETag")
    )(_endpoint(name, parameters, endpoint))


def read(
    router: APIRouter,
    path: str,
    load: Callable[..., Awaitable[Any]],
    *,
    name: str,
    operation_id: str,
    principal: Any,
    response_model: type[BaseModel],
    present: Present | None = None,
    summary: str | None = None,
) -> None:
    """``GET path``: ``load(session, principal, *path ids)`` in a read session, answered with the record's ETag."""
    ids = _PATH_ID.findall(path)
    parameters = [_param(i, str) for i in ids] + [
        _param("principal", principal),
        _param("db", DB),
        _param("response", Response),
    ]
    answer = _presenter(present, response_model)

    async def endpoint(**values: Any) -> Any:
        async with values["db"].read_session() as session:
            record = await load(session, values["principal"], *(values[i] for i in ids))
        set_etag(values["response"], record.version)
        return answer(record, values["principal"])

    router.get(
        path, operation_id=operation_id, response_model=response_model, summary=summary, responses=sends("ETag")
    )(_endpoint(name, parameters, endpoint))
