"""Helpers for membership's API tests, given as fixtures (tests are imported in importlib mode)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from shared.testing.harness import RunningService, auth
from shared.testing.polling import job_finished

ADMIN = auth()


@dataclass
class Tree:
    """Province → district → commune committee → two branches; a second province with one branch."""

    province: str
    district: str
    commune: str
    branch: str
    branch2: str
    other_province: str
    other_branch: str


async def _create(client: httpx.AsyncClient, name: str, kind: str, parent: str | None) -> str:
    r = await client.post(
        "/api/v1/orgs",
        headers=ADMIN,
        json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def build_tree(client: httpx.AsyncClient) -> Tree:
    p = await _create(client, "Tỉnh Tuyên Quang", "province", None)
    d = await _create(client, "Huyện Sơn Dương", "district", p)
    c = await _create(client, "Đảng ủy xã Xuân Lôi", "grassroots_committee", d)
    b = await _create(client, "Chi bộ thôn Đồng Tâm", "branch", c)
    b2 = await _create(client, "Chi bộ thôn Cầu Trắng", "branch", c)
    p2 = await _create(client, "Tỉnh Điện Biên", "province", None)
    d2 = await _create(client, "Huyện Mường Nhé", "district", p2)
    c2 = await _create(client, "Đảng ủy xã Mường Nhé", "grassroots_committee", d2)
    b3 = await _create(client, "Chi bộ bản Nậm Kè", "branch", c2)
    return Tree(p, d, c, b, b2, p2, b3)


_counter = iter(range(10**11, 10**11 + 10**6))  # above every national ID a test writes by hand (a file row "1" met
# member_factory's first ID whenever earlier tests of the session had made exactly that many members)


async def add_member(
    client: httpx.AsyncClient,
    org_id: str,
    *,
    name: str = "Nguyễn Văn Đức",
    status: str = "official",
    headers: dict[str, str] = ADMIN,
    **extra: Any,
) -> dict[str, Any]:
    body = {
        "full_name": name,
        "gender": "male",
        "birth_date": "1980-05-01",
        "ethnicity": "Kinh",
        "national_id": f"{next(_counter):012d}",
        "org_id": org_id,
        "status": status,
        "admission_date": "2010-03-01",
        "effective_date": "2010-03-01",
        "phone": "0912345678",
        "email": "duc@example.vn",
        **extra,
    }
    r = await client.post("/api/v1/members", headers=headers, json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


@pytest.fixture
def tree_builder() -> Callable[[httpx.AsyncClient], Awaitable[Tree]]:
    return build_tree


@pytest.fixture
def member_factory() -> Callable[..., Awaitable[dict[str, Any]]]:
    return add_member


async def events_of_type(service: RunningService, event_type: str) -> list[dict[str, Any]]:
    """The payloads of ``event_type`` (``member.removed``) on the MEMBERSHIP stream, once the outbox relay has
    nothing left to send."""
    runtime = service.runtime
    await service.outbox_drained()
    info = await runtime.js.stream_info("MEMBERSHIP")
    envelopes = [
        json.loads((await runtime.js.get_msg("MEMBERSHIP", seq)).data)
        for seq in range(info.state.first_seq, info.state.last_seq + 1)
    ]
    # CloudEvents type: vn.party.membership.<entity>.<verb>.v<n>
    return [dict(e["data"]) for e in envelopes if ".".join(e["type"].split(".")[3:5]) == event_type]


@pytest.fixture
def stream_events() -> Callable[[RunningService, str], Awaitable[list[dict[str, Any]]]]:
    return events_of_type


async def finished_job(service: RunningService, location: str, headers: dict[str, str] = ADMIN) -> dict[str, Any]:
    """The import job at ``location`` once it has stopped running."""
    return await job_finished(service.client, location, headers)


@pytest.fixture
def import_finished() -> Callable[..., Awaitable[dict[str, Any]]]:
    return finished_job
