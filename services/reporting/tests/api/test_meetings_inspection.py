"""Meeting and inspection figures, their rates against the targets, and the classification distribution."""

from __future__ import annotations

import uuid
from typing import Any

from shared.testing.harness import ServiceFactory, auth

M, MT, INS = "vn.party.membership", "vn.party.meetings", "vn.party.inspection"
ADMIN = auth()


def org(org_id: str, parent: str | None, kind: str) -> dict[str, Any]:
    return {
        "org_id": org_id,
        "parent_id": parent,
        "kind": kind,
        "name": f"Org {org_id[:6]}",
        "effective_date": "2025-01-01",
    }


async def chain(reports: Any, js: Any) -> tuple[str, str, str, str]:
    ids = province, district, commune, branch = tuple(str(uuid.uuid4()) for _ in range(4))
    kinds = ("province", "district", "grassroots_committee", "branch")
    parent = None
    for org_id, kind in zip(ids, kinds, strict=True):
        await reports.publish(js, f"{M}.org.created.v1", org(org_id, parent, kind))
        parent = org_id
    return province, district, commune, branch


def held(branch: str, day: str, kind: str, present: int, superior: bool = False) -> dict[str, Any]:
    return {
        "org_id": branch,
        "meeting_id": str(uuid.uuid4()),
        "kind": kind,
        "date": day,
        "effective_date": day,
        "started_at": f"{day}T19:00:00+07:00",
        "ended_at": f"{day}T21:00:00+07:00",
        "duration_minutes": 120,
        "expected": 20,
        "present": present,
        "excused": 20 - present,
        "unexcused": 0,
        "superior_present": superior,
        "good_meeting": present * 100 > 85 * 20,
    }


async def test_a_branch_year_of_meetings_against_the_targets(services: ServiceFactory, reports: Any) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        for stream in ("membership", "meetings"):
            await reports.ensure_stream(js, stream)
        province, district, _, branch = await chain(reports, js)
        evaluated = []
        for month in range(1, 13):
            day = f"2025-{month:02d}-10"
            event = {**held(branch, day, "regular", 18 if month <= 6 else 16), "resolutions": 1}
            await reports.publish(js, f"{MT}.meeting.held.v1", event)
            evaluated.append(event)
        for quarter in range(4):
            day = f"2025-{3 * quarter + 2:02d}-20"
            thematic = {**held(branch, day, "thematic", 20, quarter < 2), "materials_missing": quarter == 3}
            await reports.publish(js, f"{MT}.meeting.held.v1", thematic)
        for event, score, grade in ((evaluated[0], 92, "good"), (evaluated[1], 75, "fair")):
            await reports.publish(
                js,
                f"{MT}.meeting.evaluated.v1",
                {
                    **{k: event[k] for k in ("org_id", "meeting_id", "kind", "date", "effective_date")},
                    "evaluation_id": str(uuid.uuid4()),
                    "rubric_id": "default",
                    "score": score,
                    "grade": grade,
                },
            )
        await reports.publish(
            js,
            f"{MT}.meeting.cancelled.v1",
            {
                "org_id": branch,
                "meeting_id": str(uuid.uuid4()),
                "kind": "regular",
                "date": "2025-05-25",
                "effective_date": "2025-05-25",
                "reason": "bão",
            },
        )
        year = await reports.wait(
            r,
            province,
            "2025",
            lambda f: f["meetings_held"] == 16 and f["meetings_evaluated"] == 2 and f["meetings_cancelled"] == 1,
        )
        assert (year["regular_meetings_required"], year["regular_meetings_held"]) == (12, 12)
        assert (year["regular_meeting_rate"], year["thematic_meeting_rate"]) == ("100.00", "100.00")
        assert (year["attendance_expected"], year["attendance_present"]) == (320, 284)
        assert year["attendance_rate"] == "88.75"
        assert year["meetings_attendance_90_share"] == "62.50"
        assert year["superior_attendance_share"] == "12.50"
        assert (year["meetings_good"], year["meetings_good_share"]) == (10, "62.50")
        assert year["average_score"] == "83.50"
        assert (year["meetings_grade_good"], year["meetings_grade_fair"]) == (1, 1)
        targets = await r.client.get(f"/api/v1/reports/{province}/targets", params={"period": "2025"}, headers=ADMIN)
        passed = {t["figure"]: (t["value"], t["target"], t["passed"]) for t in targets.json()["items"]}
        assert passed == {
            "regular_meeting_rate": ("100.00", "100", True),
            "thematic_meeting_rate": ("100.00", "100", True),
            "attendance_rate": ("88.75", "90", False),
            "meetings_attendance_90_share": ("62.50", "100", False),
            "superior_attendance_share": ("12.50", "60", False),
            "meetings_resolution_share": ("75.00", "95", False),
            "meetings_materials_share": ("93.75", "100", False),
        }
        own = {"meetings_held_percent": "90", "attendance_percent": "85", "well_attended_percent": "60"}
        own |= {"resolutions_percent": "70", "materials_percent": None}
        own_v2 = {**own, "superior_attended_percent": "10", "year": 2025, "version": 2, "effective_date": "2025-12-01"}
        own_v1 = {**own_v2, "attendance_percent": "99", "version": 1}
        for data in (own_v2, own_v1):  # the older version arrives last: it changes nothing
            await reports.publish(js, f"{MT}.targets.set.v1", {**data, "org_id": district})
        await reports.settle(r)
        for org, expected in ((branch, "85"), (district, "85"), (province, "90")):
            response = await r.client.get(f"/api/v1/reports/{org}/targets", params={"period": "2025"}, headers=ADMIN)
            items = {t["figure"]: t for t in response.json()["items"]}
            assert items["attendance_rate"]["target"] == expected, org
        inherited = await r.client.get(f"/api/v1/reports/{branch}/targets", params={"period": "2025"}, headers=ADMIN)
        items = {t["figure"]: (t["target"], t["passed"]) for t in inherited.json()["items"]}
        assert items["regular_meeting_rate"] == ("90", True)
        assert items["superior_attendance_share"] == ("10", True)
        assert items["meetings_attendance_90_share"] == ("60", True)
        assert items["attendance_rate"] == ("85", True)
        assert items["meetings_resolution_share"] == ("70", True)
        assert items["meetings_materials_share"] == ("100", False)  # none set in meetings: the default
        july = (await reports.summary(r, province, "2025-07"))["figures"]
        assert (july["regular_meetings_required"], july["regular_meeting_rate"]) == (1, "100.00")
        assert (july["thematic_meetings_required"], july["thematic_meeting_rate"]) == (0, None)
        q1 = (await reports.summary(r, branch, "2025-Q1"))["figures"]
        assert (q1["regular_meetings_required"], q1["thematic_meetings_required"], q1["meetings_held"]) == (3, 1, 4)


