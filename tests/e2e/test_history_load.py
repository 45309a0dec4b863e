"""A district loads its past through the public API only, over real processes, and reads one report across it.

Issue 11's first act of a district committee: admissions through the whole pipeline dated 2016–2025 (each step on
its own date, under the regulation in force then), disciplines decided 2017–2025 by the levels that may decide
them, then one report for June 2021 – March 2024 whose admissions and disciplines by measure equal what was
entered. Every answer on the way is a 2xx or the 4xx the step expects: no 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from grassroots_cli.stack import Stack
from shared.auth import mint_token
from shared.testing.polling import eventually
from tests.e2e.conftest import client

RANGE = ("2021-06-01", "2024-03-31")
PERIOD = "2021-06..2024-03"


def token(stack: Stack, org: str = "*", role: str = "admin") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(stack.jwt_secret, subject='e2e', org=org, roles=[role])}"}


@dataclass
class District:
    province: str
    district: str
    commune: str
    branches: list[str]
    officials: dict[str, list[str]] = field(default_factory=dict)


def ok(response: httpx.Response, *expected: int) -> dict[str, Any]:
    assert response.status_code in (expected or (200, 201)), f"{response.request.url}: {response.text}"
    return dict(response.json())


async def build_district(membership: httpx.AsyncClient) -> District:
    async def org(name: str, kind: str, parent: str | None) -> str:
        body = {"name": name, "kind": kind, "parent_id": parent, "effective_date": "2010-01-01"}
        return str(ok(await membership.post("/api/v1/orgs", json=body), 201)["id"])

    province = await org("Tỉnh Tuyên Quang", "province", None)
    district = await org("Huyện Sơn Dương", "district", province)
    commune = await org("Đảng ủy xã Hợp Thành", "grassroots_committee", district)
    branches = [await org(f"Chi bộ thôn {n}", "branch", commune) for n in ("Cầu Bì", "Đồng Bèn")]
    place = District(province, district, commune, branches)
    for b, branch in enumerate(branches):
        place.officials[branch] = [await register_official(membership, branch, b * 10 + i) for i in range(6)]
    return place


async def register_official(membership: httpx.AsyncClient, branch: str, n: int) -> str:
    body = {
        "full_name": f"Đảng viên {n:02d}",
        "gender": "male" if n % 2 else "female",
        "birth_date": "1970-03-01",
        "national_id": f"0080700{n:05d}",
        "org_id": branch,
        "status": "official",
        "admission_date": "1998-05-19",
        "ceremony_date": "1998-06-01",
        "recognition_date": "1999-06-01",
        "positions": ["secretary"] if n % 10 == 0 else [],
        "effective_date": "2010-01-01",
    }
    return str(ok(await membership.post("/api/v1/members", json=body), 201)["id"])


async def admit(membership: httpx.AsyncClient, place: District, branch: str, decided: date, n: int) -> None:
    """One applicant through every step: class, introducers, the branch's 2/3, the committee's 2/3, decision,
    ceremony — each dated before the decision as the regulation's deadlines allow."""
    introduced = ok(
        await membership.post(
            "/api/v1/candidates",
            json={
                "org_id": branch,
                "full_name": f"Quần chúng {n:03d}",
                "gender": "female" if n % 2 else "male",
                "birth_date": "1982-08-20",
                "national_id": f"0081820{n:05d}",
                "introduced_by": "Hội Nông dân xã",
                "introduced_on": (decided - timedelta(days=200)).isoformat(),
            },
        ),
        201,
    )

    async def step(path: str, body: dict[str, Any]) -> None:
        ok(await membership.post(f"/api/v1/candidates/{introduced['id']}/{path}", json=body), 200, 201)

    introducers = [{"member_id": m, "worked_together_since": "2012-01-01"} for m in place.officials[branch][:2]]
    await step("class-completed", {"certificate_date": (decided - timedelta(days=150)).isoformat()})
    await step("introducers", {"assigned_on": (decided - timedelta(days=90)).isoformat(), "introducers": introducers})
    await step(
        "branch-vote", {"vote_date": (decided - timedelta(days=30)).isoformat(), "votes_for": 4, "votes_against": 2}
    )
    await step(
        "committee-review",
        {"review_date": (decided - timedelta(days=20)).isoformat(), "votes_for": 6, "committee_members": 9},
    )
    await step(
        "decision",
        {"decision_number": f"{n}-QĐ/HU", "decision_date": decided.isoformat(), "decision_org": "Huyện ủy Sơn Dương"},
    )
    await step("ceremony", {"ceremony_date": (decided + timedelta(days=10)).isoformat()})


