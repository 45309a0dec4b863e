"""Object-level authorisation on every meetings endpoint: another subtree's token finds nothing (404, no
existence leak), a missing token is 401, and a reader cannot write (403)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from shared.testing.harness import ServiceFactory


async def test_another_subtrees_token_is_refused_on_every_endpoint_of_a_meeting_and_its_branch(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=2)
        held = await w.notified("2025-03-05T14:00:00+07:00")
        assert (await w.record(held, superior=True)).status_code == 200
        fill = await mt.client.put(
            f"/api/v1/meetings/{held['id']}/evaluation",
            headers=w.admin,
            json={"scores": {"preparation": 15, "attendance": 20, "conduct": 45, "closing": 20}},
        )
        assert fill.status_code == 201
        plan = (
            await mt.client.post(
                "/api/v1/meeting-plans",
                headers=w.admin,
                json={
                    "org_id": w.branch,
                    "year": 2025,
                    "topics": [{"quarter": q, "title": f"Q{q}"} for q in (1, 2, 3, 4)],
                },
            )
        ).json()
        rubric = (
            await mt.client.post(
                "/api/v1/rubrics",
                headers=w.admin,
                json={
                    "org_id": w.province,
                    "effective_from": "2026-01-01",
                    "criteria": [{"code": "all", "weight": 100}],
                    "bands": [
                        {"grade": "poor", "min_score": 0, "max_score": 49},
                        {"grade": "good", "min_score": 50, "max_score": 100},
                    ],
                },
            )
        ).json()
        m = f"/api/v1/meetings/{held['id']}"
        period = {"period": "2025"}
        calls: list[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]] = [
            ("GET", m, None, None),
            ("GET", f"{m}/attendance", None, None),
            ("GET", f"{m}/roster", None, None),
            ("GET", f"{m}/resolutions", None, None),
            ("GET", f"{m}/evaluation", None, None),
            ("PUT", f"{m}/evaluation", {"scores": {"preparation": 1}}, None),
            ("POST", f"{m}/evaluation/confirm", {}, None),
            ("POST", f"{m}/notice", {"place": "x", "agenda": ["x"]}, None),
            (
                "POST",
                f"{m}/materials",
                {"materials": [{"title": "x", "url": "https://x.vn/a", "sent_at": "2025-03-01T08:00:00+07:00"}]},
                None,
            ),
            ("POST", f"{m}/reschedule", {"starts_at": "2025-03-06T14:00:00+07:00"}, None),
            (
                "POST",
                f"{m}/record",
                {"started_at": "2025-03-05T14:00:00+07:00", "ended_at": "2025-03-05T16:00:00+07:00", "marks": []},
                None,
            ),
            (
                "POST",
                "/api/v1/meetings/generate",
                {"org_id": w.commune, "year": 2026, "rule": {"day": 1}, "at": "08:00:00", "subtree": True},
                None,
            ),
            ("GET", f"/api/v1/meeting-plans/{plan['id']}", None, None),
            ("PUT", f"/api/v1/meeting-plans/{plan['id']}", {"topics": []}, None),
            ("GET", f"/api/v1/rubrics/{rubric['id']}", None, None),
            ("PUT", f"/api/v1/rubrics/{rubric['id']}", {"criteria": [{"code": "a", "weight": 100}], "bands": []}, None),
            ("GET", "/api/v1/rubrics/in-force", None, {"org_id": w.branch, "on": "2025-03-01"}),
            ("GET", f"/api/v1/compliance/{w.commune}", None, period),
            ("GET", "/api/v1/compliance", None, {"under": w.commune, **period}),
            ("GET", f"/api/v1/meeting-targets/{w.branch}/2025", None, None),
            (
                "PUT",
                f"/api/v1/meeting-targets/{w.branch}/2025",
                {
                    "meetings_held_percent": 1,
                    "attendance_percent": 1,
                    "well_attended_percent": 1,
                    "superior_attended_percent": 1,
                },
                None,
            ),
        ]
        other = {**w.as_(w.other_province, "organiser"), "If-Match": '"1"'}
        for method, url, body, params in calls:
            response = await mt.client.request(method, url, headers=other, json=body, params=params)
            assert response.status_code == 404, (method, url, response.status_code, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            anonymous = await mt.client.request(method, url, json=body, params=params)
            assert anonymous.status_code == 401, (method, url)
        for method, url, body, params in calls:
            if method != "GET":
                viewer = await mt.client.request(
                    method, url, headers=w.as_(w.branch, "viewer"), json=body, params=params
                )
                assert viewer.status_code == 403, (method, url)
        for listing in ("/api/v1/meetings", "/api/v1/meeting-plans", "/api/v1/rubrics", "/api/v1/meeting-targets"):
            assert (await mt.client.get(listing, headers=other)).json()["items"] == [], listing


async def test_a_cancelled_or_held_meeting_takes_no_notice_or_materials_and_an_unfilled_form_is_not_found(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=1)
        cancelled = await w.meeting("2025-05-05T14:00:00+07:00")
        url = f"/api/v1/meetings/{cancelled['id']}"
        await mt.client.post(f"{url}/cancel", headers=w.admin, json={"reason": "Bão số 3"})
        notice = await mt.client.post(f"{url}/notice", headers=w.admin, json={"place": "x", "agenda": ["x"]})
        assert notice.status_code == 409
        assert notice.json()["rule"] == "meeting.already_cancelled"
        held = await w.notified("2025-03-05T14:00:00+07:00")
        assert held["materials_missing"] is True
        await w.record(held)
        materials = await mt.client.post(
            f"/api/v1/meetings/{held['id']}/materials",
            headers=w.admin,
            json={"materials": [{"title": "x", "url": "https://x.vn/a", "sent_at": "2025-03-01T08:00:00+07:00"}]},
        )
        assert materials.status_code == 409
        assert materials.json()["rule"] == "meeting.already_held"
        bad_url = await mt.client.post(
            f"{url}/materials",
            headers=w.admin,
            json={"materials": [{"title": "x", "url": "not a link", "sent_at": "2025-03-01T08:00:00+07:00"}]},
        )
        assert bad_url.status_code == 422
        assert bad_url.json()["errors"][0]["loc"][:3] == ["body", "materials", 0]
        form = await mt.client.get(f"/api/v1/meetings/{held['id']}/evaluation", headers=w.admin)
        assert form.status_code == 404
        assert form.json()["rule"] == "evaluation.not_found"
        plan = await mt.client.post(
            "/api/v1/meetings",
            headers=w.admin,
            json={"org_id": w.branch, "kind": "thematic", "starts_at": "2025-03-20T08:00:00+07:00", "plan_id": "nope"},
        )
        assert plan.status_code == 404
        assert plan.json()["rule"] == "meeting.plan_not_found"


async def test_dates_outside_the_calendar_or_before_a_rule_existed_are_refused_not_crashed(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        far = await mt.client.post(
            "/api/v1/meetings",
            headers=w.admin,
            json={"org_id": w.branch, "kind": "regular", "starts_at": "9999-12-31T23:00:00-05:00"},
        )
        assert far.status_code == 422
        assert far.json()["errors"][0]["loc"] == ["body", "starts_at"]
        old = await mt.client.post(
            "/api/v1/rubrics",
            headers=w.admin,
            json={
                "org_id": w.province,
                "effective_from": "2001-01-01",
                "criteria": [{"code": "all", "weight": 100}],
                "bands": [{"grade": "good", "min_score": 0, "max_score": 100}],
            },
        )
        assert old.status_code == 422
        assert old.json()["rule"] == "policy.not_in_force"
        assert (
            await mt.client.get(f"/api/v1/compliance/{w.branch}", headers=w.admin, params={"period": "2001"})
        ).json()["rule"] == "policy.not_in_force"
