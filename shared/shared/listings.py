"""List routes declared from their filters: one frozen dataclass names a list's optional query parameters once.

A list route took each filter as a parameter, passed it on by name, and its query took it again by name: the same
names three times, route after route, until a filter added to one place was missing from another. Now a feature
declares its filters as a dataclass (fields with defaults, ``Annotated`` with ``Query(...)`` where a parameter has
bounds or a description), ``list_route`` builds the route from it, and the query reads the one filters object;
a filter that narrows to rows whose column equals it is named as its column, so ``same_named`` pairs them.

The built endpoint has an explicit signature (the ``Listed`` dependency, then the filters' fields in their
order), so FastAPI validates and documents each filter exactly as a hand-written route's parameter; the ``name``
given is the endpoint's ``__name__`` (FastAPI's default summary comes from it).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, get_type_hints

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.pagination import Page, PageRequest
from shared.routes import Listed, Listing

ListQuery = Callable[[AsyncSession, Principal, PageRequest, Any], Awaitable[Page[Any]]]


def _parameters(filters: type[Any]) -> list[inspect.Parameter]:
    """The route's parameters: who lists and which page, then one query parameter per field of ``filters``."""
    hints = get_type_hints(filters, include_extras=True)
    keyword = inspect.Parameter.POSITIONAL_OR_KEYWORD
    parameters = [inspect.Parameter("listing", keyword, annotation=Listed)]
    for field in dataclasses.fields(filters):
        parameters.append(inspect.Parameter(field.name, keyword, default=field.default, annotation=hints[field.name]))
    return parameters


def same_named(entity: Any, filters: Any, *names: str) -> dict[Any, Any]:
    """``{entity.<name>: filters.<name>}`` for each name: the equality filters ``shared.filters.equal_to`` takes."""
    return {getattr(entity, name): getattr(filters, name) for name in names}


def list_route(
    router: APIRouter,
    path: str,
    query: ListQuery,
    filters: type[Any],
    model: type[BaseModel],
    name: str,
    operation_id: str,
    summary: str = "",
) -> None:
    """``GET path``: ``query(session, principal, page, filters(...))`` in a read session, answered as a page."""

    async def endpoint(listing: Listing, **values: Any) -> Any:
        return await listing.of(query, filters(**values))

    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__signature__ = inspect.Signature(_parameters(filters))  # type: ignore[attr-defined]
    router.get(path, operation_id=operation_id, response_model=Page[model], summary=summary or None)(endpoint)  # type: ignore[valid-type]
