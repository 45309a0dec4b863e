"""End-to-end fixtures: the four services as real uvicorn processes on real PostgreSQL and NATS."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from grassroots_cli.stack import Stack
from shared.testing.harness import TEST_SECRET
from shared.testing.servers import NatsForTests, PostgresForTests


@pytest.fixture
async def stack(pg: PostgresForTests, nats: NatsForTests, tmp_path: Path) -> AsyncIterator[Stack]:
    running = Stack(tmp_path, db_prefix=f"e2e_{uuid.uuid4().hex[:8]}")
    running.database_server_url = pg.admin_url
    running.nats_url = nats.url
    running.jwt_secret = TEST_SECRET
    await asyncio.to_thread(running.migrate)
    running.start_services()
    try:
        await asyncio.to_thread(running.wait_ready, 90.0)
        yield running
    finally:
        await asyncio.to_thread(running.stop)
        for service in running.ports:
            await pg.drop_database(f"{running.db_prefix}_{service}")


def client(stack: Stack, service: str, headers: dict[str, str]) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=stack.url(service), headers=headers, timeout=30)
