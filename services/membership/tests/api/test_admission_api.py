"""The admission pipeline through the API: each step, its refusals, overrides, deadlines and the calendar."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def step(m: Any, candidate_id: str, path: str, body: dict[str, Any], headers: dict[str, str] = ADMIN) -> Any:
    return await m.client.post(f"/api/v1/candidates/{candidate_id}/{path}", headers=headers, json=body)


async def introduce(m: Any, branch: str, **extra: Any) -> dict[str, Any]:
    body = {
        "org_id": branch,
        "full_name": "Hoàng Thị Mai",
        "gender": "female",
        "birth_date": "2000-06-15",
        "ethnicity": "Tày",
        "national_id": "001200000001",
        "introduced_by": "Đoàn Thanh niên xã Xuân Lôi",
        "introduced_on": "2025-03-01",
        **extra,
    }
    r = await m.client.post("/api/v1/candidates", headers=ADMIN, json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_a_candidate_goes_from_introduction_to_probationary_member_with_overrides_recorded(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        a = await member_factory(m.client, t.branch, name="Nguyễn Văn An")
        b = await member_factory(m.client, t.branch, name="Phạm Văn Bình")
        p = await member_factory(m.client, t.branch, name="Vũ Thị Dự Bị", status="probationary")
        c = await introduce(m, t.branch)
        assert c["stage"] == "introduced"
        vote_too_early = await step(
            m, c["id"], "branch-vote", {"vote_date": "2025-09-01", "votes_for": 3, "votes_against": 0}
        )
        assert vote_too_early.status_code == 409
        assert vote_too_early.json()["rule"] == "admission.invalid_transition"
        assert (await step(m, c["id"], "class-completed", {"certificate_date": "2025-04-10"})).status_code == 200
        not_official = await step(
            m,
            c["id"],
            "introducers",
            {
                "assigned_on": "2025-06-01",
                "introducers": [
                    {"member_id": a["id"], "worked_together_since": "2020-01-01"},
                    {"member_id": p["id"], "worked_together_since": "2020-01-01"},
                ],
            },
        )
        assert not_official.json()["rule"] == "admission.introducer_not_official"
        too_recent = await step(
            m,
            c["id"],
            "introducers",
            {
                "assigned_on": "2025-06-01",
                "introducers": [
                    {"member_id": a["id"], "worked_together_since": "2020-01-01"},
                    {"member_id": b["id"], "worked_together_since": "2024-07-01"},
                ],
            },
        )
        assert too_recent.json()["rule"] == "admission.introducer_worked_together"
        assert too_recent.json()["values"]["months"] == 11
        ok = await step(
            m,
            c["id"],
            "introducers",
            {
                "assigned_on": "2025-06-01",
                "introducers": [
                    {"member_id": a["id"], "worked_together_since": "2020-01-01"},
                    {"member_id": b["id"], "worked_together_since": "2024-06-01"},
                ],
            },
        )
        assert ok.json()["stage"] == "introducers_assigned", ok.text
        note = await step(
            m,
            c["id"],
            "progress-notes",
            {"noted_on": "2025-07-01", "period": "2025-Q2", "text": "Tích cực trong công tác Đoàn"},
        )
        assert len(note.json()["notes"]) == 1
        failed = await step(m, c["id"], "branch-vote", {"vote_date": "2026-01-05", "votes_for": 1, "votes_against": 1})
        assert failed.json()["rule"] == "admission.branch_vote_not_passed"  # 1 of 2 official members
        voted = await step(m, c["id"], "branch-vote", {"vote_date": "2026-01-05", "votes_for": 2, "votes_against": 0})
        assert voted.status_code == 200, voted.text
        assert voted.json()["official_members"] == 2, voted.text
        unreviewed = await step(
            m,
            c["id"],
            "decision",
            {"decision_number": "125-QĐ/ĐU", "decision_date": "2026-03-02", "decision_org": "Đảng ủy xã Xuân Lôi"},
        )
        assert unreviewed.status_code == 422
        assert unreviewed.json()["rule"] == "admission.committee_review_required"
        reviewed = await step(
            m, c["id"], "committee-review", {"review_date": "2026-01-12", "votes_for": 6, "committee_members": 9}
        )
        assert reviewed.json()["stage"] == "committee_reviewed", reviewed.text
        late = await step(
            m,
            c["id"],
            "decision",
            {"decision_number": "125-QĐ/ĐU", "decision_date": "2026-04-07", "decision_org": "Đảng ủy xã Xuân Lôi"},
        )
        assert late.status_code == 422
        assert late.json()["rule"] == "admission.decision_late"
        assert late.json()["values"]["deadline"] == "2026-04-06"  # 60 working days, Tết excluded
        decided = await step(
            m,
            c["id"],
            "decision",
            {
                "decision_number": "125-QĐ/ĐU",
                "decision_date": "2026-04-07",
                "decision_org": "Đảng ủy xã Xuân Lôi",
                "override_reason": "Chờ thẩm tra lý lịch",
            },
        )
        assert decided.json()["overrides"][0]["rule"] == "admission.decision_late", decided.text
        before = await step(m, c["id"], "ceremony", {"ceremony_date": "2026-04-01"})
        assert before.json()["rule"] == "admission.ceremony_before_decision"
        held = await step(m, c["id"], "ceremony", {"ceremony_date": "2026-04-20"})
        assert held.status_code == 201, held.text
        member = (await m.client.get(held.headers["location"], headers=ADMIN)).json()
        assert member["status"] == "probationary"
        assert member["admission_date"] == "2026-04-07"
        assert member["ceremony_date"] == "2026-04-20"
        assert member["org_id"] == t.branch
        again = await step(m, c["id"], "ceremony", {"ceremony_date": "2026-04-21"})
        assert again.status_code == 409
        duplicate = await m.client.post(
            "/api/v1/candidates",
            headers=ADMIN,
            json={
                "org_id": t.branch,
                "full_name": "Hoàng Thị Mai",
                "gender": "female",
                "birth_date": "2000-06-15",
                "national_id": "001200000001",
                "introduced_by": "Đoàn TN",
                "introduced_on": "2026-05-01",
            },
        )
        assert duplicate.status_code == 409
        assert duplicate.json()["rule"] == "admission.already_member"

        # Targets: the ceremony of 2026 counts towards the commune's and the province's targets for 2026.
        organiser = auth(t.province, "organiser")
        set_ = await m.client.put(f"/api/v1/targets/{t.commune}/2026", headers=organiser, json={"target": 4})
        assert set_.status_code == 200, set_.text
        assert set_.json()["admitted"] == 1
        assert set_.json()["progress"] == 0.25
        stale = await m.client.put(
            f"/api/v1/targets/{t.commune}/2026", headers={**organiser, "If-Match": '"9"'}, json={"target": 5}
        )
        assert stale.status_code == 412
        await m.client.put(f"/api/v1/targets/{t.province}/2026", headers=ADMIN, json={"target": 100})
        await m.client.put(f"/api/v1/targets/{t.province}/2025", headers=ADMIN, json={"target": 90})
        listed = (await m.client.get("/api/v1/targets?year=2026", headers=organiser)).json()["items"]
        assert [(x["org_id"], x["admitted"]) for x in listed] == [(t.province, 1), (t.commune, 1)]
        assert (await m.client.get(f"/api/v1/targets/{t.province}/2025", headers=organiser)).json()["admitted"] == 0
        other = auth(t.other_province, "organiser")
        assert (
            await m.client.put(f"/api/v1/targets/{t.commune}/2026", headers=other, json={"target": 1})
        ).status_code == 404
        assert (await m.client.get(f"/api/v1/targets/{t.commune}/2026", headers=other)).status_code == 404
        assert (await m.client.get("/api/v1/targets", headers=other)).json()["items"] == []
        assert (
            await m.client.put(
                f"/api/v1/targets/{t.commune}/2026", headers=auth(t.province, "viewer"), json={"target": 1}
            )
        ).status_code == 403


async def test_age_certificate_and_readmission_are_judged_at_the_branch_vote(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        a = await member_factory(m.client, t.branch, name="Nguyễn Văn An")
        b = await member_factory(m.client, t.branch, name="Phạm Văn Bình")
        former = await member_factory(m.client, t.branch, name="Đỗ Văn Cũ", national_id="001200000099")
        assert (
            await m.client.post(
                f"/api/v1/members/{former['id']}/resign", headers=ADMIN, json={"effective_date": "2024-01-10"}
            )
        ).status_code == 200
        intros = {
            "assigned_on": "2025-06-01",
            "introducers": [
                {"member_id": a["id"], "worked_together_since": "2020-01-01"},
                {"member_id": b["id"], "worked_together_since": "2020-01-01"},
            ],
        }
        young = await introduce(m, t.branch, birth_date="2008-01-06", national_id="001200000002")
        old_cert = await introduce(m, t.branch, national_id="001200000003")
        resigned = await m.client.post(
            "/api/v1/candidates",
            headers=ADMIN,
            json={
                "org_id": t.branch,
                "full_name": "Đỗ Văn Cũ",
                "gender": "male",
                "birth_date": "1980-05-01",
                "national_id": "001200000099",
                "introduced_by": "Hội Cựu chiến binh",
                "introduced_on": "2025-03-01",
            },
        )
        assert resigned.json()["rule"] == "admission.readmission_excluded"  # resigned: never readmitted (3.5.2)
        again = await introduce(
            m, t.branch, national_id="001200000099", full_name="Đỗ Văn Cũ", exit_reason="resigned_family_hardship"
        )
        assert again["left_party_on"] == "2024-01-10"
        for c, cert in ((young, "2025-04-10"), (old_cert, "2020-12-01"), (again, "2025-04-10")):
            await step(m, c["id"], "class-completed", {"certificate_date": cert})
            assert (await step(m, c["id"], "introducers", intros)).status_code == 200
        vote = {"vote_date": "2026-01-05", "votes_for": 2, "votes_against": 0}
        age = await step(m, young["id"], "branch-vote", vote)
        assert age.json()["rule"] == "admission.age_range"
        assert age.json()["values"]["age_months"] == 215
        assert (await step(m, young["id"], "branch-vote", {**vote, "vote_date": "2026-01-06"})).json()[
            "stage"
        ] == "branch_voted"  # exactly 18 years
        assert (await step(m, old_cert["id"], "branch-vote", vote)).json()["rule"] == "admission.certificate_expired"
        assert (await step(m, again["id"], "branch-vote", vote)).json()["rule"] == "admission.readmission_too_soon"


async def test_deadlines_list_what_is_due_in_working_days_across_tet(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        a = await member_factory(m.client, t.branch, name="Nguyễn Văn An")
        b = await member_factory(m.client, t.branch, name="Phạm Văn Bình")
        c = await introduce(m, t.branch)
        await step(m, c["id"], "class-completed", {"certificate_date": "2025-04-10"})
        await step(
            m,
            c["id"],
            "introducers",
            {
                "assigned_on": "2025-06-01",
                "introducers": [
                    {"member_id": a["id"], "worked_together_since": "2020-01-01"},
                    {"member_id": b["id"], "worked_together_since": "2020-01-01"},
                ],
            },
        )
        await step(m, c["id"], "branch-vote", {"vote_date": "2025-12-20", "votes_for": 2, "votes_against": 0})
        await step(
            m, c["id"], "committee-review", {"review_date": "2025-12-26", "votes_for": 5, "committee_members": 7}
        )
        await step(
            m,
            c["id"],
            "decision",
            {"decision_number": "1-QĐ", "decision_date": "2026-01-30", "decision_org": "Đảng ủy xã"},
        )
        ending = await member_factory(
            m.client, t.branch, name="Lý Thị Sắp", status="probationary", ceremony_date="2025-03-10"
        )
        overdue = await member_factory(
            m.client, t.branch2, name="Lý Văn Quá", status="probationary", ceremony_date="2024-12-01"
        )
        moving = await member_factory(m.client, t.branch2, name="Mai Văn Đi")
        await m.client.post(
            f"/api/v1/members/{moving['id']}/transfer-out",
            headers=ADMIN,
            json={"effective_date": "2026-01-10", "transfer_kind": "permanent", "to_description": "Tỉnh khác"},
        )
        r = await m.client.get(
            f"/api/v1/deadlines?under={t.commune}&today=2026-02-25", headers=auth(t.commune, "secretary")
        )
        assert r.status_code == 200, r.text
        by_subject = {d["subject_id"]: d for d in r.json()}
        assert by_subject[c["id"]]["kind"] == "ceremony"
        assert by_subject[c["id"]]["due_on"] == "2026-03-20"  # 30 working days; without Tết it would be 13 March
        assert by_subject[ending["id"]]["kind"] == "probation_end"
        assert not by_subject[ending["id"]]["overdue"]
        assert by_subject[overdue["id"]]["kind"] == "recognition"
        assert by_subject[overdue["id"]]["overdue"]
        assert by_subject[moving["id"]]["kind"] == "transfer_presentation"
        assert by_subject[moving["id"]]["due_on"] == "2026-02-09"
        assert by_subject[moving["id"]]["overdue"]
        only = (
            await m.client.get(f"/api/v1/deadlines?under={t.branch}&today=2026-02-25&overdue_only=true", headers=ADMIN)
        ).json()
        assert only == []
        other = await m.client.get(f"/api/v1/deadlines?under={t.commune}", headers=auth(t.other_province, "admin"))
        assert other.status_code == 404

        # The operator removes Tết from the calendar: the ceremony deadline moves back a week.
        viewer = await m.client.delete("/api/v1/holidays/2026-02-16", headers=auth(t.province, "organiser"))
        assert viewer.status_code == 403
        for day in ("2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"):
            assert (await m.client.delete(f"/api/v1/holidays/{day}", headers=ADMIN)).status_code == 204
        moved = (await m.client.get(f"/api/v1/deadlines?under={t.branch}&today=2026-02-25", headers=ADMIN)).json()
        assert {d["subject_id"]: d["due_on"] for d in moved}[c["id"]] == "2026-03-13"
        put = await m.client.put("/api/v1/holidays/2026-02-16", headers=ADMIN, json={"name": "Tết Nguyên đán"})
        assert put.status_code == 200
        bad = await m.client.put(
            "/api/v1/holidays/2026-02-17", headers=ADMIN, json={"name": "Làm bù", "kind": "working_weekend"}
        )
        assert bad.status_code == 422
        assert bad.json()["rule"] == "holiday.working_weekend_not_weekend"
        year = (await m.client.get("/api/v1/holidays?year=2026", headers=auth(t.branch, "viewer"))).json()["items"]
        assert {"day": "2026-02-16", "kind": "holiday", "name": "Tết Nguyên đán"} in year


async def test_candidates_of_another_subtree_are_invisible(services: ServiceFactory, tree_builder: Any) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        c = await introduce(m, t.branch)
        twice = await m.client.post(
            "/api/v1/candidates",
            headers=ADMIN,
            json={
                "org_id": t.branch2,
                "full_name": "Hoàng Thị Mai",
                "gender": "female",
                "birth_date": "2000-06-15",
                "national_id": "001200000001",
                "introduced_by": "Hội Phụ nữ",
                "introduced_on": "2025-04-01",
            },
        )
        assert twice.status_code == 409
        assert twice.json()["rule"] == "admission.already_candidate"
        other = auth(t.other_province, "organiser")
        assert (await m.client.get(f"/api/v1/candidates/{c['id']}", headers=other)).status_code == 404
        assert (
            await step(m, c["id"], "class-completed", {"certificate_date": "2025-04-10"}, headers=other)
        ).status_code == 404
        assert (await m.client.get("/api/v1/candidates", headers=other)).json()["items"] == []
        refused = await m.client.post(
            "/api/v1/candidates",
            headers=other,
            json={
                "org_id": t.branch,
                "full_name": "Lò Văn B",
                "gender": "male",
                "birth_date": "2000-01-01",
                "national_id": "001200000777",
                "introduced_by": "Đoàn TN",
                "introduced_on": "2026-05-01",
            },
        )
        assert refused.status_code == 404
        viewer = auth(t.province, "viewer")
        assert (
            await step(m, c["id"], "withdraw", {"effective_date": "2026-01-01", "reason": "Chuyển đi"}, headers=viewer)
        ).status_code == 403
        masked = (await m.client.get(f"/api/v1/candidates/{c['id']}", headers=viewer)).json()
        assert masked["national_id"] == "*********001"
        withdrawn = await step(m, c["id"], "withdraw", {"effective_date": "2026-01-01", "reason": "Chuyển đi"})
        assert withdrawn.json()["stage"] == "withdrawn"
        listed = (await m.client.get(f"/api/v1/candidates?under={t.commune}&stage=withdrawn", headers=ADMIN)).json()
        assert [i["id"] for i in listed["items"]] == [c["id"]]
