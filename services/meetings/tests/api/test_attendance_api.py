"""Recording held meetings through the API: attendance of the roster, flags, superiors, absence alerts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from shared.testing.harness import ServiceFactory


async def test_a_held_meeting_counts_the_roster_leaving_out_exempt_members_and_publishes_its_facts(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=5)
        exempt = w.members.pop()
        await w.member(w.branch, "exempted", "exempt", member_id=exempt)
        meeting = await w.notified("2025-03-05T14:00:00+07:00", kind="combined")
        a, b = w.members[:2]
        response = await w.record(
            meeting,
            {a: "excused", b: "unexcused"},
            superior=True,
            end="15:30",
            guests=[{"name": "Bác Ba", "member_id": exempt, "note": "đảng viên miễn sinh hoạt"}],
            resolutions=[{"title": "NQ tháng 3", "text": "…", "votes_for": 3, "votes_against": 0, "abstentions": 0}],
        )
        assert response.status_code == 200, response.text
        held = response.json()
        assert (held["status"], held["expected"], held["present"], held["excused"], held["unexcused"]) == (
            "held",
            4,
            2,
            1,
            1,
        )
        assert held["duration_minutes"] == 90
        assert held["duration_short"] is True  # a combined meeting needs 120 minutes
        assert held["good_meeting"] is False  # 50% present, one unexcused
        assert response.headers["etag"] == f'"{held["version"]}"'
        event = (await mt.outbox_envelopes("vn.party.meetings.meeting.held.v1"))[0]["data"]
        assert event["kind"] == "combined"
        assert (event["expected"], event["present"], event["superior_present"], event["attendance_rate"]) == (
            4,
            2,
            True,
            0.5,
        )
        assert len(await mt.outbox_envelopes("vn.party.meetings.resolution.adopted.v1")) == 1
        marks = (await mt.client.get(f"/api/v1/meetings/{meeting['id']}/attendance", headers=w.admin)).json()
        assert {m["member_id"]: m["mark"] for m in marks["items"]}[a] == "excused"
        roster = (await mt.client.get(f"/api/v1/meetings/{meeting['id']}/roster", headers=w.admin)).json()
        assert roster["exempt"] == [exempt]
        resolutions = (await mt.client.get(f"/api/v1/meetings/{meeting['id']}/resolutions", headers=w.admin)).json()
        assert resolutions[0]["votes_for"] == 3


async def test_recording_refuses_missing_marks_exempt_marks_and_excuses_without_reason_naming_the_field(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=3)
        meeting = await w.notified("2025-03-05T14:00:00+07:00")
        missing = await w.record(meeting, {w.members[0]: "skip"})
        assert missing.status_code == 422
        assert missing.json()["rule"] == "attendance.marks_missing"
        assert missing.json()["errors"][0]["loc"] == ["body", "marks"]
        body = {
            "started_at": "2025-03-05T14:00:00+07:00",
            "ended_at": "2025-03-05T16:00:00+07:00",
            "marks": [{"member_id": w.members[0], "mark": "excused"}],
        }
        no_reason = await mt.client.post(
            f"/api/v1/meetings/{meeting['id']}/record", headers=w.as_(w.branch, lang="vi"), json=body
        )
        assert no_reason.json()["rule"] == "attendance.excused_reason_required"
        assert no_reason.headers["content-language"] == "vi"
        far = await w.record(meeting, superior=False, start="14:00", end="13:00")
        assert far.json()["rule"] == "meeting.end_not_after_start"
        outsider = await w.record(meeting, superior_attendees=[{"name": "X", "committee_org_id": w.other_province}])
        assert outsider.json()["rule"] == "attendance.superior_not_above"
        assert outsider.json()["errors"][0]["loc"] == ["body", "superior_attendees[0]", "committee_org_id"]
        future = await w.notified("2099-03-05T14:00:00+07:00")
        assert (await w.record(future)).json()["rule"] == "meeting.held_in_future"
        unnotified = await w.meeting("2025-04-05T14:00:00+07:00")
        refused = await w.record(unnotified)
        assert refused.status_code == 409
        assert refused.json()["rule"] == "meeting.not_notified"
        assert (await w.record(meeting)).status_code == 200
        assert (await w.record(meeting)).json()["rule"] == "meeting.already_held"
        stale = await mt.client.post(
            f"/api/v1/meetings/{meeting['id']}/record", headers={**w.admin, "If-Match": '"1"'}, json=body
        )
        assert stale.status_code == 412
        other = await mt.client.post(
            f"/api/v1/meetings/{unnotified['id']}/record", headers=w.as_(w.other_province), json=body
        )
        assert other.status_code == 404


async def test_a_fourth_consecutive_absence_and_a_third_unexcused_month_raise_one_alert_each(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=2)
        absent, other = w.members
        marks = ["unexcused", "excused", "unexcused", "unexcused", "excused"]
        for month, mark in enumerate(marks, start=1):
            meeting = await w.notified(f"2025-{month:02d}-10T14:00:00+07:00")
            assert (await w.record(meeting, {absent: mark})).status_code == 200
        alerts = await mt.outbox_envelopes("vn.party.meetings.member.absence_threshold_reached.v1")
        rules = [(a["data"]["rule"], a["data"]["count"], a["data"]["last_date"]) for a in alerts]
        assert rules == [("consecutive_absences", 4, "2025-04-10"), ("unexcused_months_in_year", 3, "2025-04-10")]
        assert alerts[0]["data"]["member_id"] == absent
        assert alerts[0]["data"]["first_date"] == "2025-01-10"
        assert len(alerts[0]["data"]["meeting_ids"]) == 4
        assert other not in {a["data"]["member_id"] for a in alerts}
