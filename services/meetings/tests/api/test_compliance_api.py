"""Targets per organisation and year, and compliance of a branch or subtree, through the API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from shared.testing.harness import ServiceFactory

TARGETS = {
    "meetings_held_percent": 100,
    "attendance_percent": 80,
    "well_attended_percent": 50,
    "superior_attended_percent": 25,
}


async def test_targets_are_set_per_organisation_and_year_and_inherited_below_it(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        url = f"/api/v1/meeting-targets/{w.district}/2025"
        default = (await mt.client.get(f"/api/v1/meeting-targets/{w.branch}/2025", headers=w.admin)).json()
        assert default["source"] == "default"
        assert float(default["superior_attended_percent"]) == 60
        assert (float(default["resolutions_percent"]), float(default["materials_percent"])) == (95, 100)
        organiser = w.as_(w.district, "organiser")
        created = await mt.client.put(url, headers=organiser, json=TARGETS)
        assert created.status_code == 201, created.text
        inherited = (await mt.client.get(f"/api/v1/meeting-targets/{w.branch}/2025", headers=w.as_(w.branch))).json()
        assert inherited["source"] == f"inherited:{w.district}"
        assert float(inherited["attendance_percent"]) == 80
        assert (await mt.client.put(url, headers=organiser, json=TARGETS)).status_code == 428
        assert (await mt.client.put(url, headers={**organiser, "If-Match": '"5"'}, json=TARGETS)).status_code == 412
        replaced = await mt.client.put(
            url,
            headers={**organiser, "If-Match": created.headers["etag"]},
            json={**TARGETS, "attendance_percent": 85, "resolutions_percent": 90},
        )
        assert float(replaced.json()["resolutions_percent"]) == 90
        assert float(replaced.json()["materials_percent"]) == 100  # not set: the default
        assert replaced.status_code == 200
        assert replaced.headers["etag"] == '"2"'
        published = [e["data"] for e in await mt.outbox_envelopes("vn.party.meetings.targets.set.v1")]
        assert [(e["org_id"], e["year"], e["version"], e["attendance_percent"]) for e in published] == [
            (w.district, 2025, 1, "80"),
            (w.district, 2025, 2, "85"),
        ]
        assert [(e["resolutions_percent"], e["materials_percent"]) for e in published] == [(None, None), ("90", None)]
        invalid = await mt.client.put(url, headers=organiser, json={**TARGETS, "attendance_percent": 101})
        assert invalid.status_code == 422
        assert invalid.json()["errors"][0]["loc"] == ["body", "attendance_percent"]
        listed = (await mt.client.get("/api/v1/meeting-targets", headers=organiser, params={"year": 2025})).json()
        assert [t["org_id"] for t in listed["items"]] == [w.district]
        assert (await mt.client.put(url, headers=w.as_(w.district, "secretary"), json=TARGETS)).status_code == 403
        other = w.as_(w.other_province, "organiser")
        assert (await mt.client.get(url, headers=other)).status_code == 404
        assert (await mt.client.put(url, headers=other, json=TARGETS)).status_code == 404


async def test_compliance_of_a_branch_and_of_its_commune_is_measured_against_their_targets(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=4)
        await mt.client.put(f"/api/v1/meeting-targets/{w.commune}/2025", headers=w.admin, json=TARGETS)
        for month, marks in [
            (1, {}),
            (2, {w.members[0]: "excused"}),
            (3, {w.members[0]: "excused", w.members[1]: "unexcused"}),
        ]:
            meeting = await w.notified(f"2025-{month:02d}-10T14:00:00+07:00")
            assert (await w.record(meeting, marks, superior=month == 1)).status_code == 200
        cancelled = await w.meeting("2025-03-25T14:00:00+07:00", kind="thematic")
        await mt.client.post(f"/api/v1/meetings/{cancelled['id']}/cancel", headers=w.admin, json={"reason": "Bão"})
        q1 = await mt.client.get(
            f"/api/v1/compliance/{w.branch}",
            headers=w.as_(w.branch, "viewer"),
            params={"period": "2025-Q1", "as_of": "2025-12-31"},
        )
        assert q1.status_code == 200, q1.text
        body = q1.json()
        assert body["regular_months"]["achieved"] == 3
        assert body["thematic_quarters"] == {
            "achieved": 0,
            "out_of": 1,
            "percent": "0.00",
            "target": "100.00",
            "passed": False,
        }
        assert (body["attendance"]["achieved"], body["attendance"]["out_of"], body["attendance"]["percent"]) == (
            9,
            12,
            "75.00",
        )
        assert (body["well_attended"]["achieved"], body["well_attended"]["percent"]) == (1, "33.33")
        assert (body["superior_attended"]["achieved"], body["superior_attended"]["percent"]) == (1, "33.33")
        assert body["targets_source"] == f"inherited:{w.commune}"
        assert body["passed"] is False
        commune = (
            await mt.client.get(
                f"/api/v1/compliance/{w.commune}",
                headers=w.as_(w.commune, "viewer"),
                params={"period": "2025-Q1", "as_of": "2025-12-31"},
            )
        ).json()
        assert commune["branches"] == 2
        assert commune["regular_months"]["out_of"] == 6
        assert commune["regular_months"]["achieved"] == 3
        assert commune["targets_source"] == "own"
        page = (
            await mt.client.get(
                "/api/v1/compliance",
                headers=w.as_(w.commune, "viewer"),
                params={"under": w.commune, "period": "2025-Q1", "as_of": "2025-12-31", "limit": 1},
            )
        ).json()
        assert [b["org_id"] for b in page["items"]] in ([w.branch], [w.branch2])
        rest = (
            await mt.client.get(
                "/api/v1/compliance",
                headers=w.as_(w.commune, "viewer"),
                params={"under": w.commune, "period": "2025-Q1", "as_of": "2025-12-31", "cursor": page["next_cursor"]},
            )
        ).json()
        assert {b["org_id"] for b in page["items"] + rest["items"]} == {w.branch, w.branch2}
        bad = await mt.client.get(f"/api/v1/compliance/{w.branch}", headers=w.admin, params={"period": "2025-Q5"})
        assert bad.status_code == 422
        assert bad.json()["rule"] == "compliance.period_invalid"
        early = await mt.client.get(
            f"/api/v1/compliance/{w.branch}", headers=w.admin, params={"period": "2025", "as_of": "2024-12-31"}
        )
        assert early.json()["rule"] == "compliance.as_of_invalid"
        assert (
            await mt.client.get(
                f"/api/v1/compliance/{w.branch}", headers=w.as_(w.other_province, "viewer"), params={"period": "2025"}
            )
        ).status_code == 404
        assert (await mt.client.get(f"/api/v1/compliance/{w.branch}", params={"period": "2025"})).status_code == 401
