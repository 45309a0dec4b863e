"""Faults over real processes: the four services as uvicorn processes on a durable PostgreSQL and NATS.

PostgreSQL is stopped hard (``pg_ctl -m immediate``) while registrations carrying personal data run: every answer
is a 201, a 409 (a repeated national ID) or a 503 with Retry-After, never a 500; after the restart every
acknowledged registration is there. A message that is not JSON on the membership stream becomes a dead letter in
each consumer of that stream, bytes kept. No service log line holds the personal data, SQL or parameters."""

from __future__ import annotations

import asyncio
import base64
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import nats
import pytest

from grassroots_cli.stack import Stack
from shared.devservers import EmbeddedPostgres
from shared.testing.builders import a_branch
from shared.testing.harness import TEST_SECRET, auth
from shared.testing.polling import eventually
from shared.testing.servers import NatsForTests

PHONE = "0912000111"
ADDRESS = "Số 9 phố Lý Nam Đế"
POISON = b"\x00\x01 definitely not an event \xff"


@pytest.fixture
async def stack(durable_postgres: EmbeddedPostgres, nats: NatsForTests, tmp_path: Path) -> AsyncIterator[Stack]:
    running = Stack(tmp_path, db_prefix=f"fault_{uuid.uuid4().hex[:6]}")
    running.database_server_url = durable_postgres.url
    running.nats_url = nats.url
    running.jwt_secret = TEST_SECRET
    await asyncio.to_thread(running.migrate)
    running.start_services()
    try:
        await asyncio.to_thread(running.wait_ready, 120.0)
        yield running
    finally:
        await asyncio.to_thread(running.stop)


class Writers:
    """Registrations in a loop; every fifth repeats the previous national ID (a conflict the database refuses)."""

    def __init__(self, client: httpx.AsyncClient, branch: str) -> None:
        self.client = client
        self.branch = branch
        self.answers: list[httpx.Response] = []
        self.national_ids: list[str] = []
        self.stop = asyncio.Event()

    async def run(self, worker: int) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            national_id = f"0030{worker:02d}{n // 5 if n % 5 == 0 else n:06d}"
            self.national_ids.append(national_id)
            body = {
                "full_name": "Vũ Thị Lan",
                "gender": "female",
                "birth_date": "1985-06-07",
                "national_id": national_id,
                "org_id": self.branch,
                "effective_date": "2026-01-05",
                "phone": PHONE,
                "address": ADDRESS,
            }
            self.answers.append(await self.client.post("/api/v1/members", json=body))

    def count(self, status: int, since: int = 0) -> int:
        return sum(a.status_code == status for a in self.answers[since:])


async def test_a_database_crash_under_load_and_a_poison_message(
    stack: Stack, durable_postgres: EmbeddedPostgres
) -> None:
    headers = auth()
    async with httpx.AsyncClient(base_url=stack.url("membership"), headers=headers, timeout=60) as client:
        writers = Writers(client, await a_branch(client))
        tasks = [asyncio.create_task(writers.run(w)) for w in range(3)]
        await eventually(lambda: _true(writers.count(201) >= 10), "registrations before the crash", timeout=120)
        await asyncio.to_thread(durable_postgres.kill)
        await eventually(lambda: _true(writers.count(503) >= 3), "503s during the outage", timeout=120)
        await asyncio.to_thread(durable_postgres.start)
        restarted = len(writers.answers)
        await eventually(
            lambda: _true(writers.count(201, restarted) >= 3), "registrations after the restart", timeout=120
        )
        writers.stop.set()
        await asyncio.gather(*tasks)

        statuses = {a.status_code for a in writers.answers}
        assert statuses <= {201, 409, 503}, sorted(statuses)
        assert 409 in statuses
        for answer in writers.answers:
            if answer.status_code == 503:
                assert answer.headers["retry-after"].isdigit()
        for answer in writers.answers:
            if answer.status_code == 201:
                member = await client.get(f"/api/v1/members/{answer.json()['id']}")
                assert member.status_code == 200, "an acknowledged registration was lost"

    connection = await nats.connect(stack.nats_url)
    try:
        await connection.jetstream().publish("grassroots.membership.poison.test", POISON)
    finally:
        await connection.close()
    for service, consumer in (("reporting", "reporting-membership"), ("meetings", "meetings-membership")):
        async with httpx.AsyncClient(base_url=stack.url(service), headers=headers, timeout=30) as admin:

            async def poison_kept(admin: httpx.AsyncClient = admin, consumer: str = consumer) -> bool:
                items = (await admin.get("/api/v1/admin/dead-letters")).json()["items"]
                return any(
                    d["consumer"] == consumer and base64.b64decode(d["envelope"].get("raw_base64", "")) == POISON
                    for d in items
                )

            await eventually(poison_kept, f"{service} keeps the poison message as a dead letter", timeout=120)

    logs = "".join((stack.data_dir / f"{s}.log").read_text(errors="replace") for s in stack.ports)
    assert '"http.request"' in logs
    for secret in (PHONE, ADDRESS, *set(writers.national_ids), "INSERT INTO", "[parameters", "DETAIL:"):
        assert secret not in logs, f"{secret!r} reached a service log"


async def _true(value: bool) -> bool:
    return value
