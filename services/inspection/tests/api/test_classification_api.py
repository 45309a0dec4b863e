"""The annual classification through the API: batches, bands, the cap, disciplined members, distribution."""

from __future__ import annotations

import asyncio
from typing import Any

World = Any


def batch(
    w: World,
    org: str,
    target_type: str,
    entries: list[tuple[str, str, Any]],
    *,
    year: int = 2026,
    justification: str | None = None,
) -> dict[str, Any]:
    return {
        "org_id": w.ids[org],
        "year": year,
        "target_type": target_type,
        "assessed_on": f"{year}-12-15",
        "justification": justification,
        "entries": [{"target_id": w.ids[t], "grade": g, "score": s} for t, g, s in entries],
    }


async def test_a_commune_classifies_its_branches_and_replaces_the_batch(world: World) -> None:
    w, client = world, world.service.client
    headers = w.headers("C", "organiser")
    created = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(w, "C", "organisation", [("B1", "good", 85), ("B2", "completed", None)]),
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["cap_flagged"] is False
    assert body["cap_max_allowed"] == 0
    assert len(body["entries"]) == 2
    assert {e["grassroots_org_id"] for e in body["entries"]} == {w.C}
    events = await w.events("classification.recorded")
    assert sorted((e["target_id"], e["grade"], e["score"]) for e in events) == sorted(
        [(w.B1, "good", 85.0), (w.B2, "completed", None)]
    )
    assert {e["org_id"] for e in events} == {w.C}
    assert events[0]["year"] == 2026
    twice = await client.post(
        "/api/v1/classifications/batches", headers=headers, json=batch(w, "C", "organisation", [("B1", "good", None)])
    )
    assert twice.status_code == 409
    assert twice.json()["rule"] == "classification.batch_exists"
    url = f"/api/v1/classifications/batches/{body['id']}"
    no_etag = await client.put(url, headers=headers, json=batch(w, "C", "organisation", [("B1", "excellent", 95)]))
    assert no_etag.status_code == 428
    mismatch = await client.put(
        url, headers={**headers, "If-Match": '"7"'}, json=batch(w, "C", "organisation", [("B1", "good", 75)])
    )
    assert mismatch.status_code == 412
    replaced = await client.put(
        url,
        headers={**headers, "If-Match": '"1"'},
        json=batch(w, "C", "organisation", [("B1", "good", 75), ("B2", "good", 70)]),
    )
    assert replaced.status_code == 201, replaced.text
    assert replaced.json()["replaces_batch_id"] == body["id"]
    batches = await client.get(
        "/api/v1/classifications/batches", params={"year": 2026, "status": "current"}, headers=w.headers("D", "viewer")
    )
    assert [b["id"] for b in batches.json()["items"]] == [replaced.json()["id"]]
    old = await client.get(url, headers=w.headers("C", "viewer"))
    assert old.json()["status"] == "superseded"
    current = await client.get(
        "/api/v1/classifications",
        params={"year": 2026, "target_type": "organisation"},
        headers=w.headers("C", "viewer"),
    )
    assert sorted(e["grade"] for e in current.json()["items"]) == ["good", "good"]


async def test_scores_must_fall_in_the_band_of_the_rule_in_force(world: World) -> None:
    w, client = world, world.service.client
    headers = w.headers("C", "organiser")
    wrong = await client.post(
        "/api/v1/classifications/batches", headers=headers, json=batch(w, "C", "organisation", [("B1", "good", 90)])
    )
    assert wrong.status_code == 422
    body = wrong.json()
    assert body["rule"] == "classification.grade_does_not_match_score"
    assert body["errors"][0]["loc"] == ["body", "entries[0]", "grade"]
    # 2024 is judged by 124-QĐ/TW, which has no central point scale: the same entry is accepted
    older = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(w, "C", "organisation", [("B1", "good", 90)], year=2024),
    )
    assert older.status_code == 201, older.text


async def test_the_excellent_cap_needs_a_justification(world: World) -> None:
    w, client = world, world.service.client
    headers = w.headers("C", "inspector")
    entries = [("B1", "excellent", None), ("B2", "good", None)]
    refused = await client.post(
        "/api/v1/classifications/batches", headers=headers, json=batch(w, "C", "organisation", entries)
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["rule"] == "classification.cap_exceeded"
    assert body["overridable"] is True
    assert body["errors"][0]["loc"] == ["body", "justification"]
    accepted = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(w, "C", "organisation", entries, justification="Chi bộ B1 đạt giải thưởng của tỉnh"),
    )
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["cap_flagged"] is True
    events = await w.events("classification.recorded")
    assert all(e["cap_flagged"] and e["justification"] for e in events)


