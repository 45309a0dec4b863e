"""A kind of record looked up by id through the caller's subtree, declared as data: what it is, and how its 404 reads.

Every such lookup was the same function with other names (``by_id_in_scope`` then ``one_or_404`` with the record's
own ``NotFound``); a ``Lookup`` is that function once, and a feature declares ``plan_in_scope = Lookup(...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.errors import NotFound
from shared.filters import by_id_in_scope, one_or_404

M = TypeVar("M")


@dataclass(frozen=True)
class Lookup(Generic[M]):
    """``entity`` by id, answered as ``NotFound(code, field=field, <id_name>=id)`` outside the subtree or absent."""

    entity: type[M]
    code: str
    id_name: str
    field: str | None = None

    async def __call__(
        self, session: AsyncSession, principal: Principal, record_id: str, *, for_update: bool = False
    ) -> M:
        """The record (locked when ``for_update``) if its organisation lies in the caller's subtree."""
        not_found = NotFound(self.code, field=self.field, **{self.id_name: record_id})
        query = by_id_in_scope(self.entity, record_id, principal)
        return await one_or_404(session, query, not_found, for_update=for_update)

    def named_by(self, field: str) -> Lookup[M]:
        """The same lookup, its 404 pointing at the request ``field`` that named the record."""
        return replace(self, field=field)
