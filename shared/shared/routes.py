"""Routes that only hand a request to one command or one query, declared in one line each and built here once.

Most routes of the API have one of three shapes. A *read* (``GET /appeals/{appeal_id}``) calls
``load(session, principal, *ids)`` in a read session and answers the record with its ETag. A *step*
(``POST /candidates/{candidate_id}/decision``) takes the record's ids from the path, a body, a principal allowed
to change it and, where the commands check it, the ``If-Match`` version; it calls
``command(db, ctx, principal, *ids, body[, version])`` and answers the changed record with its ETag. A *create*
is a step without a version that answers 201 with the new record's ``Location``. Written out, each was the same
ten lines route after route; a ``Resource`` names what the routes of one kind of record share (its response model,
who reads, who writes, the version dependency) and builds each route from one line. A route that does anything
else keeps its own function.

The built endpoint has an explicit signature (path ids, body, principal, db, ctx, version, response — the order a
hand-written route uses), so FastAPI validates and documents it exactly as the hand-written one, and the ``name``
given is the endpoint's ``__name__`` (FastAPI's default summary comes from it).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from shared.auth import Principal, require
from shared.db import Database
from shared.deps import DB, Ctx
from shared.etag import set_etag
from shared.openapi import sends
from shared.pagination import Page, PageRequest, page_params

Present = Callable[[Any, Principal], Any]
Call = Callable[..., Awaitable[Any]]
T = TypeVar("T")
_PATH_ID = re.compile(r"{(\w+)}")


def _param(name: str, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation)


def _endpoint(name: str, parameters: list[inspect.Parameter], call: Call) -> Call:
    call.__name__ = call.__qualname__ = name
    call.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return call


@dataclass(frozen=True)
class Resource:
    """A kind of versioned record on a router: what it answers (``model``, or ``present(record, principal)`` for a
    view that masks by role), who may read it, who may change it, and the ``If-Match`` dependency its steps pass to
    their command (none when the commands check no version)."""

    router: APIRouter
    model: type[BaseModel]
    reader: Any
    writer: Any
    if_match: Any = None
    present: Present | None = None

    def _answer(self, record: Any, principal: Principal) -> Any:
        return self.model.model_validate(record) if self.present is None else self.present(record, principal)

    def read(self, path: str, load: Call, name: str, operation_id: str) -> None:
        """``GET path``: ``load(session, principal, *path ids)`` in a read session, answered with the ETag."""
        ids = _PATH_ID.findall(path)
        parameters = [_param(i, str) for i in ids]
        parameters += [_param("principal", self.reader), _param("db", DB), _param("response", Response)]

        async def endpoint(**values: Any) -> Any:
            async with values["db"].read_session() as session:
                record = await load(session, values["principal"], *(values[i] for i in ids))
            set_etag(values["response"], record.version)
            return self._answer(record, values["principal"])

        self.router.get(path, operation_id=operation_id, response_model=self.model, responses=sends("ETag"))(
            _endpoint(name, parameters, endpoint)
        )

    def step(
        self,
        path: str,
        command: Call,
        body: type[BaseModel],
        name: str,
        operation_id: str,
        summary: str = "",
        *,
        method: str = "POST",
        stamped: bool = False,
        location: str | None = None,
    ) -> None:
        """``POST path`` (or ``method``): ``command(db, ctx, principal, *path ids, body[, version][, now])``,
        answered with the ETag; ``stamped`` commands also take the time of the request (UTC). With ``location``
        the step creates a record (see ``create``)."""
        if_match = self.if_match if location is None else None
        ids = _PATH_ID.findall(path)
        parameters = [_param(i, str) for i in ids] + [_param("body", body), _param("principal", self.writer)]
        parameters += [_param("db", DB), _param("ctx", Ctx)]
        parameters += [_param("version", if_match)] if if_match is not None else []
        parameters.append(_param("response", Response))

        async def endpoint(**values: Any) -> Any:
            versioned = (values["version"],) if if_match is not None else ()
            stamp = (datetime.now(UTC),) if stamped else ()
            args = (*(values[i] for i in ids), values["body"], *versioned, *stamp)
            record = await command(values["db"], values["ctx"], values["principal"], *args)
            if location is not None:
                values["response"].headers["Location"] = location.format(id=record.id)
            set_etag(values["response"], record.version)
            return self._answer(record, values["principal"])

        status, headers = (201, ("ETag", "Location")) if location is not None else (200, ("ETag",))
        self.router.api_route(
            path,
            methods=[method],
            operation_id=operation_id,
            status_code=status,
            response_model=self.model,
            summary=summary or None,
            responses=sends(*headers, status=status),
        )(_endpoint(name, parameters, endpoint))

    def create(
        self, path: str, command: Call, body: type[BaseModel], name: str, operation_id: str, location: str
    ) -> None:
        """``POST path`` creating a record: ``command(db, ctx, principal, *path ids, body)``, answered 201 with
        the ETag and the ``Location`` (``location`` formatted with the new record's ``id``)."""
        self.step(path, command, body, name, operation_id, location=location)


@dataclass(frozen=True)
class Listing:
    """What every list route reads with: the caller (any role), the database and the page asked for."""

    principal: Principal
    db: Database
    page: PageRequest

    async def of(self, query: Callable[..., Awaitable[Page[T]]], *args: Any, **filters: Any) -> Page[T]:
        """``query(session, principal, page, *args, **filters)`` in a read session."""
        async with self.db.read_session() as session:
            return await query(session, self.principal, self.page, *args, **filters)


async def _listing(
    principal: Annotated[Principal, require()], db: DB, page: Annotated[PageRequest, Depends(page_params)]
) -> Listing:
    return Listing(principal, db, page)


Listed = Annotated[Listing, Depends(_listing)]
