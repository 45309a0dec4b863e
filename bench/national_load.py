"""Loading a generated country through the public APIs and measuring the whole stack, for ``bench/national.py``.

Everything here goes through HTTP to the four running services (``grassroots_cli.stack.Stack``): organisations
by ``POST /api/v1/orgs/import`` (one province per request), members by ``POST /api/v1/imports`` (CSV), single
members by ``POST /api/v1/members``, figures by reporting's routes. CPU seconds are read from each service's process.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import loadgen
from national_country import Country, member_row

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (``/proc/<pid>/stat`` fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def server_cpu(pid: int) -> float:
    """CPU seconds of a server process tree so far (a PostgreSQL postmaster): its own and its reaped children's
    user + system time (``/proc/<pid>/stat`` fields 14-17), plus its live children's (each backend's 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = sum(int(x) for x in fields[11:15]) / TICKS
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            child = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(child[1]) == pid:
            total += (int(child[11]) + int(child[12])) / TICKS
    return total


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


async def gather_limited(jobs: list[Callable[[], Awaitable[Any]]], limit: int) -> list[Any]:
    semaphore = asyncio.Semaphore(limit)

    async def one(job: Callable[[], Awaitable[Any]]) -> Any:
        async with semaphore:
            return await job()

    return await asyncio.gather(*(one(j) for j in jobs))


def tree_csv(made: Country, province: str) -> bytes:
    """One province's units for ``POST /api/v1/orgs/import`` (parents may come in any order)."""
    rows = ["code,parent_code,kind,name,established_on"]
    for org in made.units_of(province):
        rows.append(f"{org.code},{org.parent or ''},{org.kind},Đảng bộ {org.code},1950-01-01")
    return ("\n".join(rows) + "\n").encode()


async def import_orgs(client: httpx.AsyncClient, made: Country, parallel: int) -> None:
    """Every organisation by the bulk import, one request per province (one transaction each)."""

    def job(province: str) -> Callable[[], Awaitable[None]]:
        async def post() -> None:
            response = await client.post(
                "/api/v1/orgs/import", content=tree_csv(made, province), headers={"Content-Type": "text/csv"}
            )
            response.raise_for_status()
            if response.json()["rows_rejected"]:
                raise RuntimeError(f"organisations refused: {response.json()['report'][:3]}")

        return post

    await gather_limited([job(p.code) for p in made.provinces], parallel)


async def org_ids(client: httpx.AsyncClient, kind: str, wanted: int) -> dict[str, str]:
    """Code → id of up to ``wanted`` organisations of ``kind``, read back through the list route."""
    found: dict[str, str] = {}
    params: dict[str, str] = {"kind": kind, "limit": "200"}
    while len(found) < wanted:
        page = (await client.get("/api/v1/orgs", params=params)).raise_for_status().json()
        found.update({o["code"]: o["id"] for o in page["items"]})
        if not page.get("next_cursor"):
            break
        params["cursor"] = page["next_cursor"]
    return found


async def import_file(client: httpx.AsyncClient, path: Path) -> dict[str, Any]:
    """Upload one CSV and wait for its job; raises when a row was refused (the totals would not be exact)."""
    response = await client.post(
        "/api/v1/imports",
        params={"source_system": "NATIONAL-BENCH"},
        content=await asyncio.to_thread(path.read_bytes),
        headers={"Content-Type": "text/csv"},
    )
    response.raise_for_status()
    location = response.headers["Location"]
    while True:
        job = (await client.get(location)).raise_for_status().json()
        if job["status"] != "running":
            break
        await asyncio.sleep(0.5)
    if job["status"] != "done" or job["rows_rejected"]:
        raise RuntimeError(f"import {job['status']}: {job.get('error')} {job['report'][:3]}")
    return dict(job)


async def province_totals(client: httpx.AsyncClient, ids: list[str]) -> list[int]:
    totals = []
    for org_id in ids:
        response = await client.get(
            f"/api/v1/reports/{org_id}/summary", params={"period": "2026", "figures": "members_total"}
        )
        if response.status_code == 404:  # reporting has not applied the organisation's creation yet
            totals.append(0)
            continue
        response.raise_for_status()
        totals.append(int(response.json()["figures"].get("members_total") or 0))
    return totals


