"""The organisation tree through the API, against real PostgreSQL and NATS."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def create(client: Any, name: str, kind: str, parent: str | None, headers: dict[str, str] = ADMIN) -> Any:
    return await client.post(
        "/api/v1/orgs",
        headers=headers,
        json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2026-01-01"},
    )


async def test_a_branch_is_created_under_a_commune_committee_and_published(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        province = (await create(m.client, "Tỉnh Tuyên Quang", "province", None)).json()
        district = (await create(m.client, "Huyện Sơn Dương", "district", province["id"])).json()
        commune = (await create(m.client, "Đảng ủy xã Xuân Lôi", "grassroots_committee", district["id"])).json()
        response = await create(m.client, "Chi bộ thôn Đồng Tâm", "branch", commune["id"])
        assert response.status_code == 201, response.text
        branch = response.json()
        assert branch["path"] == f"/{province['id']}/{district['id']}/{commune['id']}/{branch['id']}/"
        assert response.headers["etag"] == '"1"'
        js = m.runtime.js
        await m.outbox_drained()
        info = await js.stream_info("MEMBERSHIP")
        assert info.state.messages == 4


async def test_a_branch_directly_under_a_district_is_refused_naming_the_rule(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        province = (await create(m.client, "Tỉnh A", "province", None)).json()
        district = (await create(m.client, "Huyện B", "district", province["id"])).json()
        response = await create(m.client, "Chi bộ C", "branch", district["id"], headers=auth(lang="vi"))
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["rule"] == "org.parent_kind"
        assert body["errors"][0]["loc"] == ["body", "parent_id"]
        assert "không thể trực thuộc" in body["detail"]


async def test_another_subtree_token_cannot_see_or_add_under_an_org(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        p1 = (await create(m.client, "Tỉnh 1", "province", None)).json()
        p2 = (await create(m.client, "Tỉnh 2", "province", None)).json()
        other = auth(p2["id"], "organiser")
        assert (await m.client.get(f"/api/v1/orgs/{p1['id']}", headers=other)).status_code == 404
        refused = await create(m.client, "Huyện X", "district", p1["id"], headers=other)
        assert refused.status_code == 404
        listed = (await m.client.get("/api/v1/orgs", headers=other)).json()
        assert [o["id"] for o in listed["items"]] == [p2["id"]]
