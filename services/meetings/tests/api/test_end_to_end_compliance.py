"""End to end, in process, over real PostgreSQL and NATS: membership's tree and members reach meetings'
roster through the MEMBERSHIP stream; a branch of 20 members holds a year of meetings; meetings' compliance
endpoint and reporting's summary (fed by the MEETINGS stream) show the same exact rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from meetings.roster.models import RosterChange
from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
YEAR = 2025

# month → (excused, unexcused) among 20 members at the regular meeting; everyone else present
REGULAR = {
    1: (0, 0),
    2: (1, 0),
    3: (1, 1),
    4: (0, 0),
    5: (2, 1),
    6: (0, 0),
    7: (0, 1),
    8: (2, 0),
    9: (0, 0),
    10: (3, 1),
    11: (1, 0),
    12: (0, 0),
}
# thematic meetings: month → (present, superior attended)
THEMATIC = {2: (18, True), 5: (20, False), 8: (17, True), 11: (19, False)}


async def build_membership(m: RunningService) -> tuple[dict[str, str], list[str]]:
    orgs: dict[str, str] = {}
    parent = None
    for key, kind, name in [
        ("province", "province", "Tỉnh Tuyên Quang"),
        ("district", "district", "Huyện Sơn Dương"),
        ("commune", "grassroots_committee", "Đảng ủy xã Xuân Lôi"),
        ("branch", "branch", "Chi bộ thôn Đồng Tâm"),
    ]:
        response = await m.client.post(
            "/api/v1/orgs",
            headers=ADMIN,
            json={"name": name, "kind": kind, "parent_id": parent, "effective_date": f"{YEAR}-01-01"},
        )
        assert response.status_code == 201, response.text
        parent = orgs[key] = response.json()["id"]
    members = []
    for i in range(20):
        response = await m.client.post(
            "/api/v1/members",
            headers=ADMIN,
            json={
                "full_name": f"Đảng viên {i:02d}",
                "gender": "male" if i % 2 else "female",
                "birth_date": "1975-06-01",
                "national_id": f"0010800{i:05d}",
                "org_id": orgs["branch"],
                "status": "official",
                "admission_date": "2000-05-19",
                "effective_date": f"{YEAR}-01-01",
            },
        )
        assert response.status_code == 201, response.text
        members.append(response.json()["id"])
    return orgs, members


async def hold(
    mt: RunningService, meeting: dict[str, Any], marks: dict[str, str], members: list[str], superior_from: str | None
) -> None:
    url = f"/api/v1/meetings/{meeting['id']}"
    day = meeting["meeting_date"]
    notice = await mt.client.post(
        f"{url}/notice",
        headers=ADMIN,
        json={
            "place": "Nhà văn hóa thôn",
            "agenda": ["Kiểm điểm", "Nhiệm vụ"],
            "notified_at": f"{day[:8]}01T08:00:00+07:00",
        },
    )
    assert notice.status_code == 200, notice.text
    attendance = [
        {
            "member_id": member,
            "mark": marks.get(member, "present"),
            **({"reason": "công tác"} if marks.get(member) == "excused" else {}),
        }
        for member in members
    ]
    body: dict[str, Any] = {
        "started_at": f"{day}T14:00:00+07:00",
        "ended_at": f"{day}T16:00:00+07:00",
        "marks": attendance,
        "minutes": "Biên bản",
        "resolutions": [{"title": f"Nghị quyết {day}", "text": "…", "votes_for": 18, "votes_against": 0}],
    }
    if superior_from:
        body["superior_attendees"] = [
            {"name": "Trần Văn B", "committee_org_id": superior_from, "position": "Phó Bí thư Đảng ủy"}
        ]
    recorded = await mt.client.post(f"{url}/record", headers=ADMIN, json=body)
    assert recorded.status_code == 200, recorded.text


def figure(body: dict[str, Any], name: str) -> tuple[int, int, Decimal | None, bool | None]:
    f = body[name]
    return f["achieved"], f["out_of"], None if f["percent"] is None else Decimal(str(f["percent"])), f["passed"]


async def test_a_branch_of_twenty_holds_a_year_of_meetings_and_compliance_shows_the_exact_rates(
    services: ServiceFactory,
) -> None:
    async with services.run("membership") as m, services.run("meetings") as mt, services.run("reporting") as r:
        orgs, members = await build_membership(m)
        branch = orgs["branch"]

        async def roster_arrived() -> bool:
            async with mt.db.read_session() as session:
                count = (
                    await session.execute(
                        select(func.count(func.distinct(RosterChange.member_id))).where(RosterChange.org_id == branch)
                    )
                ).scalar_one()
            return bool(count == 20)

        await eventually(roster_arrived, "roster arrived")

        generated = await mt.client.post(
            "/api/v1/meetings/generate",
            headers=ADMIN,
            json={"org_id": branch, "year": YEAR, "rule": {"day": 10}, "at": "14:00:00"},
        )
        assert generated.json()["created"] == 12, generated.text
        regular = (await mt.client.get("/api/v1/meetings", headers=ADMIN, params={"org_id": branch})).json()["items"]
        assert [r["meeting_date"][5:7] for r in regular] == [f"{i:02d}" for i in range(1, 13)]
        roster = (await mt.client.get(f"/api/v1/meetings/{regular[0]['id']}/roster", headers=ADMIN)).json()
        assert sorted(roster["expected"]) == sorted(members)

        for k, meeting in enumerate(regular):
            excused, unexcused = REGULAR[k + 1]
            marks = {members[(3 * k + j) % 15]: "excused" for j in range(excused)}
            if unexcused:
                marks[members[15 + k % 5]] = "unexcused"
            await hold(mt, meeting, marks, members, None)
        for month, (present, superior) in THEMATIC.items():
            created = await mt.client.post(
                "/api/v1/meetings",
                headers=ADMIN,
                json={
                    "org_id": branch,
                    "kind": "thematic",
                    "starts_at": f"{YEAR}-{month:02d}-20T08:00:00+07:00",
                    "topic": f"Chuyên đề tháng {month}",
                },
            )
            marks = {members[19 - j]: "excused" for j in range(20 - present)}
            await hold(mt, created.json(), marks, members, orgs["commune"] if superior else None)

        goods = [
            (await mt.client.get(f"/api/v1/meetings/{r['id']}", headers=ADMIN)).json()["good_meeting"]
            for r in regular[:3]
        ]
        assert goods == [True, True, False]  # March has an unexcused absence
        year = (
            await mt.client.get(
                f"/api/v1/compliance/{branch}",
                headers=auth(branch, "viewer"),
                params={"period": str(YEAR), "as_of": f"{YEAR + 1}-01-15"},
            )
        ).json()
        assert figure(year, "regular_months") == (12, 12, Decimal("100.00"), True)
        assert figure(year, "thematic_quarters") == (4, 4, Decimal("100.00"), True)
        # present: regular 226 of 240, thematic 74 of 80 → 300 of 320
        assert figure(year, "attendance") == (300, 320, Decimal("93.75"), True)
        # at least 90% present (18 of 20): 10 regular (not May 17, Oct 16) and 3 thematic (not August 17)
        assert figure(year, "well_attended") == (13, 16, Decimal("81.25"), False)
        assert figure(year, "superior_attended") == (2, 16, Decimal("12.50"), False)
        assert (year["meetings_held"], year["regular_meetings_held"], year["thematic_meetings_held"]) == (16, 12, 4)
        assert year["passed"] is False
        assert year["targets_source"] == "default"

        q1 = (
            await mt.client.get(
                f"/api/v1/compliance/{branch}",
                headers=ADMIN,
                params={"period": f"{YEAR}-Q1", "as_of": f"{YEAR + 1}-01-15"},
            )
        ).json()
        assert figure(q1, "attendance") == (75, 80, Decimal("93.75"), True)
        assert figure(q1, "superior_attended") == (1, 4, Decimal("25.00"), False)
        may = (
            await mt.client.get(
                f"/api/v1/compliance/{branch}",
                headers=ADMIN,
                params={"period": f"{YEAR}-05", "as_of": f"{YEAR + 1}-01-15"},
            )
        ).json()
        assert figure(may, "attendance") == (37, 40, Decimal("92.50"), True)
        assert figure(may, "thematic_quarters")[:2] == (0, 0)

        district = (
            await mt.client.get(
                f"/api/v1/compliance/{orgs['district']}",
                headers=auth(orgs["district"], "viewer"),
                params={"period": str(YEAR), "as_of": f"{YEAR + 1}-01-15"},
            )
        ).json()
        assert district["branches"] == 1
        assert figure(district, "attendance") == (300, 320, Decimal("93.75"), True)

        async def held_published() -> bool:
            info = await mt.runtime.js.stream_info("MEETINGS")
            return bool(info.state.messages >= 16 * 4)  # scheduled, notified, held, resolution adopted

        await eventually(held_published, "held published")
        report: dict[str, Any] = {}

        async def reported() -> bool:
            nonlocal report
            response = await r.client.get(
                f"/api/v1/reports/{branch}/summary", params={"period": str(YEAR)}, headers=ADMIN
            )
            report = response.json().get("figures", {}) if response.status_code == 200 else {}
            return bool(report.get("meetings_held") == 16)

        await eventually(reported, "reported")
        assert (report["regular_meeting_rate"], report["thematic_meeting_rate"]) == ("100.00", "100.00")
        assert (report["attendance_expected"], report["attendance_present"], report["attendance_rate"]) == (
            320,
            300,
            "93.75",
        )
        assert report["meetings_attendance_90_share"] == "81.25"
        assert report["superior_attendance_share"] == "12.50"
