"""The fault suite's stack: the four services as real uvicorn processes (plus any replicas a scenario asks for) on
the session's PostgreSQL and on a nats-server of the test's own, with JetStream file storage, that the scenario
may stop, kill and start again on the same port and store."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from grassroots_cli.stack import SERVICES, Stack
from shared.devservers import EmbeddedNats
from shared.testing.harness import TEST_SECRET
from shared.testing.servers import PostgresForTests

StackFactory = Callable[..., AbstractAsyncContextManager[Stack]]


@pytest.fixture
def fault_stack(pg: PostgresForTests, tmp_path: Path) -> StackFactory:
    """``async with fault_stack(membership=2, reporting=3) as stack``: that many processes of each service."""

    @contextlib.asynccontextmanager
    async def running(**replicas: int) -> AsyncIterator[Stack]:
        store = Path(tempfile.mkdtemp(prefix="grassroots-faults-nats-"))
        stack = Stack(tmp_path, db_prefix=f"faults_{uuid.uuid4().hex[:8]}")
        stack.nats = EmbeddedNats(store)
        stack.database_server_url = pg.admin_url
        stack.jwt_secret = TEST_SECRET
        # A killed process's unacked batch goes to its restarted self or a sibling after the ack wait: 10 s, not 60.
        stack.settings["CONSUMER_ACK_WAIT_SECONDS"] = "10"
        try:
            stack.nats_url = stack.nats.start().url
            await asyncio.to_thread(stack.migrate)
            stack.start_services(default_ports=False)
            for service, count in replicas.items():
                for _ in range(count - 1):
                    stack.start_replica(service)
            await asyncio.to_thread(stack.wait_ready, 120.0)
            yield stack
        finally:
            await asyncio.to_thread(stack.stop)
            shutil.rmtree(store, ignore_errors=True)
            for service in SERVICES:
                await pg.drop_database(f"{stack.db_prefix}_{service}")

    return running