async def test_a_district_year_of_classification_discipline_and_appeals(services: ServiceFactory, reports: Any) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        for stream in ("membership", "inspection"):
            await reports.ensure_stream(js, stream)
        _, district, commune, branch = await chain(reports, js)
        communes = [str(uuid.uuid4()) for _ in range(39)]
        for c in communes:
            await reports.publish(js, f"{M}.org.created.v1", org(c, district, "grassroots_committee"))
        grades = ["excellent"] * 7 + ["good"] * 30 + ["completed"] * 2 + ["not_completed"]
        for target, grade in zip([commune, *communes], grades, strict=True):
            await reports.publish(js, f"{INS}.classification.recorded.v1", classification(target, grade))
        figures = await reports.wait(r, district, "2025", lambda f: f["classification_org_total"] == 40)
        assert [figures[f"classification_org_{g}"] for g in ("excellent", "good", "completed", "not_completed")] == [
            7,
            30,
            2,
            1,
        ]
        assert [
            figures[f"classification_org_{g}_pct"] for g in ("excellent", "good", "completed", "not_completed")
        ] == ["17.50", "75.00", "5.00", "2.50"]
        # a later batch re-grades one organisation: it replaces, never adds
        await reports.publish(js, f"{INS}.classification.recorded.v1", classification(commune, "good"))
        figures = await reports.wait(r, district, "2025", lambda f: f["classification_org_good"] == 31)
        assert (figures["classification_org_total"], figures["classification_org_excellent"]) == (40, 6)

        member = str(uuid.uuid4())
        for discipline_id, measure in (("d-1", "reprimand"), ("d-2", "expulsion")):
            await reports.publish(
                js,
                f"{INS}.discipline.imposed.v1",
                {
                    "discipline_id": discipline_id,
                    "target_type": "member",
                    "target_id": member,
                    "member_id": member,
                    "org_id": branch,
                    "measure": measure,
                    "decision_number": "1",
                    "decision_date": "2025-03-01",
                    "issuing_org_id": district,
                    "violation_date": "2025-01-01",
                    "effective_date": "2025-03-01",
                },
            )
        await reports.publish(
            js,
            f"{INS}.appeal.decided.v1",
            {
                "appeal_id": "a-1",
                "discipline_id": "d-2",
                "outcome": "annulled",
                "original_measure": "expulsion",
                "target_type": "member",
                "target_id": member,
                "org_id": branch,
                "decision_date": "2025-05-01",
                "effective_date": "2025-05-01",
            },
        )
        inspection = {
            "inspection_id": "i-1",
            "programme_id": "p",
            "committee_id": district,
            "year": 2025,
            "kind": "inspection_on_signs_of_violation",
            "target_type": "organisation",
            "target_id": branch,
            "org_id": branch,
            "effective_date": "2025-02-01",
        }
        await reports.publish(js, f"{INS}.inspection.opened.v1", inspection)
        await reports.publish(
            js,
            f"{INS}.inspection.concluded.v1",
            {**inspection, "violation": True, "findings": "…", "effective_date": "2025-04-01"},
        )
        figures = await reports.wait(
            r, district, "2025", lambda f: f["appeals_annulled"] == 1 and f["inspections_concluded"] == 1
        )
        assert (figures["disciplines"], figures["discipline_member_reprimand"]) == (1, 1)
        assert figures["discipline_member_expulsion"] == 0
        assert (figures["inspections_opened"], figures["inspection_violations"]) == (1, 1)
        q1 = (await reports.summary(r, district, "2025-Q1"))["figures"]
        assert (q1["disciplines"], q1["discipline_member_expulsion"], q1["inspections_concluded"]) == (1, 0, 0)


def classification(target: str, grade: str) -> dict[str, Any]:
    return {
        "classification_id": str(uuid.uuid4()),
        "batch_id": "b",
        "target_type": "organisation",
        "target_id": target,
        "subject_org_id": target,
        "org_id": target,
        "year": 2025,
        "grade": grade,
        "effective_date": "2026-01-15",
    }
