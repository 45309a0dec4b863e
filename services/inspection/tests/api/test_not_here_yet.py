"""A record missing from inspection's copy of membership's data: while the copy lags (its consumer has events
still to apply) the refusal says "not known here yet" with how far behind the copy is; once caught up, a missing
id is a plain "not found" (a wrong id)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from inspection.members.models import MemberCopy
from shared.freshness import copy_lag
from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually

from .test_with_membership import ADMIN, create_org


def discipline(target_type: str, target_id: str, issuing_org: str) -> dict[str, Any]:
    return {
        "target_type": target_type,
        "target_id": target_id,
        "measure": "reprimand",
        "decision_number": f"{uuid.uuid4().hex[:6]}-QĐ/UBKT",
        "decision_date": "2026-04-01",
        "issuing_org_id": issuing_org,
        "violation_date": "2026-01-15",
    }


async def register(m: Any, branch: str, national_id: str) -> str:
    response = await m.client.post(
        "/api/v1/members",
        headers=ADMIN,
        json={
            "full_name": "Trần Thị Bình",
            "gender": "female",
            "birth_date": "1985-05-01",
            "national_id": national_id,
            "org_id": branch,
            "status": "official",
            "admission_date": "2010-01-01",
            "effective_date": "2020-01-01",
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_a_member_or_organisation_not_yet_copied_is_not_known_yet_and_a_wrong_id_is_not_found(
    services: ServiceFactory,
) -> None:
    async with services.run("membership") as m, services.run("inspection") as i:
        province = await create_org(m, "Tỉnh A", "province", None)
        commune = await create_org(m, "Đảng ủy xã C", "grassroots_committee", province)
        branch = await create_org(m, "Chi bộ thôn D", "branch", commune)
        first = await register(m, branch, "001085000011")

        async def caught_up() -> bool:
            async with i.db.read_session() as session:
                copied = await session.get(MemberCopy, first) is not None
            lags = [
                await copy_lag(i.runtime, f"vn.party.membership.{e}.v1") for e in ("member.registered", "org.created")
            ]
            return copied and all(lag is not None and not lag.behind for lag in lags)

        await eventually(caught_up, "inspection's copy to catch up")
        inspector = auth(province, "inspector", lang="vi")
        wrong = await i.client.post(
            "/api/v1/disciplines", headers=inspector, json=discipline("member", str(uuid.uuid4()), commune)
        )
        assert wrong.status_code == 404, wrong.text
        assert wrong.json()["rule"] == "member.not_found"
        assert "retry-after" not in wrong.headers

        for name in ("inspection-members", "inspection-orgs"):  # the copies stop following membership
            i.runtime.runners[name].stop()
            task = next(t for t in i.runtime.tasks if t.get_name() == f"consumer-{name}")
            await asyncio.wait_for(task, timeout=60)
        late_member = await register(m, branch, "001085000012")
        late_branch = await create_org(m, "Chi bộ thôn E", "branch", commune)

        async def lagging() -> bool:
            lag = await copy_lag(i.runtime, "vn.party.membership.member.registered.v1")
            return lag is not None and (lag.pending_events or 0) >= 1

        await eventually(lagging, "the member's event to wait in the stream")
        for target_type, target_id, record in (
            ("member", late_member, "đảng viên"),
            ("organisation", late_branch, "tổ chức đảng"),
        ):
            late = await i.client.post(
                "/api/v1/disciplines", headers=inspector, json=discipline(target_type, target_id, commune)
            )
            assert late.status_code == 404, late.text
            problem = late.json()
            assert problem["rule"] == "copy.not_known_yet"
            assert problem["values"]["id"] == target_id
            assert problem["values"]["pending_events"] >= 1
            assert problem["values"]["last_applied_at"] != "—"  # the copy applied events before it stopped
            assert late.headers["retry-after"] == "5"
            assert problem["detail"].startswith(f"Dịch vụ này chưa nhận được {record} {target_id}")
            if target_type == "member":
                assert problem["errors"][0]["loc"] == ["body", "target_id"]
