"""The foundation's promise over real processes: an organisation tree and a member created through membership's
API are counted by reporting at every level within 2 seconds, and a restart of reporting neither loses nor
doubles them."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from grassroots_cli.stack import Stack
from shared.auth import mint_token
from shared.testing.polling import eventually
from tests.e2e.conftest import client


def headers(stack: Stack, org: str = "*", role: str = "admin") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(stack.jwt_secret, subject='e2e', org=org, roles=[role])}"}


async def create_org(membership: httpx.AsyncClient, name: str, kind: str, parent: str | None) -> str:
    response = await membership.post(
        "/api/v1/orgs", json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2026-01-01"}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def members_counted(reporting: httpx.AsyncClient, org: str) -> Any:
    response = await reporting.get(f"/api/v1/reports/{org}/summary", params={"period": "2026"})
    if response.status_code == 404:
        return None  # the organisation has not reached reporting yet
    assert response.status_code == 200, response.text
    return response.json()["figures"]["members_total"]


async def test_a_member_created_in_membership_is_counted_up_the_tree_and_survives_a_restart(stack: Stack) -> None:
    admin = headers(stack)
    async with client(stack, "membership", admin) as membership, client(stack, "reporting", admin) as reporting:
        province = await create_org(membership, "Tỉnh Tuyên Quang", "province", None)
        district = await create_org(membership, "Huyện Sơn Dương", "district", province)
        commune = await create_org(membership, "Đảng ủy xã Xuân Lôi", "grassroots_committee", district)
        branch = await create_org(membership, "Chi bộ thôn Đồng Tâm", "branch", commune)

        async def branch_known() -> bool:
            return await members_counted(reporting, branch) is not None

        await eventually(branch_known, "branch known", timeout=10)  # the tree has reached reporting

        started = time.monotonic()
        response = await membership.post(
            "/api/v1/members",
            json={
                "full_name": "Nguyễn Văn Đức",
                "gender": "male",
                "birth_date": "1988-09-02",
                "ethnicity": "Kinh",
                "national_id": "008088001234",
                "org_id": branch,
                "status": "official",
                "effective_date": "2026-03-01",
            },
        )
        assert response.status_code == 201, response.text

        async def counted_everywhere() -> bool:
            counts = [await members_counted(reporting, org) for org in (branch, commune, district, province)]
            return counts == [1, 1, 1, 1]

        await eventually(counted_everywhere, "counted everywhere", timeout=2.0)
        elapsed = time.monotonic() - started
        assert elapsed < 2.0

    stack.restart_service("reporting")
    await asyncio.to_thread(stack.wait_ready, 60.0)
    async with client(stack, "reporting", admin) as reporting:
        await asyncio.sleep(1.0)  # time for any redelivery to be (wrongly) counted again
        for org in (branch, commune, district, province):
            assert await members_counted(reporting, org) == 1


async def test_reporting_refuses_a_token_of_another_subtree(stack: Stack) -> None:
    admin = headers(stack)
    async with client(stack, "membership", admin) as membership:
        p1 = await create_org(membership, "Tỉnh 1", "province", None)
        p2 = await create_org(membership, "Tỉnh 2", "province", None)
    async with client(stack, "reporting", headers(stack, p2, "viewer")) as reporting:

        async def p2_known() -> bool:
            return (await reporting.get(f"/api/v1/reports/{p2}/summary", params={"period": "2026"})).status_code == 200

        await eventually(p2_known, "p2 known", timeout=10)
        refused = await reporting.get(f"/api/v1/reports/{p1}/summary", params={"period": "2026"})
        assert refused.status_code == 404
        assert refused.headers["content-type"] == "application/problem+json"
