"""Inspection programmes and items through the API: planning, the state machine, events, scope."""

from __future__ import annotations

from typing import Any

World = Any

INSPECTOR_D = ("D", "inspector")


async def _programme(w: World, committee: str = "D", year: int = 2026) -> dict:
    response = await w.service.client.post(
        "/api/v1/inspections/programmes",
        headers=w.headers(*INSPECTOR_D),
        json={"committee_id": w.ids[committee], "year": year, "title": "Chương trình kiểm tra năm 2026"},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_an_item_is_planned_opened_and_concluded_with_events(world: World) -> None:
    w, client = world, world.service.client
    programme = await _programme(w)
    planned = await client.post(
        f"/api/v1/inspections/programmes/{programme['id']}/items",
        headers=w.headers(*INSPECTOR_D),
        json={
            "kind": "thematic_supervision",
            "target_type": "organisation",
            "target_id": w.C,
            "subject": "Sinh hoạt chi bộ",
        },
    )
    assert planned.status_code == 201, planned.text
    item = planned.json()
    assert item["state"] == "planned"
    assert item["org_id"] == w.C
    assert planned.headers["etag"] == '"1"'
    started = await client.post(
        f"/api/v1/inspections/items/{item['id']}/start",
        headers={**w.headers(*INSPECTOR_D), "If-Match": '"1"'},
        json={"started_on": "2026-03-01"},
    )
    assert started.status_code == 200, started.text
    assert started.json()["state"] == "in_progress"
    assert started.headers["etag"] == '"2"'
    stale = await client.post(
        f"/api/v1/inspections/items/{item['id']}/conclude",
        headers={**w.headers(*INSPECTOR_D), "If-Match": '"1"'},
        json={"concluded_on": "2026-04-01", "violation": True, "findings": "x", "recommended_measure": "warning"},
    )
    assert stale.status_code == 412
    concluded = await client.post(
        f"/api/v1/inspections/items/{item['id']}/conclude",
        headers={**w.headers(*INSPECTOR_D), "If-Match": '"2"'},
        json={
            "concluded_on": "2026-04-01",
            "violation": True,
            "findings": "Không sinh hoạt chuyên đề quý I",
            "recommended_measure": "warning",
        },
    )
    assert concluded.status_code == 200, concluded.text
    assert concluded.json()["state"] == "concluded"
    opened = await w.events("inspection.opened")
    done = await w.events("inspection.concluded")
    assert [e["org_id"] for e in opened] == [w.C]
    assert done[0]["violation"] is True
    assert done[0]["measure"] == "warning"
    assert done[0]["kind"] == "thematic_supervision"
    again = await client.post(
        f"/api/v1/inspections/items/{item['id']}/start",
        headers=w.headers(*INSPECTOR_D),
        json={"started_on": "2026-05-01"},
    )
    assert again.status_code == 409
    assert again.json()["rule"] == "programmes.invalid_transition"
    got = await client.get(f"/api/v1/inspections/items/{item['id']}", headers=w.headers("C", "viewer"))
    assert got.status_code == 200
    assert got.json()["findings"] == "Không sinh hoạt chuyên đề quý I"
    assert got.headers["etag"] == '"3"'
    outsider = w.headers("D2", "admin")
    assert (await client.get(f"/api/v1/inspections/items/{item['id']}", headers=outsider)).status_code == 404
    assert (await client.get("/api/v1/inspections/items", headers=outsider)).json()["items"] == []
    programmes = await client.get(
        "/api/v1/inspections/programmes", params={"year": 2026}, headers=w.headers("P", "viewer")
    )
    assert [p["id"] for p in programmes.json()["items"]] == [programme["id"]]
    listed = await client.get(
        "/api/v1/inspections/items", params={"state": "concluded"}, headers=w.headers("C", "viewer")
    )
    assert [i["id"] for i in listed.json()["items"]] == [item["id"]]


async def test_a_conclusion_needs_findings_and_an_outsider_cannot_start(world: World) -> None:
    w, client = world, world.service.client
    programme = await _programme(w)
    item = (
        await client.post(
            f"/api/v1/inspections/programmes/{programme['id']}/items",
            headers=w.headers(*INSPECTOR_D),
            json={"kind": "inspection_on_signs_of_violation", "target_type": "member", "target_id": w.M1},
        )
    ).json()
    url = f"/api/v1/inspections/items/{item['id']}"
    outsider = await client.post(
        f"{url}/start", headers=w.headers("D2", "inspector"), json={"started_on": "2026-03-01"}
    )
    assert outsider.status_code == 404
    early = await client.post(
        f"{url}/conclude",
        headers=w.headers(*INSPECTOR_D),
        json={"concluded_on": "2026-04-01", "violation": False, "findings": "Không vi phạm"},
    )
    assert early.status_code == 409
    assert early.json()["rule"] == "programmes.invalid_transition"
    started = await client.post(f"{url}/start", headers=w.headers(*INSPECTOR_D), json={"started_on": "2026-03-01"})
    assert started.status_code == 200
    empty = await client.post(
        f"{url}/conclude",
        headers=w.headers(*INSPECTOR_D, lang="vi"),
        json={"concluded_on": "2026-04-01", "violation": True, "findings": "  "},
    )
    assert empty.status_code == 422
    assert empty.json()["rule"] == "programmes.findings_required"
    assert empty.json()["errors"][0]["loc"] == ["body", "findings"]
    no_violation = await client.post(
        f"{url}/conclude",
        headers=w.headers(*INSPECTOR_D),
        json={"concluded_on": "2026-04-01", "violation": False, "findings": "Ổn", "recommended_measure": "reprimand"},
    )
    assert no_violation.status_code == 422
    assert no_violation.json()["rule"] == "programmes.measure_without_violation"


async def test_planning_refusals_name_the_rule_and_field(world: World) -> None:
    w, client = world, world.service.client
    programme = await _programme(w)
    url = f"/api/v1/inspections/programmes/{programme['id']}/items"
    member_discipline_work = await client.post(
        url,
        headers=w.headers(*INSPECTOR_D, lang="vi"),
        json={"kind": "inspection_of_discipline_work", "target_type": "member", "target_id": w.M1},
    )
    assert member_discipline_work.status_code == 422
    body = member_discipline_work.json()
    assert body["rule"] == "programmes.kind_requires_organisation"
    assert body["errors"][0]["loc"] == ["body", "target"]
    # a district cannot inspect itself as an organisation (only strictly lower units)
    itself = await client.post(
        url,
        headers=w.headers(*INSPECTOR_D),
        json={"kind": "regular_supervision", "target_type": "organisation", "target_id": w.D},
    )
    assert itself.status_code == 422
    assert itself.json()["rule"] == "programmes.target_outside_jurisdiction"
    other = await client.post(
        url,
        headers=w.headers(*INSPECTOR_D),
        json={"kind": "regular_supervision", "target_type": "member", "target_id": w.M3},
    )
    assert other.status_code == 404
    assert other.json()["errors"][0]["loc"] == ["body", "target_id"]
    duplicate = await client.post(
        "/api/v1/inspections/programmes",
        headers=w.headers(*INSPECTOR_D),
        json={"committee_id": w.D, "year": 2026, "title": "Lần hai"},
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["rule"] == "programmes.programme_exists"


async def test_roles_and_another_subtree(world: World) -> None:
    w, client = world, world.service.client
    programme = await _programme(w)
    viewer = await client.post(
        "/api/v1/inspections/programmes",
        headers=w.headers("D", "viewer"),
        json={"committee_id": w.D, "year": 2027, "title": "Không được"},
    )
    assert viewer.status_code == 403
    assert (await client.get("/api/v1/inspections/programmes")).status_code == 401
    outsider = w.headers("D2", "inspector")
    assert (await client.get(f"/api/v1/inspections/programmes/{programme['id']}", headers=outsider)).status_code == 404
    assert (await client.get("/api/v1/inspections/programmes", headers=outsider)).json()["items"] == []
    planned = await client.post(
        f"/api/v1/inspections/programmes/{programme['id']}/items",
        headers=outsider,
        json={"kind": "regular_supervision", "target_type": "organisation", "target_id": w.C},
    )
    assert planned.status_code == 404
    foreign = await client.post(
        "/api/v1/inspections/programmes",
        headers=outsider,
        json={"committee_id": w.D, "year": 2027, "title": "Không được"},
    )
    assert foreign.status_code == 404
    own = await client.get(f"/api/v1/inspections/programmes/{programme['id']}", headers=w.headers("D", "viewer"))
    assert own.status_code == 200
    assert own.headers["etag"] == '"1"'
