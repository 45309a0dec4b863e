"""Renaming, moving, merging and dissolving units through the API: success, refusals, ETags and events."""

from __future__ import annotations

import json
from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def org(client: Any, name: str, kind: str, parent: str | None, headers: dict[str, str] = ADMIN) -> str:
    response = await client.post(
        "/api/v1/orgs",
        headers=headers,
        json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2025-01-01"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def tree(client: Any) -> dict[str, str]:
    p = await org(client, "Tỉnh", "province", None)
    d1 = await org(client, "Huyện 1", "district", p)
    d2 = await org(client, "Huyện 2", "district", p)
    c1 = await org(client, "Xã 1", "grassroots_committee", d1)
    b1 = await org(client, "Chi bộ 1", "branch", c1)
    return {"p": p, "d1": d1, "d2": d2, "c1": c1, "b1": b1}


async def published_types(service: Any) -> list[str]:
    js = service.runtime.js
    await service.outbox_drained()
    info = await js.stream_info("MEMBERSHIP")
    return [
        json.loads((await js.get_msg("MEMBERSHIP", s)).data)["type"]
        for s in range(info.state.first_seq, info.state.last_seq + 1)
    ]


async def test_rename_needs_a_matching_etag_when_one_is_sent(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        t = await tree(m.client)
        stale = await m.client.post(
            f"/api/v1/orgs/{t['c1']}/rename",
            headers=ADMIN | {"If-Match": '"7"'},
            json={"name": "Xã Một", "effective_date": "2026-01-01"},
        )
        assert stale.status_code == 412
        ok = await m.client.post(
            f"/api/v1/orgs/{t['c1']}/rename",
            headers=ADMIN | {"If-Match": '"1"'},
            json={"name": "Xã Một", "effective_date": "2026-01-01"},
        )
        assert ok.status_code == 200, ok.text
        assert ok.json()["name"] == "Xã Một"
        assert ok.headers["etag"] == '"2"'


async def test_moving_a_commune_moves_its_whole_subtree(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        t = await tree(m.client)
        moved = await m.client.post(
            f"/api/v1/orgs/{t['c1']}/move", headers=ADMIN, json={"parent_id": t["d2"], "effective_date": "2026-01-01"}
        )
        assert moved.status_code == 200, moved.text
        branch = (await m.client.get(f"/api/v1/orgs/{t['b1']}", headers=ADMIN)).json()
        assert branch["path"] == f"/{t['p']}/{t['d2']}/{t['c1']}/{t['b1']}/"
        under_d1 = (await m.client.get("/api/v1/orgs", headers=ADMIN, params={"under": t["d1"]})).json()
        assert [o["id"] for o in under_d1["items"]] == [t["d1"]]
        assert "vn.party.membership.org.moved.v1" in await published_types(m)


async def test_a_move_under_a_wrong_kind_or_own_descendant_is_refused(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        t = await tree(m.client)
        wrong = await m.client.post(
            f"/api/v1/orgs/{t['c1']}/move", headers=ADMIN, json={"parent_id": t["b1"], "effective_date": "2026-01-01"}
        )
        assert wrong.status_code == 422
        assert wrong.json()["rule"] == "org.move_into_own_subtree"
        kind = await m.client.post(
            f"/api/v1/orgs/{t['b1']}/move", headers=ADMIN, json={"parent_id": t["d2"], "effective_date": "2026-01-01"}
        )
        assert kind.json()["rule"] == "org.parent_kind"


async def test_merging_districts_moves_children_and_members_and_closes_the_absorbed_one(
    services: ServiceFactory,
) -> None:
    async with services.run("membership") as m:
        t = await tree(m.client)
        member = await m.client.post(
            "/api/v1/members",
            headers=ADMIN,
            json={
                "full_name": "Lê Văn Nam",
                "gender": "male",
                "birth_date": "1979-01-01",
                "national_id": "001079000001",
                "org_id": t["b1"],
                "effective_date": "2025-02-01",
            },
        )
        assert member.status_code == 201, member.text
        merged = await m.client.post(
            f"/api/v1/orgs/{t['d1']}/merge", headers=ADMIN, json={"into_id": t["d2"], "effective_date": "2026-01-01"}
        )
        assert merged.status_code == 200, merged.text
        assert merged.json()["status"] == "merged"
        commune = (await m.client.get(f"/api/v1/orgs/{t['c1']}", headers=ADMIN)).json()
        assert commune["parent_id"] == t["d2"]
        again = await m.client.post(
            f"/api/v1/orgs/{t['d1']}/merge", headers=ADMIN, json={"into_id": t["d2"], "effective_date": "2026-02-01"}
        )
        assert again.status_code == 409
        assert again.json()["rule"] == "org.not_active"


async def test_dissolving_needs_an_empty_unit(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        t = await tree(m.client)
        refused = await m.client.post(
            f"/api/v1/orgs/{t['c1']}/dissolve",
            headers=ADMIN,
            json={"reason": "sáp nhập", "effective_date": "2026-01-01"},
        )
        assert refused.status_code == 409
        assert refused.json()["rule"] == "org.has_children"
        empty = await org(m.client, "Chi bộ 2", "branch", t["c1"])
        done = await m.client.post(
            f"/api/v1/orgs/{empty}/dissolve",
            headers=ADMIN,
            json={"reason": "không còn đảng viên", "effective_date": "2026-01-01"},
        )
        assert done.status_code == 200
        assert done.json()["status"] == "dissolved"
        assert "vn.party.membership.org.dissolved.v1" in await published_types(m)


async def test_a_district_organiser_acts_only_below_its_district(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        t = await tree(m.client)
        organiser = auth(t["d1"], "organiser")
        assert (await m.client.get(f"/api/v1/orgs/{t['c1']}", headers=organiser)).status_code == 200
        assert (await m.client.get(f"/api/v1/orgs/{t['d2']}", headers=organiser)).status_code == 404
        own = await m.client.post(
            f"/api/v1/orgs/{t['d1']}/dissolve",
            headers=organiser,
            json={"reason": "thử", "effective_date": "2026-01-01"},
        )
        assert own.status_code == 403
        across = await m.client.post(
            f"/api/v1/orgs/{t['c1']}/move",
            headers=organiser,
            json={"parent_id": t["d2"], "effective_date": "2026-01-01"},
        )
        assert across.status_code == 404
        viewer = auth(t["d1"], "viewer")
        write = await m.client.post(
            "/api/v1/orgs",
            headers=viewer,
            json={"name": "Xã 3", "kind": "grassroots_committee", "parent_id": t["d1"], "effective_date": "2026-01-01"},
        )
        assert write.status_code == 403
        province = await m.client.post(
            "/api/v1/orgs",
            headers=organiser,
            json={"name": "Tỉnh mới", "kind": "province", "parent_id": None, "effective_date": "2026-01-01"},
        )
        assert province.status_code == 403


async def test_an_organisation_code_is_unique(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        body = {"name": "Tỉnh A", "kind": "province", "code": "TQ-01", "effective_date": "2026-01-01"}
        assert (await m.client.post("/api/v1/orgs", headers=ADMIN, json=body)).status_code == 201
        again = await m.client.post("/api/v1/orgs", headers=ADMIN, json=body | {"name": "Tỉnh B"})
        assert again.status_code == 409
        assert again.json()["rule"] == "org.code_taken"
        assert again.json()["errors"][0]["loc"] == ["body", "code"]
