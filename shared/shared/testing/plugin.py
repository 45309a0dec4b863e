"""Pytest fixtures for tests against real PostgreSQL and NATS (loaded with ``-p shared.testing.plugin``).

- ``pg``: the session's PostgreSQL (embedded from the wheel, or ``GRASSROOTS_TEST_DATABASE_URL``);
- ``nats``: a fresh nats-server with JetStream for each test (or ``GRASSROOTS_TEST_NATS_URL``, reset per test);
- ``durable_postgres``: a PostgreSQL of the test's own, durable like production, that the test may crash
  (``kill()``, ``pg_ctl -m immediate``) and start again without disturbing any other test;
- ``services``: starts services in-process: ``async with services.run("membership") as m: await m.client.get(…)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from hypothesis import settings as hypothesis_settings

from shared.devservers import EmbeddedPostgres
from shared.testing.harness import ServiceFactory
from shared.testing.servers import NatsForTests, PostgresForTests, durable_postgres_server


@pytest.fixture
def durable_postgres() -> Iterator[EmbeddedPostgres]:
    with durable_postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def pg() -> Iterator[PostgresForTests]:
    server = PostgresForTests()
    yield server
    server.stop()


@pytest.fixture
async def nats() -> AsyncIterator[NatsForTests]:
    server = NatsForTests()
    await server.reset()
    yield server
    server.stop()


# Property tests check what a rule computes, never how fast: on a loaded machine a 200 ms deadline fails correct code.
hypothesis_settings.register_profile("grassroots", deadline=None)
hypothesis_settings.load_profile("grassroots")

_factories: dict[int, ServiceFactory] = {}


@pytest.fixture
async def services(pg: PostgresForTests, nats: NatsForTests) -> ServiceFactory:
    """Service templates are migrated once per session; each test gets fresh databases and its own NATS."""
    factory = _factories.get(id(pg))
    if factory is None:
        factory = _factories[id(pg)] = ServiceFactory(pg, nats)
    factory.nats = nats
    return factory
