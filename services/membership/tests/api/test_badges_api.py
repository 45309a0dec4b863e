"""Party badges through the API: a district's 2 Sep 2026 list equals a hand computation with a readmitted member,
an early award and a disciplined member; awards go into the member's record with history, audit and event."""

from __future__ import annotations

from typing import Any

from shared.events import Envelope
from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()
CONSENT = {"number": "15-CV/TU", "date": "2014-08-20", "committee": "Ban Thường vụ Tỉnh ủy Tuyên Quang"}
SEP_2 = "2026-09-02"


async def post(m: Any, path: str, body: dict[str, Any], headers: dict[str, str] = ADMIN) -> Any:
    return await m.client.post(f"/api/v1/{path}", headers=headers, json=body)


async def readmitted_member(m: Any, branch: str, member_factory: Any) -> str:
    """Admitted 1 Mar 1980, removed 1 Mar 2011 (372 months), readmitted by the decision of 10 Sep 2014."""
    intros = [
        {"member_id": (await member_factory(m.client, branch, name=n))["id"], "worked_together_since": "2010-01-01"}
        for n in ("Nguyễn Văn An", "Phạm Văn Bình")
    ]
    former = await member_factory(
        m.client,
        branch,
        name="Đỗ Văn Cũ",
        birth_date="1958-05-01",
        admission_date="1980-03-01",
        effective_date="1980-03-01",
    )
    removed = await post(m, f"members/{former['id']}/remove", {"effective_date": "2011-03-01", "reason": "other"})
    assert removed.status_code == 200, removed.text
    candidate = {
        "org_id": branch,
        "full_name": "Đỗ Văn Cũ",
        "gender": "male",
        "birth_date": "1958-05-01",
        "national_id": former["national_id"],
        "introduced_by": "Hội Cựu chiến binh",
        "introduced_on": "2014-03-01",
    }
    introduced = await post(m, "candidates", candidate)
    assert introduced.status_code == 201, introduced.text
    cid = introduced.json()["id"]
    await post(m, f"candidates/{cid}/class-completed", {"certificate_date": "2014-04-10"})
    await post(m, f"candidates/{cid}/introducers", {"assigned_on": "2014-06-01", "introducers": intros})
    await post(m, f"candidates/{cid}/branch-vote", {"vote_date": "2014-08-05", "votes_for": 2, "votes_against": 0})
    await post(
        m, f"candidates/{cid}/committee-review", {"review_date": "2014-08-12", "votes_for": 5, "committee_members": 7}
    )
    decision = {"decision_number": "30-QĐ/HU", "decision_date": "2014-09-10", "decision_org": "Huyện ủy Sơn Dương"}
    decided = await post(m, f"candidates/{cid}/decision", {**decision, "readmission_consent": CONSENT})
    assert decided.status_code == 200, decided.text
    ceremony = await post(m, f"candidates/{cid}/ceremony", {"ceremony_date": "2014-09-20"})
    assert ceremony.status_code == 201, ceremony.text
    return str(former["id"])


def reprimand(member_id: str, org_id: str, discipline_id: str = "r-1") -> Envelope:
    return Envelope(
        source="/grassroots/inspection",
        type="vn.party.inspection.discipline.imposed.v1",
        subject=f"discipline/{discipline_id}",
        data={
            "discipline_id": discipline_id,
            "target_type": "member",
            "target_id": member_id,
            "member_id": member_id,
            "org_id": org_id,
            "measure": "reprimand",
            "actions": [],
            "effective_date": "2026-06-01",
        },
    )