async def discipline(inspection: httpx.AsyncClient, member: str, measure: str, issuer: str, decided: date) -> None:
    body = {
        "target_type": "member",
        "target_id": member,
        "measure": measure,
        "decision_number": f"{decided.year}-{measure}-{member[:6]}",
        "decision_date": decided.isoformat(),
        "issuing_org_id": issuer,
        "violation_date": (decided - timedelta(days=60)).isoformat(),
    }

    async def imposed() -> bool:
        response = await inspection.post("/api/v1/disciplines", json=body)
        if response.status_code == 404:  # inspection's copy of the member has not arrived yet
            return False
        ok(response, 201)
        return True

    await eventually(imposed, "the discipline to be accepted", timeout=30, interval=0.2)


def in_range(day: date) -> bool:
    return RANGE[0] <= day.isoformat() <= RANGE[1]


async def test_a_districts_history_loaded_through_the_api_reports_what_was_entered(stack: Stack) -> None:
    admin = token(stack)
    async with (
        client(stack, "membership", admin) as membership,
        client(stack, "inspection", admin) as inspection,
        client(stack, "reporting", admin) as reporting,
    ):
        place = await build_district(membership)
        # One admission a year in each branch, 2016–2025; the second branch decides on 25 March, so the range's edges
        # (June 2021 in, March 2021 out, March 2024 in, June 2024 out) are both crossed, and the 2024 ceremony
        # (4 April) falls after the range: admissions count by the decision's date, not the ceremony's.
        decisions = [
            (branch, date(year, 6 if b == 0 else 3, 1 if b == 0 else 25))
            for year in range(2016, 2026)
            for b, branch in enumerate(place.branches)
        ]
        for n, (branch, decided) in enumerate(decisions):
            await admit(membership, place, branch, decided, n)

        # Disciplines 2017–2025: each branch reprimands or warns its own members; the commune removes a secretary
        # from post (a branch may not) and expels a member.
        entered: list[tuple[str, date]] = []
        first, second = place.branches
        for year in range(2017, 2026):
            measure = "reprimand" if year % 2 else "warning"
            decided = date(year, 12, 5)  # 2017: after 102-QĐ/TW (15 Nov), the first rule known
            target = place.officials[first][1 + year % 5]
            await discipline(inspection, target, measure, first, decided)
            entered.append((measure, decided))
        secretary = place.officials[second][0]
        refused = await inspection.post(
            "/api/v1/disciplines",
            json={
                "target_type": "member",
                "target_id": secretary,
                "measure": "removal_from_post",
                "decision_number": "7-QĐ/CB",
                "decision_date": "2022-11-01",
                "issuing_org_id": second,
                "violation_date": "2022-09-01",
            },
        )
        assert refused.status_code == 422, refused.text  # a branch may only reprimand or warn
        await discipline(inspection, secretary, "removal_from_post", place.commune, date(2022, 11, 1))
        entered.append(("removal_from_post", date(2022, 11, 1)))
        expelled = place.officials[second][3]
        await discipline(inspection, expelled, "expulsion", place.commune, date(2024, 2, 20))
        entered.append(("expulsion", date(2024, 2, 20)))

        expected_admissions = sum(1 for _, decided in decisions if in_range(decided))
        expected_measures = {
            m: sum(1 for measure, d in entered if measure == m and in_range(d))
            for m in ("reprimand", "warning", "removal_from_post", "expulsion")
        }

        async def report() -> dict[str, Any] | None:
            response = await reporting.get(f"/api/v1/reports/{place.district}/summary", params={"period": PERIOD})
            assert response.status_code < 500, response.text
            if response.status_code != 200:
                return None
            figures = dict(response.json()["figures"])
            done = figures.get("admissions") == expected_admissions and figures.get("disciplines") == sum(
                expected_measures.values()
            )
            return figures if done else None

        figures = await eventually(report, "the report to count every admission and measure", timeout=90, interval=0.5)
        assert figures["admissions"] == expected_admissions
        for measure, count in expected_measures.items():
            assert figures[f"discipline_member_{measure}"] == count, (measure, figures)
