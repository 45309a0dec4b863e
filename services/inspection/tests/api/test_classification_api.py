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


async def test_a_member_disciplined_that_year_is_not_rated_above_completed(world: World) -> None:
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
    assert body["rule"] == "classification.disciplined_member_grade_capped"
    assert body["errors"][0]["loc"] == ["body", "entries[0]", "grade"]
    accepted = await client.post(
        "/api/v1/classifications/batches",
        headers=headers,
        json=batch(w, "C", "member", [("M1", "completed", None), ("M2", "good", None)]),
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
