"""Readmission with every condition, and recognition by two thirds of the branch, through the API.

Readmission (point 3.5): never for the excluded categories, once only, 36 months out, and the provincial
standing committee's consent before the decision. Recognition (Điều lệ Đảng Điều 5): the branch votes once the 12
months are over, two thirds of its official members; the date is the end of probation even when the vote is
late; a member not recognised is removed from the rolls, and ``member.removed`` says so.
"""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()
CONSENT = {"number": "15-CV/TU", "date": "2019-09-01", "committee": "Ban Thường vụ Tỉnh ủy Tuyên Quang"}


async def post(m: Any, path: str, body: dict[str, Any]) -> Any:
    return await m.client.post(f"/api/v1/{path}", headers=ADMIN, json=body)


async def introduce_former(m: Any, branch: str, national_id: str, **extra: Any) -> Any:
    body = {
        "org_id": branch,
        "full_name": "Đỗ Văn Cũ",
        "gender": "male",
        "birth_date": "1980-05-01",
        "national_id": national_id,
        "introduced_by": "Hội Cựu chiến binh",
        "introduced_on": "2019-03-01",
        **extra,
    }
    return await post(m, "candidates", body)


async def test_excluded_categories_and_a_conviction_without_its_clearing_date_are_refused_at_introduction(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        left = {"left_party_on": "2015-01-10"}
        for reason in ("abandoned", "serious_disunity", "convicted_corruption", "convicted_serious"):
            r = await introduce_former(m, t.branch, "001180000001", exit_reason=reason, **left)
            assert r.status_code == 422, r.text
            assert r.json()["rule"] == "admission.readmission_excluded"
            assert r.json()["values"] == {"exit_reason": reason}
        convicted = await introduce_former(m, t.branch, "001180000001", exit_reason="convicted_less_serious", **left)
        assert convicted.json()["rule"] == "admission.record_cleared_date_required"
        assert (await m.client.get("/api/v1/candidates", headers=ADMIN)).json()["items"] == []


async def test_a_member_removed_for_missing_meetings_abandoned_party_life_and_is_never_readmitted(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        absent, unpaid = [
            await member_factory(m.client, t.branch, name=name, national_id=nid)
            for name, nid in (("Đỗ Văn Vắng", "001180000003"), ("Đỗ Văn Nợ", "001180000004"))
        ]
        for who, reason in ((absent, "absence_3_months"), (unpaid, "dues_3_months")):
            body = {"effective_date": "2015-01-10", "reason": reason, "months_in_year": 3}
            removed = await post(m, f"members/{who['id']}/remove", body)
            assert removed.json()["left_reason"] == reason, removed.text
        refused = await introduce_former(m, t.branch, "001180000003")
        assert refused.json()["rule"] == "admission.readmission_excluded"
        assert refused.json()["values"] == {"exit_reason": "abandoned"}
        allowed = await introduce_former(m, t.branch, "001180000004")
        assert allowed.status_code == 201, allowed.text
        assert allowed.json()["readmission"]["exit_reason"] == "removed"


async def test_a_former_member_is_readmitted_with_consent_and_only_once(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        intros = [
            {
                "member_id": (await member_factory(m.client, t.branch, name=n))["id"],
                "worked_together_since": "2010-01-01",
            }
            for n in ("Nguyễn Văn An", "Phạm Văn Bình")
        ]
        former = await member_factory(m.client, t.branch, name="Đỗ Văn Cũ", national_id="001180000002")
        removed = await post(
            m,
            f"members/{former['id']}/remove",
            {"effective_date": "2016-01-10", "reason": "other", "note": "Chuyển đi"},
        )
        assert removed.status_code == 200, removed.text
        cid = (await introduce_former(m, t.branch, "001180000002")).json()["id"]
        await post(m, f"candidates/{cid}/class-completed", {"certificate_date": "2019-04-10"})
        await post(m, f"candidates/{cid}/introducers", {"assigned_on": "2019-06-01", "introducers": intros})
        voted = await post(
            m, f"candidates/{cid}/branch-vote", {"vote_date": "2019-08-05", "votes_for": 2, "votes_against": 0}
        )
        assert voted.json()["stage"] == "branch_voted", voted.text
        await post(
            m,
            f"candidates/{cid}/committee-review",
            {"review_date": "2019-08-12", "votes_for": 5, "committee_members": 7},
        )
        decision = {"decision_number": "30-QĐ/HU", "decision_date": "2019-09-10", "decision_org": "Huyện ủy Sơn Dương"}
        no_consent = await post(m, f"candidates/{cid}/decision", decision)
        assert no_consent.json()["rule"] == "admission.readmission_consent_required"
        decided = await post(m, f"candidates/{cid}/decision", {**decision, "readmission_consent": CONSENT})
        assert decided.json()["readmission"]["consent"] == CONSENT, decided.text
        assert decided.json()["readmission"]["exit_reason"] == "removed"
        ceremony = await post(m, f"candidates/{cid}/ceremony", {"ceremony_date": "2019-09-20"})
        assert ceremony.status_code == 201, ceremony.text
        member = (await m.client.get(f"/api/v1/members/{former['id']}", headers=ADMIN)).json()
        assert (member["status"], member["admission_date"]) == ("probationary", "2019-09-10")
        await post(m, f"members/{former['id']}/remove", {"effective_date": "2020-05-10", "reason": "not_recognised"})
        again = await introduce_former(m, t.branch, "001180000002", introduced_on="2024-01-01")
        assert again.status_code == 422
        assert again.json()["rule"] == "admission.readmitted_before"


async def test_recognition_needs_the_12_months_and_two_thirds_and_dates_from_the_end_of_probation(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        for name in ("Nguyễn Văn An", "Phạm Văn Bình", "Lê Thị Cúc"):
            await member_factory(m.client, t.branch, name=name)
        on_time, late = [
            await member_factory(m.client, t.branch, name=n, status="probationary", ceremony_date="2025-03-15")
            for n in ("Vũ Thị Dự Bị", "Hà Văn Muộn")
        ]
        twelfth_month = await post(m, f"members/{on_time['id']}/recognise", {"vote_date": "2026-03-14", "votes_for": 3})
        assert twelfth_month.json()["rule"] == "admission.probation_not_over"
        short = await post(m, f"members/{on_time['id']}/recognise", {"vote_date": "2026-03-16", "votes_for": 1})
        assert short.status_code == 422
        assert short.json()["rule"] == "admission.recognition_vote_not_passed"
        assert short.json()["values"] == {"votes_for": 1, "official_members": 3, "required": 2}
        decision = {"decision_number": "40-QĐ/ĐU", "decision_date": "2026-03-20", "decision_org": "Đảng ủy xã"}
        ok = await post(
            m, f"members/{on_time['id']}/recognise", {"vote_date": "2026-03-16", "votes_for": 2, **decision}
        )
        assert (ok.json()["status"], ok.json()["recognition_date"]) == ("official", "2026-03-15"), ok.text
        vote = {"vote_date": "2026-05-20", "votes_for": 3}  # fourteenth month: past the 30 working days
        refused = await post(m, f"members/{late['id']}/recognise", vote)
        assert refused.json()["rule"] == "admission.recognition_late"
        late_ok = await post(m, f"members/{late['id']}/recognise", {**vote, "override_reason": "Chi bộ họp muộn"})
        assert late_ok.json()["recognition_date"] == "2026-03-15", late_ok.text


async def test_a_probationary_member_not_recognised_is_removed_from_the_rolls_with_its_event(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, stream_events: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(
            m.client, t.branch, name="Vũ Thị Dự Bị", status="probationary", ceremony_date="2025-03-15"
        )
        body = {"effective_date": "2026-03-20", "reason": "not_recognised", "note": "Chi bộ không đủ 2/3 tán thành"}
        removed = await post(m, f"members/{member['id']}/remove", body)
        assert removed.json()["status"] == "removed", removed.text
        events = [e for e in await stream_events(m, "member.removed") if e["member_id"] == member["id"]]
        assert [(e["reason"], e["previous_status"], e["effective_date"]) for e in events] == [
            ("not_recognised", "probationary", "2026-03-20")
        ]