async def test_the_2_september_list_of_a_district_equals_the_hand_computation(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        readmitted = await readmitted_member(m, t.branch, member_factory)

        def admitted(on: str, name: str, org: str = t.branch2) -> Any:
            return member_factory(m.client, org, name=name, admission_date=on, effective_date=on)

        thirty = await admitted("1996-09-02", "An Đủ Ba Mươi")
        await admitted("1996-09-03", "Bình Thiếu Một Ngày")
        disciplined = await admitted("1986-01-01", "Cường Bị Khiển Trách")
        ill = await admitted("1997-06-01", "Dũng Bệnh Nặng")
        elsewhere = await admitted("1980-01-01", "Em Tỉnh Khác", t.other_branch)
        await m.runtime.runners["membership-inspection"].apply_batch([reprimand(disciplined["id"], t.branch2)])

        listed = await m.client.get(f"/api/v1/badges/eligible?under={t.district}&award_date={SEP_2}", headers=ADMIN)
        assert listed.status_code == 200, listed.text
        rows = {r["member_id"]: r for r in listed.json()["items"]}
        # Hand computation: 372 months (1980–2011) + 143 months (10 Sep 2014 – 2 Sep 2026) = 515 → 40 years
        # (not 45 counted from 1980, nothing counted from 2014); 360 months exactly on the day → 30;
        # the reprimand of 1 Jun 2026 defers the 40-year badge 6 months.
        assert {k: (r["milestone"], r["eligible"], r["rule"]) for k, r in rows.items()} == {
            readmitted: (40, True, None),
            thirty["id"]: (30, True, None),
            disciplined["id"]: (40, False, "badge.disciplined"),
        }
        assert (rows[readmitted]["party_age_months"], rows[readmitted]["readmitted"]) == (515, True)
        assert rows[disciplined["id"]]["eligible_from"] == "2026-12-01"
        assert elsewhere["id"] not in rows

        refused = await post(m, f"members/{ill['id']}/badges", {"award_date": SEP_2})
        assert (refused.status_code, refused.json()["rule"]) == (422, "badge.not_reached")
        early = await post(m, f"members/{ill['id']}/badges", {"award_date": "2026-08-20", "kind": "illness"})
        assert (early.status_code, early.json()["milestone"]) == (201, 30), early.text


async def test_an_award_is_recorded_once_in_the_member_record_with_history_and_event(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, stream_events: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch, admission_date="1976-05-01", effective_date="1976-05-01")
        body = {"award_date": SEP_2, "decision_number": "120-QĐ/TU"}
        awarded = await post(m, f"members/{member['id']}/badges", body)
        assert (awarded.status_code, awarded.json()["milestone"]) == (201, 50), awarded.text
        again = await post(m, f"members/{member['id']}/badges", {**body, "milestone": 45})
        assert (again.status_code, again.json()["rule"]) == (422, "badge.already_awarded")
        badges = (await m.client.get(f"/api/v1/members/{member['id']}/badges", headers=ADMIN)).json()
        assert [(b["milestone"], b["award_date"], b["kind"]) for b in badges] == [(50, SEP_2, "regular")]
        history = (await m.client.get(f"/api/v1/members/{member['id']}/history", headers=ADMIN)).json()
        assert [h["change"] for h in history] == ["registered", "badge_awarded"]
        events = [e for e in await stream_events(m, "member.badge_awarded") if e["member_id"] == member["id"]]
        assert [(e["milestone"], e["kind"], e["effective_date"], e["org_id"]) for e in events] == [
            (50, "regular", SEP_2, t.branch)
        ]


async def test_refusals_name_the_rule_and_change_nothing(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch, admission_date="1976-05-01", effective_date="1976-05-01")
        other_day = await post(m, f"members/{member['id']}/badges", {"award_date": "2026-09-03"})
        assert other_day.json()["rule"] == "badge.not_an_award_day"
        too_old = await m.client.get(f"/api/v1/badges/eligible?under={t.district}&award_date=2015-09-02", headers=ADMIN)
        assert (too_old.status_code, too_old.json()["rule"]) == (422, "policy.not_in_force")
        outsider = auth(t.other_province, "organiser")
        hidden = await post(m, f"members/{member['id']}/badges", {"award_date": SEP_2}, headers=outsider)
        assert hidden.status_code == 404
        reader = await m.client.get(f"/api/v1/badges/eligible?under={t.district}&award_date={SEP_2}", headers=outsider)
        assert reader.status_code == 404
        secretary = await post(
            m, f"members/{member['id']}/badges", {"award_date": SEP_2}, headers=auth(t.branch, "secretary")
        )
        assert secretary.status_code == 403
        dead = await member_factory(m.client, t.branch, admission_date="1996-11-01", effective_date="1996-11-01")
        await post(m, f"members/{dead['id']}/die", {"effective_date": "2026-06-01"})
        living_kind = await post(m, f"members/{dead['id']}/badges", {"award_date": SEP_2})
        assert living_kind.json()["rule"] == "badge.posthumous_only"
        posthumous = await post(m, f"members/{dead['id']}/badges", {"award_date": SEP_2, "kind": "posthumous"})
        assert (posthumous.status_code, posthumous.json()["party_age_months"]) == (201, 355), posthumous.text
        assert (await m.client.get(f"/api/v1/members/{member['id']}/badges", headers=ADMIN)).json() == []


def annulment(member_id: str, org_id: str, discipline_id: str = "r-1") -> Envelope:
    return Envelope(
        source="/grassroots/inspection",
        type="vn.party.inspection.appeal.decided.v1",
        subject=f"appeal/{discipline_id}",
        data={
            "appeal_id": f"a-{discipline_id}",
            "discipline_id": discipline_id,
            "outcome": "annulled",
            "original_measure": "reprimand",
            "target_type": "member",
            "target_id": member_id,
            "member_id": member_id,
            "org_id": org_id,
            "effects": [],
            "decision_date": "2026-07-01",
            "effective_date": "2026-07-01",
        },
    )


async def test_an_annulled_reprimand_no_longer_defers_the_badge_in_either_order_of_arrival(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        runner = m.runtime.runners["membership-inspection"]
        member = await member_factory(m.client, t.branch, admission_date="1986-01-01", effective_date="1986-01-01")
        url = f"/api/v1/badges/eligible?under={t.branch}&award_date={SEP_2}"
        await runner.apply_batch([reprimand(member["id"], t.branch)])
        assert (await m.client.get(url, headers=ADMIN)).json()["items"][0]["rule"] == "badge.disciplined"
        await runner.apply_batch([annulment(member["id"], t.branch)])
        assert (await m.client.get(url, headers=ADMIN)).json()["items"][0]["eligible"] is True

        other = await member_factory(m.client, t.branch2, admission_date="1986-01-01", effective_date="1986-01-01")
        await runner.apply_batch([annulment(other["id"], t.branch2, "r-2")])  # the appeal arrives first
        await runner.apply_batch([reprimand(other["id"], t.branch2, "r-2")])
        listed = await m.client.get(f"/api/v1/badges/eligible?under={t.branch2}&award_date={SEP_2}", headers=ADMIN)
        assert [(r["eligible"], r["rule"]) for r in listed.json()["items"]] == [(True, None)]
