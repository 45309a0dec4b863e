"""Inspection beside the real membership service, in process: the tree is created through membership's API
and reaches inspection as events; inspection's decisions reach membership the same way."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import func, select

from inspection.members.models import MemberCopy
from shared.schema import org_nodes
from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()


async def create_org(m: Any, name: str, kind: str, parent: str | None) -> str:
    response = await m.client.post(
        "/api/v1/orgs",
        headers=ADMIN,
        json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def org_count(i: Any) -> int:
    async with i.db.read_session() as session:
        return int((await session.execute(select(func.count()).select_from(org_nodes))).scalar_one())


async def test_a_districts_year_of_forty_grassroots_organisations(services: ServiceFactory) -> None:
    async with services.run("membership") as m, services.run("inspection") as i:
        province = await create_org(m, "Tỉnh Tuyên Quang", "province", None)
        district = await create_org(m, "Huyện Sơn Dương", "district", province)
        communes = await asyncio.gather(
            *[create_org(m, f"Đảng bộ xã {n:02d}", "grassroots_committee", district) for n in range(40)]
        )

        async def copied() -> bool:
            return await org_count(i) == 42

        await eventually(copied, "inspection's copy of the 42 organisations")
        grades = ["excellent"] * 7 + ["good"] * 30 + ["completed"] * 2 + ["not_completed"]
        body = {
            "org_id": district,
            "year": 2026,
            "target_type": "organisation",
            "assessed_on": "2026-12-20",
            "entries": [{"target_id": c, "grade": g} for c, g in zip(communes, grades, strict=True)],
        }
        inspector = auth(district, "inspector")
        refused = await i.client.post("/api/v1/classifications/batches", headers=inspector, json=body)
        assert refused.status_code == 422
        assert refused.json()["rule"] == "classification.cap_exceeded"
        assert refused.json()["values"]["max_allowed"] == 6
        body["justification"] = "7 đảng bộ xã đạt thành tích xuất sắc được tỉnh khen thưởng"
        accepted = await i.client.post("/api/v1/classifications/batches", headers=inspector, json=body)
        assert accepted.status_code == 201, accepted.text
        assert accepted.json()["cap_flagged"] is True
        response = await i.client.get(
            "/api/v1/classifications/distribution",
            headers=auth(province, "viewer"),
            params={"org_id": district, "year": 2026, "kind": "grassroots_committee"},
        )
        assert response.status_code == 200, response.text
        shares = {s["grade"]: (s["count"], s["percentage"]) for s in response.json()["shares"]}
        assert response.json()["total"] == 40
        assert shares == {
            "excellent": (7, "17.50"),
            "good": (30, "75.00"),
            "completed": (2, "5.00"),
            "not_completed": (1, "2.50"),
        }


async def test_an_expulsion_expels_the_member_and_an_annulment_restores_them(services: ServiceFactory) -> None:
    async with services.run("membership") as m, services.run("inspection") as i:
        province = await create_org(m, "Tỉnh A", "province", None)
        district = await create_org(m, "Huyện B", "district", province)
        commune = await create_org(m, "Đảng ủy xã C", "grassroots_committee", district)
        branch = await create_org(m, "Chi bộ thôn D", "branch", commune)
        registered = await m.client.post(
            "/api/v1/members",
            headers=ADMIN,
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
        assert registered.status_code == 201, registered.text
        member_id = registered.json()["id"]

        async def member_copied() -> bool:
            async with i.db.read_session() as session:
                return await session.get(MemberCopy, member_id) is not None

        await eventually(member_copied, "inspection's copy of the member")
        expelled = await i.client.post(
            "/api/v1/disciplines",
            headers=auth(district, "inspector"),
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
        assert expelled.status_code == 201, expelled.text

        def status_is(expected: str) -> Callable[[], Awaitable[bool]]:
            async def check() -> bool:
                got = await m.client.get(f"/api/v1/members/{member_id}", headers=ADMIN)
                return bool(got.status_code == 200 and got.json()["status"] == expected)

            return check

        await eventually(status_is("expelled"), "membership to expel the member")
        appeal = await i.client.post(
            "/api/v1/appeals",
            headers=auth(district, "inspector"),
            json={"discipline_id": expelled.json()["id"], "received_on": "2026-04-03", "lodged_on": "2026-04-20"},
        )
        assert appeal.status_code == 201, appeal.text
        decided = await i.client.post(
            f"/api/v1/appeals/{appeal.json()['id']}/decide",
            headers=auth(province, "inspector"),
            json={"outcome": "annulled", "decided_on": "2026-06-01"},
        )
        assert decided.status_code == 200, decided.text
        await eventually(status_is("official"), "membership to restore the member")

        async def copy_restored() -> bool:
            async with i.db.read_session() as session:
                member = await session.get(MemberCopy, member_id)
                return member is not None and member.status == "official"

        await eventually(copy_restored, "inspection's copy to follow membership's restore")


async def test_a_dissolution_dissolves_the_organisation_in_membership_and_in_the_copy(services: ServiceFactory) -> None:
    async with services.run("membership") as m, services.run("inspection") as i:
        province = await create_org(m, "Tỉnh A", "province", None)
        commune = await create_org(m, "Đảng bộ xã B", "grassroots_branch", province)

        async def copied() -> bool:
            return await org_count(i) == 2

        await eventually(copied, "inspection's copy of the tree")
        dissolved = await i.client.post(
            "/api/v1/disciplines",
            headers=auth(province, "inspector"),
            json={
                "target_type": "organisation",
                "target_id": commune,
                "measure": "dissolution",
                "decision_number": "9-QĐ/TU",
                "decision_date": "2026-04-01",
                "issuing_org_id": province,
                "violation_date": "2025-01-15",
            },
        )
        assert dissolved.status_code == 201, dissolved.text

        async def gone_everywhere() -> bool:
            org = (await m.client.get(f"/api/v1/orgs/{commune}", headers=ADMIN)).json()
            async with i.db.read_session() as session:
                status = (await session.execute(select(org_nodes.c.status).where(org_nodes.c.id == commune))).scalar()
            return bool(org["status"] == "dissolved" and status == "dissolved")

        await eventually(gone_everywhere, "membership to dissolve the organisation and the copy to follow")
