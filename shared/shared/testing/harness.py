"""Run a service in-process against real PostgreSQL and NATS, with an HTTP client and token helpers.

Each service's database is migrated once per test session into a template; each test gets a copy (``CREATE
DATABASE … TEMPLATE``), which is much faster than migrating again.
"""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI
from sqlalchemy import select

from shared.app import Runtime, ServiceSpec, create_service_app
from shared.auth import NATIONAL, mint_token
from shared.db import Database
from shared.migrate import upgrade
from shared.schema import outbox
from shared.testing.polling import eventually
from shared.testing.servers import NatsForTests, PostgresForTests

TEST_SECRET = "test-secret-not-for-production-use-0123456789"


def service_dir(service: str) -> Path:
    module = importlib.import_module(f"{service}.app")
    return Path(str(module.SERVICE_DIR))


def token(org: str = NATIONAL, *roles: str, subject: str = "tester") -> str:
    return mint_token(TEST_SECRET, subject=subject, org=org, roles=list(roles or ("admin",)))


def auth(org: str = NATIONAL, *roles: str, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {token(org, *roles)}", "Accept-Language": lang}


@dataclass
class RunningService:
    name: str
    app: FastAPI
    client: httpx.AsyncClient
    database_url: str

    @property
    def db(self) -> Database:
        db: Database = self.app.state.db
        return db

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    async def wait_messaging(self, timeout: float = 15.0) -> None:
        """Wait until the service is connected and its consumers are subscribed."""

        async def connected() -> bool:
            rt = self.runtime
            return bool(
                rt.nc is not None
                and rt.nc.is_connected
                and (rt.relay is not None or not rt.spec.settings.run_background_workers)
            )

        await eventually(connected, f"{self.name} to connect to NATS", timeout=timeout)

    async def outbox_envelopes(self, event_type: str) -> list[dict[str, Any]]:
        """The envelopes this service wrote to its outbox for the CloudEvents ``event_type``, in order (what it
        publishes, read before the relay sends it)."""
        query = select(outbox.c.envelope).where(outbox.c.event_type == event_type).order_by(outbox.c.seq)
        async with self.db.read_session() as session:
            return [dict(e) for e in (await session.execute(query)).scalars()]

    async def outbox_drained(self, timeout: float = 30.0) -> None:
        """Wait until the outbox relay has published every committed event (what a test then reads from the
        stream is all there is)."""

        async def drained() -> bool:
            relay = self.runtime.relay
            return relay is not None and await relay.backlog() == 0

        await eventually(drained, f"{self.name}'s outbox to drain", timeout=timeout)


class ServiceFactory:
    def __init__(self, pg: PostgresForTests, nats: NatsForTests) -> None:
        self.pg = pg
        self.nats = nats
        self._templates: dict[str, str] = {}
        self._lock = asyncio.Lock()

    async def template(self, service: str) -> str:
        async with self._lock:
            if service not in self._templates:
                name = f"tpl_{service}_{uuid.uuid4().hex[:8]}"
                url = await self.pg.create_database(name)
                await asyncio.to_thread(upgrade, service_dir(service), url)
                self._templates[service] = name
            return self._templates[service]

    async def database(self, service: str) -> str:
        template = await self.template(service)
        return await self.pg.create_database(f"t_{service}_{uuid.uuid4().hex[:10]}", template=template)

    def settings(self, service: str, database_url: str, **overrides: Any) -> Any:
        module = importlib.import_module(f"{service}.settings")
        values = {
            "database_url": database_url,
            "nats_url": self.nats.url,
            "jwt_secret": TEST_SECRET,
            "relay_poll_seconds": 0.2,
            "parked_retry_seconds": 0.3,
            "consumer_backoff_seconds": [0.1, 0.2],
            "consumer_max_deliver": 3,
            "database_pool_size": 5,
            "log_level": "WARNING",
            **overrides,
        }
        return module.Settings(**values)

    @asynccontextmanager
    async def run(
        self, service: str, *, database_url: str | None = None, **overrides: Any
    ) -> AsyncIterator[RunningService]:
        database_url = database_url or await self.database(service)
        module = importlib.import_module(f"{service}.app")
        app: FastAPI = module.create_app(self.settings(service, database_url, **overrides))
        async with self._serve(service, app, database_url) as running:
            yield running

    @asynccontextmanager
    async def run_probe(
        self, routers: Sequence[APIRouter], *, body_limits: Mapping[str, int | None] | None = None, **overrides: Any
    ) -> AsyncIterator[RunningService]:
        """A service built by the platform alone around test routes (on a migrated membership database): proves
        what every service gets from ``shared.app`` without depending on any service's own routes."""
        database_url = await self.database("membership")
        spec = ServiceSpec(
            name="probe",
            title="probe",
            description="Routes that fail on purpose.",
            settings=self.settings("membership", database_url, **overrides),
            service_dir=service_dir("membership"),
            routers=routers,
            owns_stream=False,
            body_limits=body_limits or {},
        )
        app = create_service_app(spec)
        async with self._serve("probe", app, database_url, raise_app_exceptions=False) as running:
            yield running

    @asynccontextmanager
    async def _serve(
        self, name: str, app: FastAPI, database_url: str, *, raise_app_exceptions: bool = True
    ) -> AsyncIterator[RunningService]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
            async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
                running = RunningService(name, app, client, database_url)
                await running.wait_messaging()
                yield running
