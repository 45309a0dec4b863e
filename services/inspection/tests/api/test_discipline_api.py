"""Discipline decisions through the API: measures, competence, limitation, events, scope."""

from __future__ import annotations

from typing import Any

World = Any


def decision(
    w: World,
    target: str,
    measure: str,
    *,
    target_type: str = "member",
    issuer: str = "C",
    number: str = "1-QĐ/UBKT",
    decided: str = "2026-03-10",
    violated: str = "2025-11-02",
) -> dict[str, Any]:
    return {
        "target_type": target_type,
        "target_id": w.ids[target],
        "measure": measure,
        "decision_number": number,
        "decision_date": decided,
        "issuing_org_id": w.ids[issuer],
        "violation_date": violated,
    }


async def test_an_expulsion_is_recorded_and_published_for_membership(world: World) -> None:
    w, client = world, world.service.client
    response = await client.post(
        "/api/v1/disciplines",
        headers=w.headers("D", "inspector"),
        json=decision(w, "M1", "expulsion", violated="2001-01-01"),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["org_id"] == w.B1
    assert body["measure_in_force"] == "expulsion"
    assert response.headers["etag"] == '"1"'
    assert response.headers["location"] == f"/api/v1/disciplines/{body['id']}"
    [event] = await w.events("discipline.imposed")
    assert event["discipline_id"] == body["id"]
    assert event["member_id"] == w.M1
    assert event["org_id"] == w.B1
    assert event["actions"] == ["expel_member"]
    assert event["issuing_org_id"] == w.C
    assert event["decision_number"] == "1-QĐ/UBKT"
    assert event["violation_date"] == "2001-01-01"
    got = await client.get(f"/api/v1/disciplines/{body['id']}", headers=w.headers("B1", "viewer"))
    assert got.status_code == 200
    assert got.json()["measure"] == "expulsion"
    listed = await client.get(
        "/api/v1/disciplines", params={"year": 2026, "under": w.C}, headers=w.headers("D", "viewer")
    )
    assert [d["id"] for d in listed.json()["items"]] == [body["id"]]
    twice = await client.post(
        "/api/v1/disciplines", headers=w.headers("D", "inspector"), json=decision(w, "M2", "warning")
    )
    assert twice.status_code == 409
    assert twice.json()["rule"] == "discipline.decision_number_taken"


async def test_an_organisation_is_dissolved_only_by_a_superior(world: World) -> None:
    w, client = world, world.service.client
    own = await client.post(
        "/api/v1/disciplines",
        headers=w.headers("D", "admin"),
        json=decision(w, "B2", "dissolution", target_type="organisation", issuer="B2"),
    )
    assert own.status_code == 422
    assert own.json()["rule"] == "discipline.issuer_not_competent"
    assert own.json()["errors"][0]["loc"] == ["body", "issuing_org_id"]
    ok = await client.post(
        "/api/v1/disciplines",
        headers=w.headers("D", "admin"),
        json=decision(w, "B2", "dissolution", target_type="organisation", issuer="D"),
    )
    assert ok.status_code == 201, ok.text
    [event] = await w.events("discipline.imposed")
    assert event["target_type"] == "organisation"
    assert event["org_id"] == w.B2
    assert event["member_id"] is None
    assert event["actions"] == ["dissolve_organisation"]
    expel_org = await client.post(
        "/api/v1/disciplines",
        headers=w.headers("D", "admin"),
        json=decision(w, "B1", "expulsion", target_type="organisation", number="2"),
    )
    assert expel_org.status_code == 422
    assert expel_org.json()["rule"] == "discipline.measure_not_for_target"


async def test_member_measures_follow_standing_and_posts(world: World) -> None:
    w, client = world, world.service.client
    headers = w.headers("C", "inspector", lang="vi")
    probationary = await client.post("/api/v1/disciplines", headers=headers, json=decision(w, "M2", "expulsion"))
    assert probationary.status_code == 422
    assert probationary.json()["rule"] == "discipline.probationary_measure"
    assert "dự bị" in probationary.json()["detail"]
    no_post = await client.post(
        "/api/v1/disciplines", headers=headers, json=decision(w, "M3", "removal_from_post", issuer="C2")
    )
    assert no_post.status_code == 404  # M3 is in another commune: outside C's subtree
    await w.member("M4", "B2")
    no_post = await client.post("/api/v1/disciplines", headers=headers, json=decision(w, "M4", "removal_from_post"))
    assert no_post.status_code == 422
    assert no_post.json()["rule"] == "discipline.no_post_to_remove"
    with_post = await client.post("/api/v1/disciplines", headers=headers, json=decision(w, "M1", "removal_from_post"))
    assert with_post.status_code == 201, with_post.text
    [event] = await w.events("discipline.imposed")
    assert event["actions"] == ["remove_from_post"]


async def test_limitation_is_checked_by_the_rule_in_force(world: World) -> None:
    w, client = world, world.service.client
    late = await client.post(
        "/api/v1/disciplines",
        headers=w.headers("C", "inspector"),
        json=decision(w, "M1", "reprimand", violated="2021-03-09"),
    )
    assert late.status_code == 422
    body = late.json()
    assert body["rule"] == "discipline.limitation_expired"
    assert body["errors"][0]["loc"] == ["body", "violation_on"]
    assert body["values"]["deadline"] == "2026-03-09"
    in_time = await client.post(
        "/api/v1/disciplines",
        headers=w.headers("C", "inspector"),
        json=decision(w, "M1", "reprimand", violated="2021-03-10"),
    )
    assert in_time.status_code == 201, in_time.text


async def test_roles_unknown_members_and_another_subtree(world: World) -> None:
    w, client = world, world.service.client
    viewer = await client.post(
        "/api/v1/disciplines", headers=w.headers("C", "viewer"), json=decision(w, "M1", "warning")
    )
    assert viewer.status_code == 403
    secretary = await client.post(
        "/api/v1/disciplines", headers=w.headers("C", "secretary"), json=decision(w, "M1", "warning")
    )
    assert secretary.status_code == 403
    w.ids["ghost"] = "00000000-0000-4000-8000-000000000000"
    ghost = await client.post(
        "/api/v1/disciplines", headers=w.headers("C", "inspector"), json=decision(w, "ghost", "warning")
    )
    assert ghost.status_code == 404
    assert ghost.json()["rule"] == "member.not_found"
    outsider = w.headers("D2", "inspector")
    refused = await client.post("/api/v1/disciplines", headers=outsider, json=decision(w, "M1", "warning", issuer="D2"))
    assert refused.status_code == 404
    made = await client.post(
        "/api/v1/disciplines", headers=w.headers("C", "inspector"), json=decision(w, "M1", "warning")
    )
    assert (await client.get(f"/api/v1/disciplines/{made.json()['id']}", headers=outsider)).status_code == 404
    assert (await client.get("/api/v1/disciplines", headers=outsider)).json()["items"] == []


async def test_a_branch_may_warn_its_own_member_but_not_remove_or_expel_them(world: World) -> None:
    w, client = world, world.service.client
    headers = w.headers("C", "inspector")
    for n, measure in enumerate(["removal_from_post", "expulsion"]):
        refused = await client.post(
            "/api/v1/disciplines", headers=headers, json=decision(w, "M1", measure, issuer="B1", number=f"x{n}")
        )
        assert refused.status_code == 422, refused.text
        body = refused.json()
        assert body["rule"] == "discipline.measure_beyond_competence"
        assert body["errors"][0]["loc"] == ["body", "issuing_org_id"]
        assert body["values"]["allowed"] == ["reprimand", "warning"]
    assert await w.events("discipline.imposed") == []
    warned = await client.post("/api/v1/disciplines", headers=headers, json=decision(w, "M1", "warning", issuer="B1"))
    assert warned.status_code == 201, warned.text
    assert warned.json()["issuer_level"] == "branch"
    expelled = await client.post(
        "/api/v1/disciplines", headers=headers, json=decision(w, "M1", "expulsion", number="2")
    )
    assert expelled.status_code == 201, expelled.text
    assert expelled.json()["issuer_level"] == "grassroots_committee"


async def test_a_grassroots_committee_may_not_dissolve_a_branch_but_the_district_may(world: World) -> None:
    w, client = world, world.service.client
    headers = w.headers("D", "admin")
    body = decision(w, "B2", "dissolution", target_type="organisation")
    refused = await client.post("/api/v1/disciplines", headers=headers, json=body)
    assert refused.status_code == 422
    assert refused.json()["rule"] == "discipline.measure_beyond_competence"
    reprimand = await client.post("/api/v1/disciplines", headers=headers, json={**body, "measure": "reprimand"})
    assert reprimand.status_code == 201, reprimand.text
    dissolved = await client.post("/api/v1/disciplines", headers=headers, json={**body, "issuing_org_id": w.D})
    assert dissolved.status_code == 201, dissolved.text


async def test_a_discipline_decided_in_2016_answers_422_naming_the_policy_and_the_date(world: World) -> None:
    w, client = world, world.service.client
    response = await client.post(
        "/api/v1/disciplines",
        headers=w.headers("C", "inspector"),
        json=decision(w, "M1", "warning", decided="2016-06-30", violated="2016-01-05"),
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert body["rule"] == "policy.not_in_force"
    assert body["values"]["policy"] == "discipline.competence"
    assert body["values"]["date"] == "2016-06-30"
    assert body["values"]["earliest"] == "2017-11-15"
    assert await w.events("discipline.imposed") == []


async def test_disciplines_decided_from_2017_to_2025_are_judged_by_their_own_rules(world: World) -> None:
    w, client = world, world.service.client
    headers = w.headers("C", "inspector")
    for n, decided in enumerate(["2017-11-15", "2019-05-02", "2022-07-06", "2025-03-01"]):
        made = await client.post(
            "/api/v1/disciplines",
            headers=headers,
            json=decision(w, "M1", "warning", number=f"h{n}", decided=decided, violated="2017-01-01"),
        )
        assert made.status_code == 201, (decided, made.text)


async def test_a_category_never_time_barred_and_a_restart_are_recorded(world: World) -> None:
    w, client = world, world.service.client
    headers = w.headers("C", "inspector")
    old = decision(w, "M1", "reprimand", violated="2010-01-01")
    barred = await client.post("/api/v1/disciplines", headers=headers, json=old)
    assert barred.status_code == 422
    assert barred.json()["rule"] == "discipline.limitation_expired"
    exempt = await client.post(
        "/api/v1/disciplines", headers=headers, json={**old, "violation_category": "internal_political_protection"}
    )
    assert exempt.status_code == 201, exempt.text
    assert exempt.json()["violation_category"] == "internal_political_protection"
    restarted = decision(w, "M1", "reprimand", number="2", violated="2019-01-01", decided="2026-03-10")
    assert (await client.post("/api/v1/disciplines", headers=headers, json=restarted)).status_code == 422
    restarted["later_violation_dates"] = ["2023-06-01"]
    made = await client.post("/api/v1/disciplines", headers=headers, json=restarted)
    assert made.status_code == 201, made.text
    assert made.json()["later_violation_dates"] == ["2023-06-01"]
