"""Who may be admitted, through the API: the introducers (two members, or the Youth Union's / trade union's
grassroots committee beside one), the age (over 60 only with the recorded decision), and dates the rules do
not reach (before the Charter of 2011) refused as 422 naming the policy."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def step(m: Any, candidate_id: str, path: str, body: dict[str, Any]) -> Any:
    return await m.client.post(f"/api/v1/candidates/{candidate_id}/{path}", headers=ADMIN, json=body)


async def candidate(m: Any, branch: str, national_id: str, birth_date: str, certificate: str = "2009-04-10") -> str:
    r = await m.client.post(
        "/api/v1/candidates",
        headers=ADMIN,
        json={
            "org_id": branch,
            "full_name": "Lò Văn Hùng",
            "gender": "male",
            "birth_date": birth_date,
            "ethnicity": "Thái",
            "national_id": national_id,
            "introduced_by": "Đoàn Thanh niên xã",
            "introduced_on": "2009-03-01",
        },
    )
    assert r.status_code == 201, r.text
    cid = str(r.json()["id"])
    assert (await step(m, cid, "class-completed", {"certificate_date": certificate})).status_code == 200
    return cid


async def test_the_youth_union_introduces_beside_one_member_an_applicant_up_to_30_only(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        a = await member_factory(m.client, t.branch, name="Nguyễn Văn An")
        b = await member_factory(m.client, t.branch, name="Phạm Văn Bình")
        young = await candidate(m, t.branch, "001195000001", "1995-06-15")
        older = await candidate(m, t.branch, "001194000001", "1994-06-14")
        one = [{"member_id": a["id"], "worked_together_since": "2020-01-01"}]
        youth = {"kind": "youth_union", "name": "Ban Chấp hành Đoàn xã Xuân Lôi"}
        body = {"assigned_on": "2025-06-14", "introducers": one, "organisation": youth}
        alone = await step(m, young, "introducers", {"assigned_on": "2025-06-14", "introducers": one})
        assert alone.json()["rule"] == "admission.introducer_count"
        assert alone.json()["values"] == {"count": 1, "required": 2}
        ok = await step(m, young, "introducers", body)
        assert ok.status_code == 200, ok.text
        assert ok.json()["introducing_organisation"] == youth
        too_old = await step(m, older, "introducers", body)  # 31 on 14 Jun 2025
        assert too_old.status_code == 422
        assert too_old.json()["rule"] == "admission.youth_union_age"
        two = [*one, {"member_id": b["id"], "worked_together_since": "2020-01-01"}]
        trade = {**body, "organisation": {"kind": "trade_union", "name": "Công đoàn cơ sở Nhà máy Z"}}
        with_two = await step(m, older, "introducers", {**trade, "introducers": two})
        assert with_two.json()["rule"] == "admission.introducer_count"  # one member beside the organisation
        assert (await step(m, older, "introducers", trade)).json()["stage"] == "introducers_assigned"


async def test_an_applicant_over_60_is_voted_on_only_with_the_decision_that_allows_it(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        intros = [
            {
                "member_id": (await member_factory(m.client, t.branch, name=n))["id"],
                "worked_together_since": "2020-01-01",
            }
            for n in ("Nguyễn Văn An", "Phạm Văn Bình")
        ]
        elder = await candidate(m, t.branch, "001960000001", "1960-05-01", certificate="2025-04-10")
        assert (await step(m, elder, "introducers", {"assigned_on": "2025-06-01", "introducers": intros})).is_success
        vote = {"vote_date": "2025-09-05", "votes_for": 2, "votes_against": 0}
        refused = await step(m, elder, "branch-vote", vote)
        assert refused.json()["rule"] == "admission.age_range"
        exception = {
            "decision_number": "88-QĐ/TU",
            "decision_date": "2025-08-20",
            "issuing_committee": "Ban Thường vụ Tỉnh ủy Tuyên Quang",
        }
        by_district = await step(
            m, elder, "branch-vote", {**vote, "age_exception": {**exception, "issuing_org_id": t.district}}
        )
        assert by_district.json()["rule"] == "admission.age_exception_issuer"
        assert by_district.json()["values"] == {"kind": "district"}
        exception["issuing_org_id"] = t.province
        voted = await step(m, elder, "branch-vote", {**vote, "age_exception": exception})
        assert voted.status_code == 200, voted.text
        assert voted.json()["stage"] == "branch_voted", voted.text
        assert voted.json()["age_exception"] == exception


async def test_a_step_dated_before_the_earliest_regulation_is_a_422_naming_the_policy_and_date(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        a = await member_factory(m.client, t.branch, name="Nguyễn Văn An")
        b = await member_factory(m.client, t.branch, name="Phạm Văn Bình")
        cid = await candidate(m, t.branch, "001185000001", "1985-06-15")
        intros = [{"member_id": x["id"], "worked_together_since": "2005-01-01"} for x in (a, b)]
        r = await step(m, cid, "introducers", {"assigned_on": "2010-06-01", "introducers": intros})
        assert r.status_code == 422, r.text
        problem = r.json()
        assert problem["rule"] == "policy.not_in_force"
        assert problem["values"]["policy"] == "admission.introducers_required"
        assert problem["values"]["date"] == "2010-06-01"
        assert problem["values"]["earliest"] == "2011-01-19"
        assert (await m.client.get(f"/api/v1/candidates/{cid}", headers=ADMIN)).json()["stage"] == "class_completed"
