"""Meetings' roster lookups against its copy of membership's members: while the copy lags (the consumer has
events still to apply) a mark for a member the copy has never placed in the branch, or a branch whose roster has
not arrived at all, answers 404 ``copy.not_known_yet`` with how far behind the copy is and ``Retry-After``; once
caught up the same wrong id is the rule's own 422 (``attendance.unknown_member``), so the two are told apart."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy import select

from meetings.roster.models import RosterChange
from shared.freshness import copy_lag
from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
REGISTERED = "vn.party.membership.member.registered.v1"


async def create_org(m: RunningService, name: str, kind: str, parent: str | None) -> str:
    body = {"name": name, "kind": kind, "parent_id": parent, "effective_date": "2025-01-01"}
    response = await m.client.post("/api/v1/orgs", headers=ADMIN, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def register(m: RunningService, branch: str, national_id: str) -> str:
    body = {
        "full_name": "Đinh Văn Sơn",
        "gender": "male",
        "birth_date": "1980-01-01",
        "national_id": national_id,
        "org_id": branch,
        "status": "official",
        "admission_date": "2005-01-01",
        "effective_date": "2025-01-01",
    }
    response = await m.client.post("/api/v1/members", headers=ADMIN, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def meeting_of(mt: RunningService, branch: str) -> str:
    body = {"org_id": branch, "kind": "thematic", "starts_at": "2025-03-20T08:00:00+07:00", "topic": "Chuyên đề"}
    response = await mt.client.post("/api/v1/meetings", headers=ADMIN, json=body)
    assert response.status_code == 201, response.text
    meeting = str(response.json()["id"])
    notice = {"place": "Nhà văn hóa thôn", "agenda": ["Chuyên đề"], "notified_at": "2025-03-10T08:00:00+07:00"}
    notified = await mt.client.post(f"/api/v1/meetings/{meeting}/notice", headers=ADMIN, json=notice)
    assert notified.status_code == 200, notified.text
    return meeting


async def record(mt: RunningService, meeting: str, members: list[str]) -> Any:
    body = {
        "started_at": "2025-03-20T08:00:00+07:00",
        "ended_at": "2025-03-20T10:00:00+07:00",
        "marks": [{"member_id": member, "mark": "present"} for member in members],
        "minutes": "Biên bản",
    }
    return await mt.client.post(f"/api/v1/meetings/{meeting}/record", headers=auth(lang="vi"), json=body)


def assert_not_known_yet(answer: Any, record_id: str, loc: list[str], words: str) -> None:
    assert answer.status_code == 404, answer.text
    problem = answer.json()
    assert problem["rule"] == "copy.not_known_yet"
    assert problem["values"]["id"] == record_id
    assert problem["values"]["pending_events"] >= 1
    assert answer.headers["retry-after"] == "5"
    assert problem["errors"][0]["loc"] == loc
    assert problem["detail"].startswith(f"Dịch vụ này chưa nhận được {words} {record_id}")


async def test_a_member_not_yet_copied_is_not_known_yet_and_a_wrong_id_is_the_rosters_own_refusal(
    services: ServiceFactory,
) -> None:
    async with services.run("membership") as m, services.run("meetings") as mt:
        province = await create_org(m, "Tỉnh Tuyên Quang", "province", None)
        commune = await create_org(m, "Đảng ủy xã Xuân Lôi", "grassroots_committee", province)
        branch = await create_org(m, "Chi bộ thôn Đồng Tâm", "branch", commune)
        empty_branch = await create_org(m, "Chi bộ thôn Cầu Trắng", "branch", commune)
        first = await register(m, branch, "001080000501")

        async def caught_up() -> bool:
            async with mt.db.read_session() as session:
                query = select(RosterChange.id).where(RosterChange.member_id == first)
                copied = (await session.execute(query)).first() is not None
            lag = await copy_lag(mt.runtime, REGISTERED)
            return copied and lag is not None and not lag.behind

        await eventually(caught_up, "meetings' copy to catch up")
        meeting, empty_meeting = await meeting_of(mt, branch), await meeting_of(mt, empty_branch)
        wrong = await record(mt, meeting, [first, str(uuid.uuid4())])
        assert (wrong.status_code, wrong.json()["rule"]) == (422, "attendance.unknown_member"), wrong.text
        assert "retry-after" not in wrong.headers
        nobody = await record(mt, empty_meeting, [str(uuid.uuid4())])
        assert (nobody.status_code, nobody.json()["rule"]) == (422, "attendance.roster_unknown"), nobody.text

        mt.runtime.runners["meetings-membership"].stop()  # the copy stops following membership
        task = next(t for t in mt.runtime.tasks if t.get_name() == "consumer-meetings-membership")
        await asyncio.wait_for(task, timeout=60)
        late = await register(m, branch, "001080000502")
        late_elsewhere = await register(m, empty_branch, "001080000503")

        async def lagging() -> bool:
            lag = await copy_lag(mt.runtime, REGISTERED)
            return lag is not None and (lag.pending_events or 0) >= 2

        await eventually(lagging, "the members' events to wait in the stream")
        answer = await record(mt, meeting, [first, late])
        assert_not_known_yet(answer, late, ["body", "marks[1]", "member_id"], "đảng viên")
        roster = await record(mt, empty_meeting, [late_elsewhere])
        assert_not_known_yet(roster, empty_branch, ["body", "marks"], "danh sách sinh hoạt của chi bộ")