async def wait_totals(client: httpx.AsyncClient, expected: dict[str, int], timeout: float) -> float:
    """Poll reporting until every province's total is exact; returns the time it became so."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if await province_totals(client, list(expected)) == list(expected.values()):
            return time.perf_counter()
        await asyncio.sleep(0.25)
    raise TimeoutError(f"reporting's province totals not exact after {timeout:.0f} s")


@dataclass
class WriteRun:
    rate: float
    p99_ms: float
    visible_p99_ms: float
    errors: int
    statuses: dict[int, int] = field(default_factory=dict)
    """Responses by status; 0 counts the POSTs whose connection closed before any answer (never sent again)."""

    @property
    def status_counts(self) -> str:
        return ", ".join(f"{s or 'no response'}: {n:,}" for s, n in sorted(self.statuses.items()))


def member_body(i: int, branch_id: str, rng: random.Random) -> dict[str, Any]:
    row = member_row(i, "", rng)
    return {
        "full_name": row[1],
        "gender": row[2],
        "birth_date": row[3],
        "ethnicity": row[4],
        "national_id": row[5],
        "org_id": branch_id,
        "status": "official",
        "effective_date": date(2026, 11, 1).isoformat(),
    }


def member_json(i: int, branch_id: str, rng: random.Random) -> bytes:
    """A unique member's ``POST /members`` body (its national id is ``i``)."""
    return json.dumps(member_body(i, branch_id, rng), ensure_ascii=False, separators=(",", ":")).encode()


async def post_members(
    membership: loadgen.Client,
    reporting: loadgen.Client,
    branches: list[str],
    clients: int,
    seconds: float,
    first_id: int,
) -> WriteRun:
    """``clients`` writers posting members for ``seconds``, and a prober timing write → visible in reporting."""
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    rng, deadline, counter = random.Random(5), time.perf_counter() + seconds, iter(range(first_id, first_id + 10**8))

    async def writer() -> None:
        connection = membership.connection()
        while time.perf_counter() < deadline:
            body = member_json(next(counter), branches[rng.randrange(1, len(branches))], rng)
            started = time.perf_counter()
            try:
                status, _ = await connection.request("POST", "/api/v1/members", body)
            except loadgen.ConnectionLost:
                statuses[0] += 1
                continue
            latencies.append(time.perf_counter() - started)
            statuses[status] += 1

    started = time.perf_counter()
    prober = visible_after_write(membership.connection(), reporting.connection(), branches[0], counter, deadline)
    probing = asyncio.ensure_future(prober)
    await asyncio.gather(probing, *(writer() for _ in range(clients)))
    visible = probing.result()
    rate = len(latencies) / (time.perf_counter() - started)
    errors = sum(n for s, n in statuses.items() if s != 201)
    return WriteRun(rate, percentile(latencies, 0.99) * 1000, percentile(visible, 0.99) * 1000, errors, dict(statuses))


async def visible_after_write(
    membership: loadgen.Requester,
    reporting: loadgen.Requester,
    branch: str,
    counter: Iterator[int],
    deadline: float,
) -> list[float]:
    """Seconds from posting a member to ``branch`` until reporting's total for it grows, one member at a time."""
    visible, rng = [], random.Random(7)
    while time.perf_counter() < deadline:
        before = await members_total(reporting, branch)
        started = time.perf_counter()
        status, answer = await membership.request("POST", "/api/v1/members", member_json(next(counter), branch, rng))
        if status != 201:
            raise RuntimeError(f"the prober's POST /members answered {status}: {answer[:300]!r}")
        while await members_total(reporting, branch) <= before:
            if time.perf_counter() - started > 60:
                raise TimeoutError("a member posted was not visible in reporting after 60 s")
            await asyncio.sleep(0.01)
        visible.append(time.perf_counter() - started)
    return visible


async def members_total(reporting: loadgen.Requester, org_id: str) -> int:
    """Reporting's ``members_total`` of an organisation (0 until it knows the organisation)."""
    path = f"/api/v1/reports/{org_id}/summary?period=2026&figures=members_total"
    status, body = await reporting.request("GET", path)
    if status == 404:
        return 0
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
    return int(json.loads(body)["figures"].get("members_total") or 0)


async def read_p99(client: loadgen.Requester, path: str, params: dict[str, str], reads: int) -> float:
    """The p99 in ms of ``reads`` reads one after another on one connection of ``client`` (the lean client's or
    httpx's: httpx's own 1–3 ms of CPU a request were inside the figure before issue 13's lean client)."""
    target, samples = f"{path}?{urlencode(params)}", []
    for _ in range(reads):
        started = time.perf_counter()
        status, body = await client.request("GET", target)
        samples.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"GET {target}: {status} {body[:200]!r}")
    return percentile(samples, 0.99) * 1000
