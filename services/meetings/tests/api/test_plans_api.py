"""The yearly thematic plan through the API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from shared.testing.harness import ServiceFactory

TOPICS = [{"quarter": q, "title": f"Chuyên đề quý {q}"} for q in (1, 2, 3, 4)]


async def test_a_branch_adopts_and_revises_its_thematic_plan_with_the_current_etag(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        secretary = w.as_(w.branch)
        created = await mt.client.post(
            "/api/v1/meeting-plans", headers=secretary, json={"org_id": w.branch, "year": 2026, "topics": TOPICS}
        )
        assert created.status_code == 201, created.text
        plan = created.json()
        assert created.headers["location"] == f"/api/v1/meeting-plans/{plan['id']}"
        url = f"/api/v1/meeting-plans/{plan['id']}"
        revised_topics = [*TOPICS, {"quarter": 3, "title": "Chuyển đổi số", "planned_on": "2026-08-20"}]
        no_etag = await mt.client.put(url, headers=secretary, json={"topics": revised_topics})
        assert no_etag.status_code == 428
        stale = await mt.client.put(url, headers={**secretary, "If-Match": '"9"'}, json={"topics": revised_topics})
        assert stale.status_code == 412
        revised = await mt.client.put(
            url, headers={**secretary, "If-Match": created.headers["etag"]}, json={"topics": revised_topics}
        )
        assert revised.status_code == 200, revised.text
        assert revised.json()["revision"] == 2
        duplicate = await mt.client.post(
            "/api/v1/meeting-plans", headers=secretary, json={"org_id": w.branch, "year": 2026, "topics": TOPICS}
        )
        assert duplicate.status_code == 409
        assert duplicate.json()["rule"] == "plan.exists"
        listed = (
            await mt.client.get("/api/v1/meeting-plans", headers=w.as_(w.commune, "viewer"), params={"year": 2026})
        ).json()
        assert [p["id"] for p in listed["items"]] == [plan["id"]]
        thematic = await mt.client.post(
            "/api/v1/meetings",
            headers=secretary,
            json={
                "org_id": w.branch,
                "kind": "thematic",
                "starts_at": "2026-08-20T08:00:00+07:00",
                "topic": "Chuyển đổi số",
                "plan_id": plan["id"],
            },
        )
        assert thematic.status_code == 201
        adopted = await mt.outbox_envelopes("vn.party.meetings.plan.adopted.v1")
        assert [e["data"]["revision"] for e in adopted] == [1, 2]
        assert adopted[1]["data"]["topics_per_quarter"] == {"1": 1, "2": 1, "3": 2, "4": 1}


async def test_a_plan_leaving_a_quarter_without_a_topic_or_outside_the_subtree_is_refused(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        short = await mt.client.post(
            "/api/v1/meeting-plans",
            headers=w.as_(w.branch, lang="vi"),
            json={"org_id": w.branch, "year": 2026, "topics": TOPICS[:3]},
        )
        assert short.status_code == 422
        assert short.json()["rule"] == "meeting.thematic_quarter_missing"
        assert short.json()["values"]["quarters"] == [4]
        outside = await mt.client.post(
            "/api/v1/meeting-plans",
            headers=w.admin,
            json={
                "org_id": w.branch,
                "year": 2026,
                "topics": [*TOPICS, {"quarter": 1, "title": "Sai quý", "planned_on": "2026-05-01"}],
            },
        )
        assert outside.json()["errors"][0]["loc"] == ["body", "topics[4]", "planned_on"]
        other = await mt.client.post(
            "/api/v1/meeting-plans",
            headers=w.as_(w.other_province, "organiser"),
            json={"org_id": w.branch, "year": 2026, "topics": TOPICS},
        )
        assert other.status_code == 404
        viewer = await mt.client.post(
            "/api/v1/meeting-plans",
            headers=w.as_(w.branch, "viewer"),
            json={"org_id": w.branch, "year": 2026, "topics": TOPICS},
        )
        assert viewer.status_code == 403
        assert (await mt.client.get("/api/v1/meeting-plans/nope", headers=w.admin)).status_code == 404
