"""Re-parenting and merging: totals move to the new ancestors from the change's month on, and a report of an
earlier period still shows the tree (and the figures) as they were then."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def breakdown(r: Any, org: str, period: str) -> dict[str, int]:
    response = await r.client.get(f"/api/v1/reports/{org}/breakdown", params={"period": period}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return {row["org"]["id"]: row["figures"]["members_total"] for row in response.json()["items"]}


async def test_a_moved_commune_takes_its_totals_to_the_new_district_from_the_move_on(
    services: ServiceFactory, reports: Any
) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        province = await reports.org(m, "Tỉnh P", "province", None)
        district_a = await reports.org(m, "Huyện A", "district", province)
        district_b = await reports.org(m, "Huyện B", "district", province)
        commune = await reports.org(m, "Xã C", "grassroots_committee", district_a)
        branch = await reports.org(m, "Chi bộ X", "branch", commune)
        await reports.member(m, branch, on="2025-02-10")
        await reports.wait(r, district_a, "2025", lambda f: f["members_total"] == 1)
        await reports.org_action(m, commune, "move", {"parent_id": district_b, "effective_date": "2026-03-15"})
        await reports.member(m, branch, on="2026-05-01")
        await reports.wait(r, district_b, "2026", lambda f: f["members_total"] == 2)
        await reports.settle(r)

        a_2025 = (await reports.summary(r, district_a, "2025"))["figures"]
        assert (a_2025["members_total"], a_2025["registrations"], a_2025["grassroots_committees"]) == (1, 1, 1)
        assert (await reports.summary(r, district_a, "2026-02"))["figures"]["members_total"] == 1
        a_2026 = (await reports.summary(r, district_a, "2026"))["figures"]
        assert (a_2026["members_total"], a_2026["registrations"], a_2026["grassroots_committees"]) == (0, 0, 0)
        b_2026 = (await reports.summary(r, district_b, "2026"))["figures"]
        assert (b_2026["members_total"], b_2026["registrations"], b_2026["branches"]) == (2, 1, 1)
        assert (await reports.summary(r, district_b, "2026-02"))["figures"]["members_total"] == 0
        assert (await reports.summary(r, province, "2026"))["figures"]["members_total"] == 2
        assert await breakdown(r, province, "2025") == {district_a: 1, district_b: 0}
        assert await breakdown(r, province, "2026") == {district_a: 0, district_b: 2}
        assert await breakdown(r, district_a, "2025") == {commune: 1}
        assert await breakdown(r, district_a, "2026") == {}


async def test_a_merged_district_keeps_its_past_and_the_target_reports_both_afterwards(
    services: ServiceFactory, reports: Any
) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        province = await reports.org(m, "Tỉnh P", "province", None, on="2024-01-01")
        district_a = await reports.org(m, "Huyện A", "district", province, on="2024-01-01")
        district_b = await reports.org(m, "Huyện B", "district", province, on="2024-01-01")
        commune_a = await reports.org(m, "Xã CA", "grassroots_committee", district_a, on="2024-01-01")
        commune_b = await reports.org(m, "Xã CB", "grassroots_committee", district_b, on="2024-01-01")
        branch_a = await reports.org(m, "Chi bộ XA", "branch", commune_a, on="2024-01-01")
        branch_b = await reports.org(m, "Chi bộ XB", "branch", commune_b, on="2024-01-01")
        await reports.member(m, branch_a, on="2024-06-01")
        await reports.member(m, branch_a, on="2024-06-01", gender="female")
        await reports.member(m, branch_b, on="2024-06-01")
        await reports.wait(r, province, "2024", lambda f: f["members_total"] == 3)
        await reports.org_action(m, district_a, "merge", {"into_id": district_b, "effective_date": "2025-07-01"})
        await reports.member(m, branch_a, on="2025-09-01")
        await reports.wait(r, district_b, "2025", lambda f: f["members_total"] == 4)
        await reports.settle(r)

        assert (await reports.summary(r, district_a, "2024"))["figures"]["members_total"] == 2
        assert (await reports.summary(r, district_b, "2024"))["figures"]["members_total"] == 1
        assert (await reports.summary(r, district_a, "2025-Q2"))["figures"]["members_total"] == 2
        a_2025 = (await reports.summary(r, district_a, "2025"))["figures"]
        assert (a_2025["members_total"], a_2025["members_female"], a_2025["branches"]) == (0, 0, 0)
        b_2025 = (await reports.summary(r, district_b, "2025"))["figures"]
        assert (b_2025["members_total"], b_2025["members_female"]) == (4, 1)
        assert (b_2025["branches"], b_2025["grassroots_committees"]) == (2, 2)
        assert (await reports.summary(r, province, "2025"))["figures"]["members_total"] == 4
        assert await breakdown(r, province, "2024") == {district_a: 2, district_b: 1}
        assert await breakdown(r, province, "2025") == {district_b: 4}
        assert await breakdown(r, district_b, "2025") == {commune_a: 3, commune_b: 1}
