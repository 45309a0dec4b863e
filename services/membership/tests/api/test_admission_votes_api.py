"""The votes of admission through the API: two thirds of the branch, and the grassroots committee's review
where the branch is under a grassroots committee (a grassroots branch goes straight to the decision)."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def step(m: Any, candidate_id: str, path: str, body: dict[str, Any]) -> Any:
    return await m.client.post(f"/api/v1/candidates/{candidate_id}/{path}", headers=ADMIN, json=body)


async def _org(m: Any, name: str, kind: str, parent: str) -> str:
    r = await m.client.post(
        "/api/v1/orgs",
        headers=ADMIN,
        json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2010-01-01"},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _ready_for_vote(m: Any, branch: str, member_factory: Any, national_id: str) -> str:
    """A candidate at ``branch`` with class and two introducers, dated 2016 (under 29-QĐ/TW)."""
    a = await member_factory(m.client, branch, name="Nguyễn Văn An")
    b = await member_factory(m.client, branch, name="Phạm Văn Bình")
    r = await m.client.post(
        "/api/v1/candidates",
        headers=ADMIN,
        json={
            "org_id": branch,
            "full_name": "Hoàng Thị Mai",
            "gender": "female",
            "birth_date": "1990-06-15",
            "national_id": national_id,
            "introduced_by": "Đoàn Thanh niên",
            "introduced_on": "2016-03-01",
        },
    )
    assert r.status_code == 201, r.text
    cid = str(r.json()["id"])
    assert (await step(m, cid, "class-completed", {"certificate_date": "2016-04-10"})).status_code == 200
    intros = [{"member_id": x["id"], "worked_together_since": "2014-01-01"} for x in (a, b)]
    assigned = await step(m, cid, "introducers", {"assigned_on": "2016-06-01", "introducers": intros})
    assert assigned.status_code == 200, assigned.text
    return cid


async def test_exactly_two_thirds_of_official_members_passes_and_one_vote_short_does_not(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        cid = await _ready_for_vote(m, t.branch, member_factory, "001190000001")
        vote = {"vote_date": "2016-09-05", "votes_against": 0, "official_members": 9}
        short = await step(m, cid, "branch-vote", {**vote, "votes_for": 5})
        assert short.status_code == 422
        assert short.json()["rule"] == "admission.branch_vote_not_passed"
        assert short.json()["values"]["required"] == 6
        assert (await m.client.get(f"/api/v1/candidates/{cid}", headers=ADMIN)).json()[
            "stage"
        ] == "introducers_assigned"
        passed = await step(m, cid, "branch-vote", {**vote, "votes_for": 6})
        assert passed.json()["stage"] == "branch_voted", passed.text


async def test_the_grassroots_committee_reviews_a_branch_with_two_thirds_of_its_members_before_the_decision(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        cid = await _ready_for_vote(m, t.branch, member_factory, "001190000002")
        await step(m, cid, "branch-vote", {"vote_date": "2016-09-05", "votes_for": 2, "votes_against": 0})
        decision = {"decision_number": "12-QĐ/ĐU", "decision_date": "2016-10-03", "decision_org": "Đảng ủy xã"}
        missing = await step(m, cid, "decision", decision)
        assert missing.status_code == 422
        assert missing.json()["rule"] == "admission.committee_review_required"
        review = {"review_date": "2016-09-12", "committee_members": 9, "votes_against": 3}
        short = await step(m, cid, "committee-review", {**review, "votes_for": 5})
        assert short.status_code == 422
        assert short.json()["rule"] == "admission.committee_review_not_passed"
        assert short.json()["values"] == {"votes_for": 5, "committee_members": 9, "required": 6}
        early = await step(m, cid, "committee-review", {**review, "votes_for": 6, "review_date": "2016-09-04"})
        assert early.json()["rule"] == "admission.review_before_vote"
        reviewed = await step(m, cid, "committee-review", {**review, "votes_for": 6})
        assert reviewed.status_code == 200, reviewed.text
        assert reviewed.json()["review_votes_for"] == 6
        assert reviewed.json()["review_committee_members"] == 9
        before_review = await step(m, cid, "decision", {**decision, "decision_date": "2016-09-09"})
        assert before_review.json()["rule"] == "admission.decision_before_review"
        decided = await step(m, cid, "decision", decision)
        assert decided.json()["stage"] == "decided", decided.text


async def test_a_grassroots_branch_goes_from_its_vote_to_the_decision_without_review(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        grassroots_branch = await _org(m, "Chi bộ Trường THCS Xuân Lôi", "grassroots_branch", t.district)
        cid = await _ready_for_vote(m, grassroots_branch, member_factory, "001190000003")
        await step(m, cid, "branch-vote", {"vote_date": "2016-09-05", "votes_for": 2, "votes_against": 0})
        review = {"review_date": "2016-09-12", "committee_members": 9, "votes_for": 9}
        not_applicable = await step(m, cid, "committee-review", review)
        assert not_applicable.status_code == 422
        assert not_applicable.json()["rule"] == "admission.committee_review_not_applicable"
        decision = {"decision_number": "7-QĐ/HU", "decision_date": "2016-10-03", "decision_org": "Huyện ủy Sơn Dương"}
        assert (await step(m, cid, "decision", decision)).json()["stage"] == "decided"


async def test_a_vote_loaded_from_history_counts_the_official_members_of_its_own_day(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        cid = await _ready_for_vote(m, t.branch, member_factory, "001190000004")  # two members official since 2010
        died = await member_factory(m.client, t.branch, name="Lê Văn Cố", recognition_date="2011-03-01")
        gone = await m.client.post(
            f"/api/v1/members/{died['id']}/die", headers=ADMIN, json={"effective_date": "2018-05-01"}
        )
        assert gone.status_code == 200, gone.text
        for name in ("Trần Văn Mới", "Đào Thị Sau"):
            await member_factory(
                m.client, t.branch, name=name, admission_date="2019-01-01", recognition_date="2020-01-01"
            )
        # In 2016 the branch had three official members (two since 2010 and one who died in 2018): two of three
        # is two thirds; counted today (four) it would not be.
        voted = await step(m, cid, "branch-vote", {"vote_date": "2016-09-05", "votes_for": 2, "votes_against": 1})
        assert voted.status_code == 200, voted.text
        assert voted.json()["official_members"] == 3