async def test_a_member_disciplined_that_year_is_rated_not_completed(world: World) -> None:
    w, client = world, world.service.client
    imposed = await client.post(
        "/api/v1/disciplines",
        headers=w.headers("C", "inspector"),
        json={
            "target_type": "member",
            "target_id": w.M1,
            "measure": "reprimand",
            "decision_number": "3",
            "decision_date": "2026-05-05",
            "issuing_org_id": w.B1,
            "violation_date": "2026-04-01",
        },
    )
    assert imposed.status_code == 201, imposed.text
    headers = w.headers("C", "organiser", lang="vi")
    refused = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(w, "C", "member", [("M1", "good", None), ("M2", "good", None)]),
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["rule"] == "classification.condition_failed"
    assert body["values"]["max_grade"] == "not_completed"
    assert body["errors"][0]["loc"] == ["body", "entries[0]", "grade"]
    completed = batch(w, "C", "member", [("M1", "completed", None), ("M2", "good", None)])
    assert (await client.post("/api/v1/classifications/batches", headers=headers, json=completed)).status_code == 422
    accepted = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(w, "C", "member", [("M1", "not_completed", 92), ("M2", "good", 75)]),
    )
    assert accepted.status_code == 201, accepted.text
    entries = {e["target_id"]: e for e in accepted.json()["entries"]}
    assert entries[w.M1]["disciplined_in_year"] is True
    assert entries[w.M1]["subject_org_id"] == w.B1
    events = await w.events("classification.recorded")
    assert {e["member_id"] for e in events} == {w.M1, w.M2}
    assert {e["org_id"] for e in events} == {w.C}
    # the previous year is not affected by a 2026 decision
    earlier = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(
            w, "C", "member", [("M1", "excellent", None), ("M2", "good", None), ("M2", "good", None)], year=2025
        ),
    )
    assert earlier.status_code == 422
    assert earlier.json()["rule"] == "classification.duplicate_subject"


async def test_subjects_and_callers_outside_the_subtree_are_refused(world: World) -> None:
    w, client = world, world.service.client
    foreign_subject = await client.post(
        "/api/v1/classifications/batches",
        headers=w.headers("C", "organiser"),
        json=batch(w, "C", "organisation", [("B1", "good", None), ("B3", "good", None)]),
    )
    assert foreign_subject.status_code == 422
    assert foreign_subject.json()["rule"] == "classification.subject_outside_org"
    assert foreign_subject.json()["errors"][0]["loc"] == ["body", "entries[1]", "target_id"]
    outsider = await client.post(
        "/api/v1/classifications/batches",
        headers=w.headers("D2", "admin"),
        json=batch(w, "C", "organisation", [("B1", "good", None)]),
    )
    assert outsider.status_code == 404
    made = await client.post(
        "/api/v1/classifications/batches",
        headers=w.headers("C", "organiser"),
        json=batch(w, "C", "organisation", [("B1", "good", None)]),
    )
    assert made.status_code == 201
    spy = w.headers("D2", "viewer")
    assert (await client.get(f"/api/v1/classifications/batches/{made.json()['id']}", headers=spy)).status_code == 404
    assert (await client.get("/api/v1/classifications", headers=spy)).json()["items"] == []
    assert (await client.get("/api/v1/classifications/batches", headers=spy)).json()["items"] == []
    distribution = await client.get(
        "/api/v1/classifications/distribution", headers=spy, params={"org_id": w.C, "year": 2026}
    )
    assert distribution.status_code == 404
    viewer = await client.post(
        "/api/v1/classifications/batches",
        headers=w.headers("C", "viewer"),
        json=batch(w, "C", "organisation", [("B2", "good", None)]),
    )
    assert viewer.status_code == 403
    shown = await client.get(
        "/api/v1/classifications/distribution", headers=w.headers("D", "viewer"), params={"org_id": w.D, "year": 2026}
    )
    assert shown.status_code == 200
    assert shown.json()["total"] == 1
    assert shown.json()["shares"][1] == {
        "grade": "good",
        "count": 1,
        "percentage": "100.00",
    }


async def test_two_simultaneous_submissions_give_one_batch_and_one_conflict(world: World) -> None:
    w, client = world, world.service.client
    body = batch(w, "C", "organisation", [("B1", "good", None), ("B2", "good", None)])
    first, second = await asyncio.gather(
        *[
            client.post("/api/v1/classifications/batches", headers=w.headers("C", "organiser"), json=body)
            for _ in range(2)
        ]
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    loser = first if first.status_code == 409 else second
    # Which check the loser meets depends on the interleaving; each names a conflict with the winner's batch.
    assert loser.json()["rule"] in {
        "classification.batch_exists",
        "classification.subject_already_classified",
        "inspection.concurrent_change",
    }
    current = await client.get("/api/v1/classifications/batches", headers=w.headers("C", "viewer"))
    assert len(current.json()["items"]) == 1


def imposed(
    w: World, target: str, measure: str, *, target_type: str, issuer: str, number: str, day: str
) -> dict[str, Any]:
    return {
        "target_type": target_type,
        "target_id": w.ids[target],
        "measure": measure,
        "decision_number": number,
        "decision_date": day,
        "issuing_org_id": w.ids[issuer],
        "violation_date": "2026-01-10",
    }


async def test_an_organisation_with_a_disciplined_unit_or_leader_is_not_excellent_whatever_the_score(
    world: World,
) -> None:
    w, client = world, world.service.client
    headers = w.headers("D", "inspector")
    for n, body in enumerate(
        [
            imposed(w, "B1", "warning", target_type="organisation", issuer="C", number="o1", day="2026-03-01"),
            imposed(w, "M1", "reprimand", target_type="member", issuer="C", number="m1", day="2026-04-01"),
        ]
    ):
        made = await client.post("/api/v1/disciplines", headers=headers, json=body)
        assert made.status_code == 201, (n, made.text)
    # B1 disciplined itself: not completed; C (its commune) had a unit and a leader disciplined: at most good
    refused = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(w, "D", "organisation", [("C", "excellent", 92), ("B2", "good", 80)]),
    )
    assert refused.status_code == 422
    assert refused.json()["values"] == {
        "grade": "excellent",
        "max_grade": "good",
        "condition": "unit_or_leader_disciplined",
    }
    b1 = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(w, "C", "organisation", [("B1", "good", 80), ("B2", "good", 80)]),
    )
    assert b1.json()["values"]["condition"] == "disciplined_organisation"
    accepted = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(w, "D", "organisation", [("C", "good", 92), ("B1", "not_completed", 92), ("B2", "good", 80)]),
    )
    assert accepted.status_code == 201, accepted.text
    entries = {e["target_id"]: e for e in accepted.json()["entries"]}
    assert entries[w.C]["unit_or_leader_disciplined"] is True
    assert entries[w.B1]["disciplined_in_year"] is True
    assert entries[w.B2]["unit_or_leader_disciplined"] is False


