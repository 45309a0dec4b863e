"""Real servers for tests: an embedded PostgreSQL for the session and a fresh nats-server per test (cheap,
and it isolates streams and durable consumers), unless the environment names existing servers."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import asyncpg

from shared.devservers import EmbeddedNats, EmbeddedPostgres

TEST_PG_ENV = "GRASSROOTS_TEST_DATABASE_URL"
TEST_NATS_ENV = "GRASSROOTS_TEST_NATS_URL"


def asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


class _Embedded(Protocol):
    @property
    def url(self) -> str: ...

    def stop(self) -> None: ...


S = TypeVar("S", bound=_Embedded)


class _ServerForTests(Generic[S]):
    """The server the environment names, or one of our own started in a temporary folder."""

    def __init__(self, env: str, prefix: str, start: Callable[[Path], S]) -> None:
        self.embedded: S | None = None
        self.folder: Path | None = None
        url = os.environ.get(env)
        if url is None:
            self.folder = Path(tempfile.mkdtemp(prefix=prefix))
            self.embedded = start(self.folder)
            url = self.embedded.url
        self.url = url

    def stop(self) -> None:
        """Stop our own server and delete its data: each run's PostgreSQL cluster is ~1.5 GB, and runs add up on a
        shared disk. A server the environment named is left running."""
        if self.embedded is not None:
            self.embedded.stop()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


class PostgresForTests(_ServerForTests[EmbeddedPostgres]):
    """An admin URL on a server the tests may create and drop databases on."""

    def __init__(self) -> None:
        super().__init__(
            TEST_PG_ENV, "grassroots-test-pg-", lambda folder: EmbeddedPostgres(folder, durable=False).start()
        )
        self.admin_url = self.url
        self._templates: dict[str, str] = {}

    async def execute(self, sql: str) -> None:
        conn = await asyncpg.connect(asyncpg_dsn(self.admin_url))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    async def create_database(self, name: str, template: str | None = None) -> str:
        await self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        await self.execute(f'CREATE DATABASE "{name}"{suffix}')
        return with_database(self.admin_url, name)

    async def drop_database(self, name: str) -> None:
        await self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class NatsForTests(_ServerForTests[EmbeddedNats]):
    """A fresh nats-server (own JetStream store) for one test, or the shared one named by the environment."""

    def __init__(self) -> None:
        super().__init__(TEST_NATS_ENV, "grassroots-test-nats-", lambda folder: EmbeddedNats(folder).start())

    async def reset(self) -> None:
        """On a shared server, delete every stream so tests do not see each other's events."""
        if self.embedded is not None:
            return
        import nats

        nc = await nats.connect(self.url)
        try:
            js = nc.jetstream()
            for info in await js.streams_info():
                await js.delete_stream(info.config.name or "")
        finally:
            await nc.close()

    def restart(self) -> None:
        """Stop and start the same server (same port and store): a broker outage in a test."""
        assert self.embedded is not None, "restart needs the embedded server"
        self.embedded.stop()
        self.embedded.start()


@contextlib.contextmanager
def durable_postgres_server() -> Iterator[EmbeddedPostgres]:
    """A server of one's own, durable (fsync on), deleted afterwards: for tests that crash PostgreSQL."""
    server = EmbeddedPostgres(Path(tempfile.mkdtemp(prefix="grassroots-durable-pg-")), durable=True)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(server.data_dir, ignore_errors=True)
