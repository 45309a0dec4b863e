"""A throw-away database for a benchmark: on the given PostgreSQL server (or an embedded one), migrated to the
service's head, dropped at the end (unless kept)."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from shared.migrate import upgrade

DEFAULT_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
POSTMASTERS: list[int] = []
"""Process ids of the embedded PostgreSQL servers started here (pg_ctl detaches them from this process)."""


@asynccontextmanager
async def bench_database(
    service_dir: Path, admin: str, *, embedded: bool, prefix: str, keep: bool = False, durable: bool = False
) -> AsyncIterator[str]:
    """The URL of a fresh database at the service's migration head (an embedded server flushes its WAL at each
    commit only when ``durable``, as in production)."""
    server, data_dir = None, Path(tempfile.mkdtemp(prefix="bench-pg-"))
    if embedded:
        from shared.devservers import EmbeddedPostgres

        server = EmbeddedPostgres(data_dir, durable=durable).start()
        admin = server.url
        POSTMASTERS.append(int((server.cluster_dir / "pgdata" / "postmaster.pid").read_text().split()[0]))
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    dsn = admin.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    url = f"{admin.rsplit('/', 1)[0]}/{name}"
    try:
        await asyncio.to_thread(upgrade, service_dir, url)
        yield url
    finally:
        if keep:
            print(f"kept database {name}")
        else:
            conn = await asyncpg.connect(dsn)
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()
        if server is not None:
            server.stop()
        # the server removes its cluster only when it lives elsewhere (as root, it lives in the data dir)
        shutil.rmtree(data_dir, ignore_errors=True)
