"""Appeals through the API: the one-month window, one appeal per decision, outcomes and their effects."""

from __future__ import annotations

from typing import Any

World = Any


async def _expulsion(w: World) -> dict[str, Any]:
    response = await w.service.client.post(
        "/api/v1/disciplines",
        headers=w.headers("C", "inspector"),
        json={
            "target_type": "member",
            "target_id": w.M1,
            "measure": "expulsion",
            "decision_number": "7-QĐ/ĐU",
            "decision_date": "2026-01-31",
            "issuing_org_id": w.C,
            "violation_date": "2025-12-01",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_an_appeal_after_one_month_is_refused_naming_the_rule(world: World) -> None:
    w, client = world, world.service.client
    discipline = await _expulsion(w)
    late = await client.post(
        "/api/v1/appeals",
        headers=w.headers("C", "inspector", lang="vi"),
        json={"discipline_id": discipline["id"], "received_on": "2026-01-31", "lodged_on": "2026-03-01"},
    )
    assert late.status_code == 422
    body = late.json()
    assert body["rule"] == "appeals.window_expired"
    assert body["errors"][0]["loc"] == ["body", "lodged_on"]
    assert body["values"]["deadline"] == "2026-02-28"
    assert await w.events("appeal.lodged") == []


async def test_an_annulled_expulsion_restores_the_member(world: World) -> None:
    w, client = world, world.service.client
    discipline = await _expulsion(w)
    lodged = await client.post(
        "/api/v1/appeals",
        headers=w.headers("C", "inspector"),
        json={
            "discipline_id": discipline["id"],
            "received_on": "2026-01-31",
            "lodged_on": "2026-02-28",
            "grounds": "Quá nặng",
        },
    )
    assert lodged.status_code == 201, lodged.text
    appeal = lodged.json()
    assert appeal["state"] == "lodged"
    in_force = await client.get(f"/api/v1/disciplines/{discipline['id']}", headers=w.headers("C", "viewer"))
    assert in_force.json()["measure_in_force"] == "expulsion"  # the decision applies while the appeal is pending
    again = await client.post(
        "/api/v1/appeals",
        headers=w.headers("C", "inspector"),
        json={"discipline_id": discipline["id"], "received_on": "2026-01-31", "lodged_on": "2026-02-20"},
    )
    assert again.status_code == 409
    assert again.json()["rule"] == "appeals.already_lodged"
    stale = await client.post(
        f"/api/v1/appeals/{appeal['id']}/decide",
        headers={**w.headers("D", "inspector"), "If-Match": '"9"'},
        json={"outcome": "annulled", "decided_on": "2026-03-15"},
    )
    assert stale.status_code == 412
    decided = await client.post(
        f"/api/v1/appeals/{appeal['id']}/decide",
        headers={**w.headers("D", "inspector"), "If-Match": '"1"'},
        json={"outcome": "annulled", "decided_on": "2026-03-15"},
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["outcome"] == "annulled"
    assert decided.headers["etag"] == '"2"'
    [lodged_event] = await w.events("appeal.lodged")
    [event] = await w.events("appeal.decided")
    assert lodged_event["discipline_id"] == discipline["id"]
    assert lodged_event["measure"] == "expulsion"
    assert event["outcome"] == "annulled"
    assert event["original_measure"] == "expulsion"
    assert event["new_measure"] is None
    assert event["measure_in_force"] is None
    assert event["effects"] == ["restore_member", "restore_posts"]
    assert event["member_id"] == w.M1
    after = await client.get(f"/api/v1/disciplines/{discipline['id']}", headers=w.headers("C", "viewer"))
    assert after.json()["status"] == "annulled"
    assert after.json()["measure_in_force"] is None
    twice = await client.post(
        f"/api/v1/appeals/{appeal['id']}/decide",
        headers=w.headers("D", "inspector"),
        json={"outcome": "upheld", "decided_on": "2026-03-16"},
    )
    assert twice.status_code == 409
    assert twice.json()["rule"] == "appeals.already_decided"


async def test_a_reduction_must_be_lighter_and_is_published(world: World) -> None:
    w, client = world, world.service.client
    discipline = await _expulsion(w)
    appeal = (
        await client.post(
            "/api/v1/appeals",
            headers=w.headers("C", "inspector"),
            json={"discipline_id": discipline["id"], "received_on": "2026-02-02", "lodged_on": "2026-02-10"},
        )
    ).json()
    url = f"/api/v1/appeals/{appeal['id']}/decide"
    missing = await client.post(
        url, headers=w.headers("D", "inspector"), json={"outcome": "reduced", "decided_on": "2026-03-01"}
    )
    assert missing.status_code == 422
    assert missing.json()["rule"] == "appeals.new_measure_required"
    heavier = await client.post(
        url,
        headers=w.headers("D", "inspector"),
        json={"outcome": "reduced", "new_measure": "dissolution", "decided_on": "2026-03-01"},
    )
    assert heavier.status_code == 422
    assert heavier.json()["rule"] == "appeals.reduction_not_lighter"
    reduced = await client.post(
        url,
        headers=w.headers("D", "inspector"),
        json={"outcome": "reduced", "new_measure": "warning", "decided_on": "2026-03-01"},
    )
    assert reduced.status_code == 200, reduced.text
    [event] = await w.events("appeal.decided")
    assert event["new_measure"] == "warning"
    assert event["measure_in_force"] == "warning"
    assert "restore_member" in event["effects"]
    got = await client.get(f"/api/v1/appeals/{appeal['id']}", headers=w.headers("B1", "viewer"))
    assert got.status_code == 200
    assert got.json()["new_measure"] == "warning"
    assert got.headers["etag"] == '"2"'
    listed = await client.get("/api/v1/appeals", params={"state": "decided"}, headers=w.headers("C", "viewer"))
    assert [a["id"] for a in listed.json()["items"]] == [appeal["id"]]


async def test_appeals_outside_the_subtree_are_not_found(world: World) -> None:
    w, client = world, world.service.client
    discipline = await _expulsion(w)
    outsider = w.headers("D2", "admin")
    lodged = await client.post(
        "/api/v1/appeals",
        headers=outsider,
        json={"discipline_id": discipline["id"], "received_on": "2026-02-02", "lodged_on": "2026-02-10"},
    )
    assert lodged.status_code == 404
    assert lodged.json()["errors"][0]["loc"] == ["body", "discipline_id"]
    appeal = (
        await client.post(
            "/api/v1/appeals",
            headers=w.headers("C", "inspector"),
            json={"discipline_id": discipline["id"], "received_on": "2026-02-02", "lodged_on": "2026-02-10"},
        )
    ).json()
    assert (await client.get(f"/api/v1/appeals/{appeal['id']}", headers=outsider)).status_code == 404
    decided = await client.post(
        f"/api/v1/appeals/{appeal['id']}/decide",
        headers=outsider,
        json={"outcome": "upheld", "decided_on": "2026-03-01"},
    )
    assert decided.status_code == 404
    viewer = await client.post(
        f"/api/v1/appeals/{appeal['id']}/decide",
        headers=w.headers("C", "viewer"),
        json={"outcome": "upheld", "decided_on": "2026-03-01"},
    )
    assert viewer.status_code == 403
