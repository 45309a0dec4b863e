"""A kind of record looked up by id through the caller's subtree, declared as data: what it is, and how its 404 reads.

Every such lookup was the same function with other names (``by_id_in_scope`` then ``one_or_404`` with the record's
own ``NotFound``); a ``Lookup`` is that function once, and a feature declares ``plan_in_scope = Lookup(...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.errors import NotFound
from shared.etag import check_version
from shared.filters import by_id_in_scope, one_or_404

M = TypeVar("M")
V = TypeVar("V", bound="Versioned")


class Versioned(Protocol):
    """A record with an optimistic-lock version (``shared.columns.Versioned``)."""

    @property
    def version(self) -> int: ...


@dataclass(frozen=True)
class Lookup(Generic[M]):
    """``entity`` by id, answered as ``NotFound(code, field=field, <id_name>=id)`` outside the subtree or absent."""

    entity: type[M]
    code: str
    id_name: str
    field: str | None = None
    scope: tuple[str, ...] = ("org_id",)
    """The columns naming the organisations the record belongs to: it is the caller's if one lies in the subtree."""

    async def __call__(
        self, session: AsyncSession, principal: Principal, record_id: str, *, for_update: bool = False
    ) -> M:
        """The record (locked when ``for_update``) if its organisation lies in the caller's subtree."""
        not_found = NotFound(self.code, field=self.field, **{self.id_name: record_id})
        query = by_id_in_scope(self.entity, record_id, principal, self.scope)
        return await one_or_404(session, query, not_found, for_update=for_update)

    async def to_change(
        self: Lookup[V], session: AsyncSession, principal: Principal, record_id: str, expected_version: int | None
    ) -> V:
        """The record locked for a change, at the version the client read (``If-Match``; 412 otherwise). The
        version is compared under the lock, so no other writer can come between the check and the change."""
        record = await self(session, principal, record_id, for_update=True)
        check_version(record.version, expected_version)
        return record

    def named_by(self, field: str) -> Lookup[M]:
        """The same lookup, its 404 pointing at the request ``field`` that named the record."""
        return replace(self, field=field)
