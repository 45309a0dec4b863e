"""The 2025 restructuring end to end, over real processes: on 1 July 2025 a district is dissolved, its two
communes merged and placed directly under the province, and a second province merged into the first. Every
report answers with the tree as it stood in the period asked: the dissolved district's 2023 figures are unchanged,
2026's are combined under the province.
"""

from __future__ import annotations

from typing import Any

import httpx

from grassroots_cli.stack import Stack
from shared.auth import mint_token
from shared.testing.polling import eventually
from tests.e2e.conftest import client

REFORM = "2025-07-01"


def token(stack: Stack, org: str = "*", role: str = "admin") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(stack.jwt_secret, subject='e2e', org=org, roles=[role])}"}


async def created(response: httpx.Response) -> str:
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def org(membership: httpx.AsyncClient, name: str, kind: str, parent: str | None) -> str:
    body = {"name": name, "kind": kind, "parent_id": parent, "effective_date": "2015-01-01"}
    return await created(await membership.post("/api/v1/orgs", json=body))


async def members(membership: httpx.AsyncClient, branch: str, count: int, first: int) -> None:
    for n in range(first, first + count):
        body = {
            "full_name": f"Đảng viên {n:03d}",
            "gender": "female" if n % 3 else "male",
            "birth_date": "1975-01-01",
            "national_id": f"0090750{n:05d}",
            "org_id": branch,
            "status": "official",
            "admission_date": "2001-02-03",
            "ceremony_date": "2001-02-20",
            "recognition_date": "2002-02-20",
            "effective_date": "2015-01-01",
        }
        await created(await membership.post("/api/v1/members", json=body))


async def change(membership: httpx.AsyncClient, org_id: str, verb: str, body: dict[str, Any]) -> None:
    response = await membership.post(f"/api/v1/orgs/{org_id}/{verb}", json={**body, "effective_date": REFORM})
    assert response.status_code == 200, response.text


async def test_the_2025_restructuring_keeps_each_periods_tree_in_every_report(stack: Stack) -> None:
    admin = token(stack)
    async with (
        client(stack, "membership", admin) as membership,
        client(stack, "reporting", admin) as reporting,
        client(stack, "inspection", admin) as inspection,
    ):
        province = await org(membership, "Tỉnh Vĩnh Phúc", "province", None)
        merged_province = await org(membership, "Tỉnh Phú Thọ", "province", None)
        district = await org(membership, "Huyện Lập Thạch", "district", province)
        communes = [await org(membership, f"Đảng ủy xã {n}", "grassroots_committee", district) for n in ("A", "B")]
        branches = [await org(membership, f"Chi bộ {n}", "branch", c) for n, c in zip("AB", communes, strict=True)]
        other_district = await org(membership, "Huyện Thanh Sơn", "district", merged_province)
        other_commune = await org(membership, "Đảng ủy xã C", "grassroots_committee", other_district)
        other_branch = await org(membership, "Chi bộ C", "branch", other_commune)
        await members(membership, branches[0], 3, 0)
        await members(membership, branches[1], 2, 10)
        await members(membership, other_branch, 4, 20)

        # 2023: the district classifies its two communes.
        batch = {
            "org_id": district,
            "year": 2023,
            "target_type": "organisation",
            "assessed_on": "2023-12-20",
            "entries": [{"target_id": communes[0], "grade": "good"}, {"target_id": communes[1], "grade": "completed"}],
        }

        async def classified() -> bool:
            response = await inspection.post("/api/v1/classifications/batches", json=batch)
            assert response.status_code in (201, 404, 422), response.text
            return response.status_code == 201

        await eventually(
            classified, "the classification batch to be accepted", timeout=30, interval=0.3
        )  # once inspection's copy of the tree has the communes

        # 1 July 2025: commune B merged into A, A placed under the province, the district dissolved; the second
        # province merged into the first.
        await change(membership, communes[1], "merge", {"into_id": communes[0]})
        await change(membership, communes[0], "move", {"parent_id": province})
        await change(membership, district, "dissolve", {"reason": "Sắp xếp đơn vị hành chính 2025"})
        await change(membership, merged_province, "merge", {"into_id": province})

        async def summary(org_id: str, period: str) -> dict[str, Any]:
            response = await reporting.get(f"/api/v1/reports/{org_id}/summary", params={"period": period})
            assert response.status_code < 500, response.text
            return dict(response.json().get("figures") or {}) if response.status_code == 200 else {}

        async def settled() -> bool:
            now = await summary(province, "2026")
            return now.get("members_total") == 9

        await eventually(settled, "the restructuring to settle everywhere", timeout=60, interval=0.5)
        assert (await summary(district, "2023"))["members_total"] == 5  # the dissolved district's 2023, unchanged
        assert (await summary(province, "2023"))["members_total"] == 5  # the first province's own 2023
        assert (await summary(merged_province, "2023"))["members_total"] == 4
        assert (await summary(communes[0], "2026"))["members_total"] == 5  # the merged commune holds both branches

        distribution = await inspection.get(
            "/api/v1/classifications/distribution",
            params={"org_id": district, "year": 2023, "target_type": "organisation"},
        )
        assert distribution.status_code == 200, distribution.text
        shares = {s["grade"]: s["count"] for s in distribution.json()["shares"]}
        assert (shares["good"], shares["completed"], distribution.json()["total"]) == (1, 1, 2)
