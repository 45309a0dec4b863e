"""The organisations' folded names, kept by the process for the picker's search, until the tree changes.

Why: the copy of the tree holds no folded column, and folding a national token's whole subtree on every search
(360,000 names) takes seconds. Folding them once per tree version (every tree change bumps ``tree_version`` in
its transaction) and searching one joined string with ``str.find`` answers in milliseconds. The names are joined
in the order of their paths, so a subtree is one stretch of the string: a search below a province or a
district looks at its stretch only. The index only picks the candidates: the route still reads them through its
scope and parent filters and folds their names again, so what is found is exactly what the plain scan found.
Held: one short string and the id per organisation, and where the subtree of each organisation above a branch
ends.
"""

from __future__ import annotations

import bisect
import weakref
from array import array
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.text import search_key


@dataclass
class NameIndex:
    version: int = -1
    ids: list[str] = field(default_factory=list)
    starts: array[int] = field(default_factory=lambda: array("q"))
    joined: str = ""
    subtrees: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Organisation -> its first entry and the entry past its last descendant (organisations with children)."""

    def matching(self, key: str, within: str | None = None) -> list[str]:
        """The ids whose folded name contains ``key`` (in ``within``'s subtree when its stretch is known)."""
        first, past = self.subtrees.get(within, (0, len(self.ids))) if within else (0, len(self.ids))
        end = self.starts[past] if past < len(self.starts) else len(self.joined)
        out, at = [], self.joined.find(key, self.starts[first] if self.ids else 0, end)
        while at >= 0:
            entry = bisect.bisect_right(self.starts, at) - 1
            out.append(self.ids[entry])
            following = self.starts[entry + 1] if entry + 1 < len(self.starts) else len(self.joined)
            at = self.joined.find(key, following, end)
        return out


_INDEXES: weakref.WeakKeyDictionary[Any, NameIndex] = weakref.WeakKeyDictionary()


async def name_index(session: AsyncSession) -> NameIndex:
    """The index of the committed tree this session reads (rebuilt when its version moved)."""
    version = (await session.execute(text("SELECT version FROM tree_version"))).scalar_one()
    index = _INDEXES.get(session.bind)
    if index is not None and index.version == version:
        return index
    index, parts = NameIndex(version), list[str]()
    open_: list[tuple[int, str]] = []  # (entry, path) of the ancestors of the next entry
    rows = await session.execute(text('SELECT id, name, path FROM org_nodes ORDER BY path COLLATE "C"'))
    for entry, (org_id, name, path) in enumerate(rows):
        while open_ and not path.startswith(open_[-1][1]):
            _close(index, open_.pop(), entry)
        folded = search_key(name)
        index.ids.append(org_id)
        index.starts.append(index.starts[-1] + len(parts[-1]) + 1 if parts else 0)
        parts.append(folded)
        open_.append((entry, path))
    while open_:
        _close(index, open_.pop(), len(index.ids))
    index.joined = "\n".join(parts)
    _INDEXES[session.bind] = index
    return index


def _close(index: NameIndex, opened: tuple[int, str], past: int) -> None:
    entry, _ = opened
    if past > entry + 1:  # it has descendants
        index.subtrees[index.ids[entry]] = (entry, past)
