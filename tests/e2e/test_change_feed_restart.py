"""The change feed read across a crash of membership while 10,000 changes are made. Membership runs as a real
process; the district's HR export (5,000 members) is imported, then imported again with every phone number
changed (10,000 member changes), while four writers PUT 500 members of another district one by one; membership is
killed (SIGKILL) part-way through the second import and started again, and the interrupted import is run again
(rows already in are left alone). A reader long-polls ``GET /api/v1/changes`` as the district's integration client
throughout, resuming from its last cursor after every failed request. It must read exactly the district's events
of the event log (membership's outbox), each once, in commit order (the log's ``seq`` order), and nothing from the
other district — checked against the log itself once everything is written.

Why imports and not 10,000 PUTs: PUT by external id with eight concurrent writers ran at ~25 changes/s on the
shared two-core machine at load 11-13 (commits that write events are serialised by the outbox ordering lock),
about seven minutes for 10,000; the whole test with imports takes about a minute."""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import json
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from grassroots_cli.stack import Stack, ensure_database, service_dir
from shared.devservers import free_port
from shared.migrate import upgrade
from shared.schema import outbox
from shared.testing.harness import TEST_SECRET, auth
from shared.testing.servers import NatsForTests, PostgresForTests

CHANGES = 10_000  # inside the district: 5,000 members imported, then imported again with a new phone number
OUTSIDE = 500  # members of a branch of another district, PUT one by one by concurrent writers meanwhile
WRITERS = 4
KILL_AFTER = CHANGES // 2 + 1_000  # events read before membership is killed: inside the second import
BOUND = 900.0  # seconds: the whole scenario (62 s at load 10 on two shared cores) or the test fails
ADMIN = auth()
CSV = {**ADMIN, "Content-Type": "text/csv"}
HEADER = [
    "external_id",
    "full_name",
    "gender",
    "birth_date",
    "national_id",
    "org_id",
    "status",
    "admission_date",
    "ceremony_date",
    "recognition_date",
    "phone",
]


def _migrate(stack: Stack) -> None:
    asyncio.run(ensure_database(stack.database_server_url, f"{stack.db_prefix}_membership"))
    upgrade(service_dir("membership"), stack.database_url("membership"))


@pytest.fixture
async def membership(
    pg: PostgresForTests, nats: NatsForTests, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Stack]:
    # The import killed with membership is ended as interrupted once silent this long (600 s by default).
    monkeypatch.setenv("MEMBERSHIP_IMPORT_HEARTBEAT_TIMEOUT_SECONDS", "20")
    stack = Stack(tmp_path, db_prefix=f"e2e_{uuid.uuid4().hex[:8]}")
    stack.database_server_url, stack.nats_url, stack.jwt_secret = pg.admin_url, nats.url, TEST_SECRET
    await asyncio.to_thread(_migrate, stack)
    stack.ports["membership"] = free_port()
    stack.start("membership")
    try:
        await asyncio.to_thread(stack.wait_ready, 90.0)
        yield stack
    finally:
        await asyncio.to_thread(stack.stop)
        await pg.drop_database(f"{stack.db_prefix}_membership")


async def _org(client: httpx.AsyncClient, name: str, kind: str, parent: str | None) -> dict[str, Any]:
    body = {"name": name, "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"}
    created = await client.post("/api/v1/orgs", headers=ADMIN, json=body)
    assert created.status_code == 201, created.text
    return dict(created.json())


def _national_ids(first: int) -> itertools.count[int]:
    return itertools.count(10**11 + first)


