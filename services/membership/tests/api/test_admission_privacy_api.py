"""Introducing a candidate is no oracle: a national ID known only outside the caller's subtree (a member, a former
member, an open candidacy) answers the same neutral 409, copies nothing of that record and is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from shared.schema import audit_log
from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


def applicant(branch: str, national_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "org_id": branch,
        "full_name": "Lò Văn Minh",
        "gender": "male",
        "birth_date": "1985-02-01",
        "national_id": national_id,
        "introduced_by": "Hội Nông dân",
        "introduced_on": "2026-03-01",
        **extra,
    }


async def test_national_ids_of_another_province_answer_alike_and_leak_nothing(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        mine = auth(t.district, "organiser")
        active = await member_factory(m.client, t.other_branch)
        former = await member_factory(m.client, t.other_branch, national_id="009900000001")
        left = await m.client.post(
            f"/api/v1/members/{former['id']}/remove",
            headers=ADMIN,
            json={"effective_date": "2019-03-01", "reason": "other"},
        )
        assert left.status_code == 200, left.text
        candidacy = await m.client.post(
            "/api/v1/candidates", headers=ADMIN, json=applicant(t.other_branch, "009900000002")
        )
        assert candidacy.status_code == 201, candidacy.text

        answers = [
            await m.client.post("/api/v1/candidates", headers=mine, json=applicant(t.branch, national_id))
            for national_id in (active["national_id"], "009900000001", "009900000002")
        ]
        assert [a.status_code for a in answers] == [409, 409, 409]
        assert {a.json()["rule"] for a in answers} == {"member.national_id_unavailable"}
        assert {a.json()["detail"] for a in answers} == {answers[0].json()["detail"]}  # indistinguishable
        for answer in answers:
            assert not {active["id"], former["id"], candidacy.json()["id"], "2019-03-01"} & set(str(answer.json()))
        async with m.db.read_session() as session:
            audited = await session.execute(
                select(func.count()).where(
                    audit_log.c.action == "member.national_id_unavailable", audit_log.c.entity_type == "caller"
                )
            )
            assert audited.scalar_one() == 3

        # A former member of another province readmitted on the dates of the caller's own papers, not theirs.
        readmitted = await m.client.post(
            "/api/v1/candidates",
            headers=mine,
            json=applicant(t.branch, "009900000001", left_party_on="2019-02-01"),
        )
        assert readmitted.status_code == 201, readmitted.text
        assert readmitted.json()["left_party_on"] == "2019-02-01"
        # Inside the caller's own subtree the precise answers stay.
        own = await member_factory(m.client, t.branch2)
        duplicate = await m.client.post(
            "/api/v1/candidates", headers=mine, json=applicant(t.branch, own["national_id"])
        )
        assert duplicate.json()["rule"] == "admission.already_member"
