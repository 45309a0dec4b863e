"""The organisations' folded names, kept by the process for the picker's search, until the tree changes.

Why: the copy of the tree holds no folded column, and folding a national token's whole subtree on every search
(360,000 names) takes seconds. Folding them once per tree version (every tree change bumps ``tree_version`` in
its transaction) and searching one joined string with ``str.find`` answers in milliseconds. The index only picks
the candidates: the route still reads them through its scope and parent filters and folds their names again, so
what is found is exactly what the plain scan found. Held: one short string and the id per organisation.
"""

from __future__ import annotations

import bisect
import weakref
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.text import search_key


@dataclass
class NameIndex:
    version: int = -1
    ids: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    joined: str = ""

    def matching(self, key: str) -> list[str]:
        """The ids whose folded name contains ``key``."""
        out, at = [], self.joined.find(key)
        while at >= 0:
            entry = bisect.bisect_right(self.starts, at) - 1
            out.append(self.ids[entry])
            following = self.starts[entry + 1] if entry + 1 < len(self.starts) else len(self.joined)
            at = self.joined.find(key, following)
        return out


_INDEXES: weakref.WeakKeyDictionary[Any, NameIndex] = weakref.WeakKeyDictionary()


async def name_index(session: AsyncSession) -> NameIndex:
    """The index of the committed tree this session reads (rebuilt when its version moved)."""
    version = (await session.execute(text("SELECT version FROM tree_version"))).scalar_one()
    index = _INDEXES.get(session.bind)
    if index is not None and index.version == version:
        return index
    ids, parts, starts, at = [], [], [], 0
    for org_id, name in await session.execute(text("SELECT id, name FROM org_nodes")):
        folded = search_key(name)
        ids.append(org_id)
        starts.append(at)
        parts.append(folded)
        at += len(folded) + 1
    index = NameIndex(version, ids, starts, "\n".join(parts))
    _INDEXES[session.bind] = index
    return index