def _file(branch: str, phone: str) -> bytes:
    """The district's HR export: the same 5,000 people each time, only the phone number differs."""
    ids = _national_ids(5 * 10**5)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(CHANGES // 2):
        writer.writerow(
            [
                f"IN-{i}",
                "Lê Văn Tâm",
                "male",
                "01/01/1980",
                f"{next(ids):012d}",
                branch,
                "official",
                "01/03/2010",
                "15/03/2010",
                "15/03/2011",
                phone,
            ]
        )
    return out.getvalue().encode()


def _puts(other_branch: str) -> list[tuple[str, dict[str, Any]]]:
    ids = _national_ids(6 * 10**5)
    return [
        (
            f"hrm/OUT-{i}",
            {
                "full_name": "Lê Văn Tâm",
                "gender": "male",
                "birth_date": "1980-01-01",
                "national_id": f"{next(ids):012d}",
                "org_id": other_branch,
                "phone": "0912000000",
            },
        )
        for i in range(OUTSIDE)
    ]


class Writers:
    """PUT every body, retrying through the crash (a PUT whose answer was lost is repeated: an identical PUT
    changes nothing)."""

    def __init__(self, url: str, puts: list[tuple[str, dict[str, Any]]]) -> None:
        self.url, self.queue, self.answered, self.retries = url, list(reversed(puts)), 0, 0

    async def run(self) -> None:
        async with httpx.AsyncClient(base_url=self.url, headers=ADMIN, timeout=30) as client:
            await asyncio.gather(*(self._worker(client) for _ in range(WRITERS)))

    async def _worker(self, client: httpx.AsyncClient) -> None:
        while self.queue:
            key, body = self.queue.pop()
            while not await self._put(client, key, body):
                self.retries += 1
                await asyncio.sleep(0.2)
            self.answered += 1

    async def _put(self, client: httpx.AsyncClient, key: str, body: dict[str, Any]) -> bool:
        try:
            answer = await client.put(f"/api/v1/members/by-external-id/{key}", json=body)
        except httpx.TransportError:
            return False
        if answer.status_code >= 500:
            return False
        assert answer.status_code in (200, 201), answer.text
        return True


class Reader:
    """Long-polls from the beginning, resuming from its last cursor after any failure, until ``finished`` is set
    and a batch comes back empty."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.url, self.headers = url, headers
        self.events: list[dict[str, Any]] = []
        self.failed = 0
        self.finished = asyncio.Event()
        self.part_way = asyncio.Event()  # KILL_AFTER events read

    async def run(self) -> None:
        cursor: str | None = None
        async with httpx.AsyncClient(base_url=self.url, headers=self.headers, timeout=30) as client:
            while True:
                params: dict[str, Any] = {"limit": 1000, "wait": 2, **({"after": cursor} if cursor else {})}
                try:
                    answer: httpx.Response | None = await client.get("/api/v1/changes", params=params)
                except httpx.TransportError:
                    answer = None
                if answer is None or answer.status_code != 200:
                    self.failed += 1
                    await asyncio.sleep(0.2)
                    continue
                batch = json.loads(answer.content)
                cursor = answer.headers["Next-Cursor"]
                self.events += batch
                if len(self.events) >= KILL_AFTER:
                    self.part_way.set()
                if not batch and self.finished.is_set():
                    return


async def _import(url: str, body: bytes) -> str:
    """Start an import job; returns its location (a refused start while membership is down is retried)."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        while True:
            try:
                started = await client.post("/api/v1/imports?source_system=hrm", headers=CSV, content=body)
            except httpx.TransportError:
                await asyncio.sleep(0.2)
                continue
            assert started.status_code == 202, started.text
            return str(started.headers["Location"])


async def _job_end(url: str, location: str) -> str:
    """``done`` or ``failed`` (interrupted by the crash: the heartbeat ends it), waiting through the restart."""
    async with httpx.AsyncClient(base_url=url, headers=ADMIN, timeout=30) as client:
        while True:
            try:
                job = (await client.get(location)).json()
            except (httpx.TransportError, ValueError):
                job = {"status": "running"}
            if job.get("status") in ("done", "failed"):
                return str(job["status"])
            await asyncio.sleep(0.5)


async def _import_until_done(url: str, body: bytes) -> int:
    """Import the file; after an interrupted run, import it again (rows already in are left alone, the rest go in).
    Returns how many runs it took."""
    runs = 1
    while await _job_end(url, await _import(url, body)) != "done":
        runs += 1
    return runs


async def _crash_part_way(stack: Stack, reader: Reader) -> float:
    await reader.part_way.wait()
    stack.kill("membership")
    started = time.monotonic()
    stack.start("membership")
    await asyncio.to_thread(stack.wait_ready, 90.0)
    return time.monotonic() - started


async def _log(stack: Stack) -> list[dict[str, Any]]:
    engine = create_async_engine(stack.database_url("membership"))
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(outbox.c.envelope).order_by(outbox.c.seq))
            return [dict(r) for r in rows.scalars()]
    finally:
        await engine.dispose()


async def _tree(url: str) -> dict[str, dict[str, Any]]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        province = await _org(client, "Tỉnh Thái Nguyên", "province", None)
        district = await _org(client, "Huyện Đại Từ", "district", province["id"])
        commune = await _org(client, "Đảng ủy xã Hùng Sơn", "grassroots_committee", district["id"])
        branch = await _org(client, "Chi bộ xóm Đồng Tâm", "branch", commune["id"])
        elsewhere = await _org(client, "Huyện Phú Lương", "district", province["id"])
        other_commune = await _org(client, "Đảng ủy xã Yên Lạc", "grassroots_committee", elsewhere["id"])
        other_branch = await _org(client, "Chi bộ xóm Bãi Bông", "branch", other_commune["id"])
    return {"district": district, "branch": branch, "other_branch": other_branch}


async def _changes(url: str, t: dict[str, dict[str, Any]], writers: Writers) -> int:
    """The two imports of the district with the outside writers running beside them; returns the import runs."""
    outside = asyncio.create_task(writers.run())
    runs = await _import_until_done(url, _file(t["branch"]["id"], "0912000000"))
    runs += await _import_until_done(url, _file(t["branch"]["id"], "0987000000"))
    await outside
    return runs


async def _run(membership: Stack) -> tuple[Reader, Writers, dict[str, dict[str, Any]], str]:
    url = membership.url("membership")
    t = await _tree(url)
    reader = Reader(url, auth(t["district"]["id"], "integration"))
    writers = Writers(url, _puts(t["other_branch"]["id"]))
    reading = asyncio.create_task(reader.run())
    crash = asyncio.create_task(_crash_part_way(membership, reader))
    runs = await _changes(url, t, writers)
    down = await crash
    reader.finished.set()
    await reading
    return reader, writers, t, f"membership down {down:.1f}s; {runs} import runs"


async def test_the_change_feed_read_across_a_crash_yields_each_change_once_in_commit_order(membership: Stack) -> None:
    began = time.monotonic()
    reader, writers, t, crash = await asyncio.wait_for(_run(membership), timeout=BOUND)  # every wait is bounded
    elapsed = time.monotonic() - began
    log = await _log(membership)
    path = t["district"]["path"]
    inside = [e for e in log if path in (e.get("orgpath") or "") + (e.get("previousorgpath") or "")]
    member_changes = [e for e in inside if ".member." in e["type"]]
    print(
        f"\n{len(reader.events)} events read ({len(member_changes)} member changes) in {elapsed:.1f}s; {crash}; "
        f"{reader.failed} feed requests and {writers.retries} PUTs failed and were retried"
    )
    assert len(member_changes) == CHANGES  # every row changed once per file, the re-run changed nothing twice
    assert reader.failed > 0, "the reader never met the crash: the test proved nothing about resuming"
    assert [e["id"] for e in reader.events] == [e["id"] for e in inside]  # each once, in commit order, only ours
    assert sum(".member." in e["type"] for e in log) == CHANGES + OUTSIDE  # the branch next door was written
