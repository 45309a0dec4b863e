"""The ids a run has accepted so far, for its duplicate checks: past a few thousand, in a temporary SQLite file.

A row whose external id or national ID an earlier row of the file already brought is refused, so a run must know
every id it accepted. Two Python sets of them took ~180 bytes of the process per row (two strings and their set
slots; 16 MB per 100,000 rows, a gigabyte for a national file of 5.6 million) until the job ended (issue 13).
``SeenIds`` keeps the first ``IN_MEMORY`` ids in sets, as before (a single ``PUT`` by external id, a small file),
and moves them to SQLite's private temporary database (``sqlite3.connect("")``) when there are more: on disk behind
a page cache of ``CACHE_KIB``, the file deleted when the connection closes (``close``, or when the run is
collected). A chunk's ids are looked up and written in one statement per kind each (a JSON array of them): ~2 µs
a row with 300,000 ids of each kind held.

What goes to the file is never an id itself: national IDs are personal data, and a temporary file lies outside
the database's protections (its volume, its backups' encryption, its access rules), even unlinked. Each id is
written as its BLAKE2b digest keyed with 32 random bytes drawn per run and kept only in this process (16 bytes: a
false "seen" between two of a file's ids has a chance of about n² / 2¹²⁹, nil for any file), so the file tells
nothing about the ids it answers for, not even whether two runs held the same one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from hashlib import blake2b

import orjson

EXTERNAL_ID = 0
NATIONAL_ID = 1

IN_MEMORY = 20_000
"""Ids kept in sets before they move to SQLite (~3.6 MB)."""

CACHE_KIB = 4096
"""SQLite's page cache for the ids: what the process keeps of them in memory once they are on disk."""


class SeenIds:
    """Ids by kind (``EXTERNAL_ID``, ``NATIONAL_ID``): ``among`` tells which of some ids were ``add``-ed before."""

    def __init__(self) -> None:
        self._sets: tuple[set[str], set[str]] = (set(), set())
        self._db: sqlite3.Connection | None = None
        self._keyed = blake2b(key=os.urandom(32), digest_size=16)
        self._asked: tuple[dict[str, str], dict[str, str]] = ({}, {})

    def _digest(self, value: str) -> str:
        """The id's keyed digest, as the file holds it (the keyed state copied: ~0.5 µs, its set-up ~0.8)."""
        digest = self._keyed.copy()
        digest.update(value.encode())
        return digest.hexdigest()

    def among(self, kind: int, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` added before."""
        wanted = list(ids)
        if self._db is None or not wanted:
            return self._sets[kind].intersection(wanted)
        # each id's digest, kept until the next chunk: ``add`` then writes the chunk's accepted ids without
        # hashing them again
        asked = self._asked[kind]
        asked.clear()
        digests: dict[str, str] = {}
        for value in wanted:
            digest = asked[value] = self._digest(value)
            digests[digest] = value
        found = self._db.execute(
            # CROSS JOIN: SQLite keeps the left table outside, one primary-key look-up per id of the chunk (with
            # JOIN it chose to scan every id held for each of them)
            "SELECT j.value FROM json_each(?) AS j CROSS JOIN seen ON seen.kind = ? AND seen.id = j.value",
            (orjson.dumps(list(digests)).decode(), kind),
        )
        return {digests[value] for (value,) in found}

    def add(self, kind: int, ids: Iterable[str]) -> None:
        if self._db is None:
            self._sets[kind].update(ids)
            if len(self._sets[0]) + len(self._sets[1]) <= IN_MEMORY:
                return
            self._db = _temporary_database()
            for held, values in enumerate(self._sets):
                self._insert(held, values)
            self._sets = (set(), set())
            return
        self._insert(kind, ids)

    def _insert(self, kind: int, ids: Iterable[str]) -> None:
        assert self._db is not None
        asked = self._asked[kind]
        # one statement reading a JSON array: ``executemany`` of a row per id cost ~9 µs an imported row, this ~1.5
        self._db.execute(
            "INSERT OR IGNORE INTO seen (kind, id) SELECT ?, value FROM json_each(?)",
            (kind, orjson.dumps([asked.get(value) or self._digest(value) for value in ids]).decode()),
        )

    def close(self) -> None:
        """Forget every id (the SQLite file is deleted)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._sets = (set(), set())
        self._asked = ({}, {})
        self._keyed = blake2b(key=os.urandom(32), digest_size=16)


def _temporary_database() -> sqlite3.Connection:
    db = sqlite3.connect("", check_same_thread=False, isolation_level=None)
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("CREATE TABLE seen (kind INTEGER NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID")
    return db
