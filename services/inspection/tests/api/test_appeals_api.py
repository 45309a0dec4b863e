"""Appeals through the API: the one-month window at each level, one pending appeal per decision, the level that
hears it, outcomes and their effects."""

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


async def test_appeals_go_up_level_by_level_to_the_final_authority(world: World) -> None:
    """C expels M1; the district hears the first appeal, the province the second, the Secretariat or the
    Central Inspection Commission (by the measure contested) the last; nothing is heard after it."""
    w, client = world, world.service.client
    discipline = await _expulsion(w)
    headers = w.headers("C", "inspector")

    async def lodge(**body: Any) -> Any:
        return await client.post("/api/v1/appeals", headers=headers, json={"discipline_id": discipline["id"], **body})

    async def decide(appeal: dict[str, Any], org: str, **body: Any) -> Any:
        return await client.post(f"/api/v1/appeals/{appeal['id']}/decide", headers=w.headers(org, "admin"), json=body)

    skipped = await lodge(received_on="2026-02-01", lodged_on="2026-02-10", heard_by_org_id=w.P)
    assert skipped.status_code == 422
    assert skipped.json()["rule"] == "appeals.not_the_next_level"
    assert skipped.json()["values"] == {"requested": w.P, "expected": w.D}
    first = await lodge(received_on="2026-02-01", lodged_on="2026-02-10")
    assert first.status_code == 201, first.text
    assert (first.json()["level"], first.json()["heard_by_org_id"]) == (1, w.D)
    by_issuer = await decide(first.json(), "C", outcome="annulled", decided_on="2026-02-20")
    assert by_issuer.status_code == 403
    assert by_issuer.json()["rule"] == "appeals.decider_not_competent"
    upheld = await decide(first.json(), "D", outcome="upheld", decided_on="2026-02-20")
    assert upheld.status_code == 200, upheld.text

    early = await lodge(received_on="2026-02-19", lodged_on="2026-02-25")
    assert early.json()["rule"] == "appeals.received_before_decision"
    late = await lodge(received_on="2026-02-21", lodged_on="2026-03-22")
    assert late.json()["rule"] == "appeals.window_expired"
    second = await lodge(received_on="2026-02-21", lodged_on="2026-03-21")
    assert second.status_code == 201, second.text
    assert (second.json()["level"], second.json()["heard_by_org_id"]) == (2, w.P)
    assert (await decide(second.json(), "D", outcome="upheld", decided_on="2026-04-01")).status_code == 403
    reduced = await decide(second.json(), "P", outcome="reduced", new_measure="warning", decided_on="2026-04-01")
    assert reduced.status_code == 200, reduced.text

    third = await lodge(received_on="2026-04-02", lodged_on="2026-04-15")
    assert third.status_code == 201, third.text
    assert third.json()["heard_by_org_id"] is None
    assert (third.json()["final_authority"], third.json()["contested_measure"]) == (
        "central_inspection_commission",
        "warning",
    )
    assert (await decide(third.json(), "P", outcome="upheld", decided_on="2026-05-01")).status_code == 403
    increased = await client.post(
        f"/api/v1/appeals/{third.json()['id']}/decide",
        headers=w.headers("*", "admin"),
        json={"outcome": "increased", "new_measure": "expulsion", "decided_on": "2026-05-01"},
    )
    assert increased.status_code == 200, increased.text
    *_, event = await w.events("appeal.decided")
    assert (event["level"], event["final_authority"], event["original_measure"]) == (
        3,
        "central_inspection_commission",
        "warning",
    )
    assert (event["measure_in_force"], event["effects"]) == ("expulsion", ["expel_member"])
    after = await lodge(received_on="2026-05-02", lodged_on="2026-05-10")
    assert after.status_code == 422
    assert after.json()["rule"] == "appeals.final_decision_reached"
    listed = await client.get("/api/v1/appeals", params={"discipline_id": discipline["id"]}, headers=headers)
    assert sorted(a["level"] for a in listed.json()["items"]) == [1, 2, 3]
