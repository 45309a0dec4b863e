"""Two reporting replicas (two runtimes on one database, sharing the durable consumers) under a load of
registrations and transfers end equal to membership's truth at every organisation (issue 12)."""

from __future__ import annotations

import asyncio
from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def _transfer(m: Any, member: str, to_branch: str) -> None:
    out = await m.client.post(
        f"/api/v1/members/{member}/transfer-out",
        headers=ADMIN,
        json={"effective_date": "2026-03-02", "transfer_kind": "permanent", "to_org_id": to_branch},
    )
    assert out.status_code == 200, out.text
    received = await m.client.post(
        f"/api/v1/members/{member}/transfer-in",
        headers=ADMIN,
        json={"org_id": to_branch, "presented_on": "2026-03-10"},
    )
    assert received.status_code == 200, received.text


async def _truth(m: Any, org: str) -> tuple[int, int]:
    response = await m.client.get("/api/v1/members/headcount", params={"under": org}, headers=ADMIN)
    assert response.status_code == 200, response.text
    body = response.json()
    return body["counted"], body["by_status"].get("transfer_pending", 0)


async def test_two_replicas_under_create_and_transfer_load_end_at_membership_truth(
    services: ServiceFactory, reports: Any
) -> None:
    async with services.run("membership") as m:
        province = await reports.org(m, "Tỉnh", "province", None)
        communes = [await reports.org(m, f"Xã {i}", "grassroots_committee", province) for i in range(2)]
        branches = [await reports.org(m, f"Chi bộ {i}", "branch", communes[i % 2]) for i in range(4)]
        database = await services.database("reporting")
        async with (
            services.run("reporting", database_url=database) as r1,
            services.run("reporting", database_url=database) as r2,
        ):
            members = await asyncio.gather(*(reports.member(m, branches[i % 4], on="2026-01-10") for i in range(24)))
            moves = [(member, branches[(i + 1) % 4]) for i, member in enumerate(members) if i % 3 != 2]
            await asyncio.gather(*(_transfer(m, member, to) for member, to in moves))
            late = await asyncio.gather(*(reports.member(m, branches[i % 4], on="2026-03-15") for i in range(8)))
            await asyncio.gather(*(_transfer(m, member, branches[0]) for member in late[1::2]))
            for org in (province, *communes, *branches):
                counted, pending = await _truth(m, org)
                await reports.wait(
                    r1,
                    org,
                    "2026",
                    lambda f, c=counted, p=pending: (f["members_total"], f["members_transfer_pending"]) == (c, p),
                    timeout=60,
                )
            await reports.settle(r1)
            await reports.settle(r2)
            for org in (province, *communes, *branches):
                counted, pending = await _truth(m, org)
                figures = (await reports.summary(r2, org, "2026"))["figures"]
                assert (figures["members_total"], figures["members_transfer_pending"]) == (counted, pending), org
            total = (await reports.summary(r2, province, "2026"))["figures"]
            assert (total["members_total"], total["registrations"], total["transfers_in"]) == (32, 32, 20)
