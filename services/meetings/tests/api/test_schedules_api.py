"""The meeting calendar through the API: schedule, generate a year, reschedule, cancel, notice, materials."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from shared.testing.harness import ServiceFactory


async def test_a_year_of_regular_meetings_is_generated_for_every_branch_of_a_subtree_once(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt)
        body = {"org_id": w.commune, "year": 2026, "rule": {"weekday": 1, "nth": 1}, "at": "14:00:00", "subtree": True}
        response = await mt.client.post("/api/v1/meetings/generate", headers=w.as_(w.commune), json=body)
        assert response.status_code == 201, response.text
        assert response.json()["branches"] == 2
        assert response.json()["created"] == 24
        again = await mt.client.post("/api/v1/meetings/generate", headers=w.as_(w.commune), json=body)
        assert again.json()["created"] == 0
        assert again.json()["skipped_months"] == 24
        page = (await mt.client.get("/api/v1/meetings", headers=w.as_(w.branch, "viewer"), params={"limit": 5})).json()
        assert [m["meeting_date"] for m in page["items"]] == [
            "2026-01-06",
            "2026-02-03",
            "2026-03-03",
            "2026-04-07",
            "2026-05-05",
        ]
        assert all(m["org_id"] == w.branch for m in page["items"])
        rest = (
            await mt.client.get(
                "/api/v1/meetings",
                headers=w.as_(w.branch, "viewer"),
                params={"limit": 200, "cursor": page["next_cursor"]},
            )
        ).json()
        assert len(rest["items"]) == 7
        assert rest["next_cursor"] is None
        scheduled = await mt.outbox_envelopes("vn.party.meetings.meeting.scheduled.v1")
        assert len(scheduled) == 24
        assert scheduled[0]["data"]["kind"] == "regular"


async def test_generating_for_a_committee_without_subtree_is_refused_naming_the_rule(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        response = await mt.client.post(
            "/api/v1/meetings/generate",
            headers=w.as_(w.commune, lang="vi"),
            json={"org_id": w.commune, "year": 2026, "rule": {"day": 31}, "at": "14:00:00"},
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["rule"] == "meeting.org_not_branch"
        assert response.json()["errors"][0]["loc"] == ["body", "org_id"]
        bad_rule = await mt.client.post(
            "/api/v1/meetings/generate",
            headers=w.admin,
            json={"org_id": w.branch, "year": 2026, "rule": {"day": 32}, "at": "14:00:00"},
        )
        assert bad_rule.status_code == 422
        assert bad_rule.json()["rule"] == "meeting.plan_day_invalid"


async def test_reschedule_needs_the_current_etag_and_cancel_needs_a_reason(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        meeting = await w.meeting("2026-12-05T14:00:00+07:00")
        url = f"/api/v1/meetings/{meeting['id']}"
        got = await mt.client.get(url, headers=w.as_(w.branch, "viewer"))
        assert got.headers["etag"] == '"1"'
        stale = await mt.client.post(
            f"{url}/reschedule", headers={**w.admin, "If-Match": '"7"'}, json={"starts_at": "2026-12-07T08:00:00+07:00"}
        )
        assert stale.status_code == 412
        moved = await mt.client.post(
            f"{url}/reschedule",
            headers={**w.admin, "If-Match": '"1"'},
            json={"starts_at": "2026-12-07T08:00:00+07:00", "reason": "mưa bão"},
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["meeting_date"] == "2026-12-07"
        assert moved.headers["etag"] == '"2"'
        blank = await mt.client.post(f"{url}/cancel", headers=w.admin, json={"reason": "  "})
        assert blank.status_code == 422
        assert blank.json()["rule"] == "meeting.cancel_reason_required"
        cancelled = await mt.client.post(
            f"{url}/cancel", headers={**w.admin, "If-Match": '"2"'}, json={"reason": "Trùng lịch bầu cử"}
        )
        assert cancelled.json()["status"] == "cancelled"
        again = await mt.client.post(f"{url}/cancel", headers=w.admin, json={"reason": "x"})
        assert again.status_code == 409
        assert again.json()["rule"] == "meeting.already_cancelled"
        events = await mt.outbox_envelopes("vn.party.meetings.meeting.cancelled.v1")
        assert events[0]["data"]["reason"] == "Trùng lịch bầu cử"
        assert (await mt.outbox_envelopes("vn.party.meetings.meeting.rescheduled.v1"))[0]["data"][
            "previous_date"
        ] == "2026-12-05"


async def test_a_notice_on_the_meeting_day_and_late_materials_are_flagged_not_refused(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=3)
        exempt = await w.member(w.branch, "exempted", "exempt", member_id=w.members[2])
        meeting = await w.meeting("2025-03-05T14:00:00+07:00")
        url = f"/api/v1/meetings/{meeting['id']}"
        notice = await mt.client.post(
            f"{url}/notice",
            headers=w.admin,
            json={
                "place": "Nhà văn hóa",
                "agenda": ["Kiểm điểm tháng"],
                "notified_at": "2025-03-05T07:00:00+07:00",
                "materials": [
                    {
                        "title": "Dự thảo nghị quyết",
                        "url": "https://docs.example.vn/nq.pdf",
                        "media_type": "application/pdf",
                        "sent_at": "2025-03-03T08:00:00+07:00",
                    }
                ],
            },
        )
        assert notice.status_code == 200, notice.text
        assert notice.json()["status"] == "notified"
        assert notice.json()["notice_late"] is True
        assert notice.json()["materials_late"] is False
        late = await mt.client.post(
            f"{url}/materials",
            headers=w.admin,
            json={
                "materials": [
                    {
                        "title": "Báo cáo",
                        "url": "https://docs.example.vn/bc.pdf",
                        "sent_at": "2025-03-05T09:00:00+07:00",
                    }
                ]
            },
        )
        assert late.json()["materials_late"] is True
        assert len(late.json()["materials"]) == 2
        event = (await mt.outbox_envelopes("vn.party.meetings.meeting.notified.v1"))[0]["data"]
        assert event["late"] is True
        assert event["superior_org_id"] == w.commune
        assert set(event["recipients"]) == {*w.members, w.commune}
        assert exempt in event["recipients"]


async def test_callers_outside_the_subtree_without_a_token_or_role_are_refused(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        meeting = await w.meeting("2026-12-05T14:00:00+07:00")
        url = f"/api/v1/meetings/{meeting['id']}"
        other = w.as_(w.other_province, "organiser")
        assert (await mt.client.get(url, headers=other)).status_code == 404
        assert (await mt.client.post(f"{url}/cancel", headers=other, json={"reason": "x"})).status_code == 404
        assert (await mt.client.get("/api/v1/meetings", headers=other)).json()["items"] == []
        refused = await mt.client.post(
            "/api/v1/meetings",
            headers=other,
            json={"org_id": w.branch, "kind": "regular", "starts_at": "2026-12-05T14:00:00+07:00"},
        )
        assert refused.status_code == 404
        assert refused.json()["rule"] == "org.not_found"
        assert (await mt.client.get(url)).status_code == 401
        viewer = await mt.client.post(f"{url}/cancel", headers=w.as_(w.branch, "viewer"), json={"reason": "x"})
        assert viewer.status_code == 403
        assert (await mt.client.get("/api/v1/meetings", headers=w.admin, params={"cursor": "@@"})).status_code == 400


async def test_every_operation_is_named_and_declares_its_problems_as_problem_json(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        schema = (await mt.client.get("/openapi.json")).json()
        operations = [
            (path, op)
            for path, item in schema["paths"].items()
            for op in item.values()
            if path.startswith("/api/v1/") and not path.startswith("/api/v1/admin")
        ]
        assert len(operations) >= 28
        for path, op in operations:
            assert op.get("operationId"), path
            assert "application/problem+json" in op["responses"]["422"]["content"], path
            assert "application/problem+json" in op["responses"]["401"]["content"], path