async def test_an_annulled_decision_no_longer_fails_a_condition(world: World) -> None:
    w, client = world, world.service.client
    headers = w.headers("D", "inspector")
    made = await client.post(
        "/api/v1/disciplines",
        headers=headers,
        json=imposed(w, "M1", "reprimand", target_type="member", issuer="C", number="a1", day="2026-02-02"),
    )
    appeal = await client.post(
        "/api/v1/appeals",
        headers=headers,
        json={"discipline_id": made.json()["id"], "received_on": "2026-02-03", "lodged_on": "2026-02-10"},
    )
    assert appeal.status_code == 201, appeal.text
    decided = await client.post(
        f"/api/v1/appeals/{appeal.json()['id']}/decide",
        headers=headers,
        json={"outcome": "annulled", "decided_on": "2026-03-01"},
    )
    assert decided.status_code == 200, decided.text
    # M1 holds a post in B1: the annulled reprimand no longer keeps B1 from excellent
    body = batch(w, "C", "organisation", [("B1", "excellent", 95), ("B2", "good", 80)], justification="Đặc biệt")
    accepted = await client.post("/api/v1/classifications/batches", headers=headers, json=body)
    assert accepted.status_code == 201, accepted.text
    assert {e["unit_or_leader_disciplined"] for e in accepted.json()["entries"]} == {False}


async def test_results_belong_to_the_tree_as_it_stood_in_their_year(world: World) -> None:
    """District D is dissolved on 1 Jul 2025 and its commune C is placed directly under the province."""
    w, client = world, world.service.client
    headers = w.headers("P", "inspector")

    async def submit(org: str, year: int, entries: list[tuple[str, str, Any]]) -> None:
        made = await client.post(
            "/api/v1/classifications/batches", headers=headers, json=batch(w, org, "organisation", entries, year=year)
        )
        assert made.status_code == 201, made.text

    async def total(org: str, year: int) -> int:
        got = await client.get(
            "/api/v1/classifications/distribution", params={"org_id": w.ids[org], "year": year}, headers=headers
        )
        assert got.status_code == 200, got.text
        return int(got.json()["total"])

    await submit("C", 2023, [("B1", "good", None), ("B2", "completed", None)])
    await submit("D", 2023, [("C", "good", None)])
    await submit("C2", 2023, [("B3", "good", None)])
    await w.feed("org", "moved", {"org_id": w.C, "new_parent_id": w.P, "effective_date": "2025-07-01"})
    await w.feed("org", "dissolved", {"org_id": w.D, "effective_date": "2025-07-01"})
    await submit("C", 2026, [("B1", "good", 80), ("B2", "good", 75)])
    await submit("P", 2026, [("C", "good", 85)])

    assert (await total("D", 2023), await total("P", 2023)) == (3, 4)
    assert (await total("D", 2026), await total("P", 2026), await total("D2", 2026)) == (0, 3, 0)
    assert await total("C", 2026) == 3  # its own grade and its two branches'


async def test_a_classification_of_2017_answers_422_naming_the_policy_and_the_date(world: World) -> None:
    w, client = world, world.service.client
    body = batch(w, "C", "organisation", [("B1", "good", None)], year=2017)
    refused = await client.post("/api/v1/classifications/batches", headers=w.headers("C", "inspector"), json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["rule"] == "policy.not_in_force"
    assert refused.json()["values"] == {
        "policy": "classification.score_bands",
        "date": "2017-12-15",
        "earliest": "2018-03-08",
    }
    assert await w.events("classification.recorded") == []
    body_2018 = batch(w, "C", "organisation", [("B1", "good", None)], year=2018)
    accepted = await client.post("/api/v1/classifications/batches", headers=w.headers("C", "inspector"), json=body_2018)
    assert accepted.status_code == 201, accepted.text
