"""Inspection's decisions over real processes: an expulsion takes the member out of membership's active count and
out of reporting, and annulling it on appeal brings them back in both; a district's year of classifications shows
in reporting as counts and percentages."""

from __future__ import annotations

from typing import Any

import httpx

from grassroots_cli.stack import Stack
from shared.auth import mint_token
from shared.testing.polling import eventually
from tests.e2e.conftest import client


def token(stack: Stack, org: str = "*", role: str = "admin") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(stack.jwt_secret, subject='e2e', org=org, roles=[role])}"}


async def create_org(membership: httpx.AsyncClient, name: str, kind: str, parent: str | None) -> str:
    response = await membership.post(
        "/api/v1/orgs", json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def figures(reporting: httpx.AsyncClient, org: str) -> dict[str, Any] | None:
    response = await reporting.get(f"/api/v1/reports/{org}/summary", params={"period": "2026"})
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.text
    return dict(response.json()["figures"])


async def test_an_expulsion_and_its_annulment_reach_membership_and_reporting(stack: Stack) -> None:
    admin = token(stack)
    async with (
        client(stack, "membership", admin) as membership,
        client(stack, "reporting", admin) as reporting,
        client(stack, "inspection", admin) as inspection,
    ):
        province = await create_org(membership, "Tỉnh A", "province", None)
        district = await create_org(membership, "Huyện B", "district", province)
        commune = await create_org(membership, "Đảng ủy xã C", "grassroots_committee", district)
        branch = await create_org(membership, "Chi bộ thôn D", "branch", commune)
        member = await membership.post(
            "/api/v1/members",
            json={
                "full_name": "Nguyễn Văn An",
                "gender": "male",
                "birth_date": "1980-05-01",
                "national_id": "001080000001",
                "org_id": branch,
                "status": "official",
                "admission_date": "2005-01-01",
                "effective_date": "2020-01-01",
            },
        )
        assert member.status_code == 201, member.text
        member_id = member.json()["id"]

        async def counted(expected: int) -> bool:
            found = await figures(reporting, district)
            return found is not None and found["members_total"] == expected

        async def status(expected: str) -> bool:
            got = await membership.get(f"/api/v1/members/{member_id}")
            return bool(got.json()["status"] == expected)

        await eventually(lambda: counted(1), "the count in reporting", timeout=15)

        async def discipline() -> httpx.Response:
            return await inspection.post(
                "/api/v1/disciplines",
                headers=token(stack, district, "inspector"),
                json={
                    "target_type": "member",
                    "target_id": member_id,
                    "measure": "expulsion",
                    "decision_number": "15-QĐ/UBKT",
                    "decision_date": "2026-04-01",
                    "issuing_org_id": commune,
                    "violation_date": "2026-01-15",
                },
            )

        expelled = await eventually(
            lambda: _created(discipline), "the creation to be accepted", timeout=15
        )  # once inspection has the member
        await eventually(lambda: status("expelled"), "the member status in membership", timeout=15)
        await eventually(lambda: counted(0), "the count in reporting", timeout=15)

        appeal = await inspection.post(
            "/api/v1/appeals",
            headers=token(stack, district, "inspector"),
            json={"discipline_id": expelled["id"], "received_on": "2026-04-03", "lodged_on": "2026-04-20"},
        )
        assert appeal.status_code == 201, appeal.text
        decided = await inspection.post(
            f"/api/v1/appeals/{appeal.json()['id']}/decide",
            headers=token(stack, province, "inspector"),
            json={"outcome": "annulled", "decided_on": "2026-06-01"},
        )
        assert decided.status_code == 200, decided.text
        await eventually(lambda: status("official"), "the member status in membership", timeout=15)
        await eventually(lambda: counted(1), "the count in reporting", timeout=15)


async def _created(call: Any) -> dict[str, Any] | None:
    response = await call()
    return dict(response.json()) if response.status_code == 201 else None


async def test_a_districts_classified_year_shows_in_reporting_as_counts_and_percentages(stack: Stack) -> None:
    admin = token(stack)
    async with (
        client(stack, "membership", admin) as membership,
        client(stack, "reporting", admin) as reporting,
        client(stack, "inspection", admin) as inspection,
    ):
        province = await create_org(membership, "Tỉnh Tuyên Quang", "province", None)
        district = await create_org(membership, "Huyện Sơn Dương", "district", province)
        communes = [
            await create_org(membership, f"Đảng bộ xã {n:02d}", "grassroots_committee", district) for n in range(40)
        ]
        grades = ["excellent"] * 7 + ["good"] * 30 + ["completed"] * 2 + ["not_completed"]
        body = {
            "org_id": district,
            "year": 2026,
            "target_type": "organisation",
            "assessed_on": "2026-12-20",
            "justification": "7 đảng bộ xã được tỉnh khen thưởng xuất sắc",
            "entries": [{"target_id": c, "grade": g} for c, g in zip(communes, grades, strict=True)],
        }

        async def submit() -> httpx.Response:
            return await inspection.post(
                "/api/v1/classifications/batches", headers=token(stack, district, "inspector"), json=body
            )

        await eventually(
            lambda: _created(submit), "the creation to be accepted", timeout=20
        )  # once inspection's tree copy has the 40 communes

        async def distribution() -> dict[str, Any] | None:
            found = await figures(reporting, district)
            return found if found and found["classification_org_total"] == 40 else None

        shown = await eventually(distribution, "distribution", timeout=15)
        counts = [shown[f"classification_org_{g}"] for g in ("excellent", "good", "completed", "not_completed")]
        shares = [shown[f"classification_org_{g}_pct"] for g in ("excellent", "good", "completed", "not_completed")]
        assert counts == [7, 30, 2, 1]
        assert shares == ["17.50", "75.00", "5.00", "2.50"]
