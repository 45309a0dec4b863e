"""Member counts rolled up the tree, from membership's API to reporting's."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth


async def test_a_member_counts_at_the_branch_and_every_ancestor(services: ServiceFactory, reports: Any) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        province = await reports.org(m, "Tỉnh Tuyên Quang", "province", None)
        district = await reports.org(m, "Huyện Sơn Dương", "district", province)
        commune = await reports.org(m, "Đảng ủy xã Xuân Lôi", "grassroots_committee", district)
        branch = await reports.org(m, "Chi bộ thôn Đồng Tâm", "branch", commune)
        await reports.member(m, branch, gender="female", ethnicity="Tày", birth="1990-03-01")
        await reports.member(m, branch, status="probationary", birth="1960-01-01")
        for org in (branch, commune, district, province):
            figures = await reports.wait(r, org, "2025", lambda f: f["members_total"] == 2)
            assert figures["members_female"] == 1
            assert figures["members_probationary"] == 1
            assert figures["members_ethnic_minority"] == 1
            assert figures["members_ethnic_minority_pct"] == "50.00"
            assert figures["age_30_40"] == 1
            assert figures["age_over_60"] == 1
            assert figures["registrations"] == 2
        summary = await reports.summary(r, province, "2025-Q1")
        assert summary["last_event_at"] is not None
        assert summary["figures"]["branches"] == 1
        before = await reports.summary(r, province, "2024")  # before the tree's first fact: no data, not zeros
        assert before["figures"]["members_total"] is None
        assert (before["no_data"]["rule"], before["no_data"]["covered_from"]) == ("report.no_data", "2025-01-01")
        assert summary["no_data"] is None


async def test_another_subtrees_token_is_refused(services: ServiceFactory, reports: Any) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        p1 = await reports.org(m, "Tỉnh 1", "province", None)
        p2 = await reports.org(m, "Tỉnh 2", "province", None)
        await reports.wait(r, p2, "2025", lambda f: f["members_total"] == 0)
        await reports.settle(r)
        other = auth(p2, "viewer")
        for route in ("summary", "breakdown", "ranking", "targets"):
            response = await r.client.get(f"/api/v1/reports/{p1}/{route}", params={"period": "2025"}, headers=other)
            assert response.status_code == 404, route
        assert (
            await r.client.get(f"/api/v1/reports/{p2}/summary", params={"period": "2025"}, headers=other)
        ).status_code == 200
        assert (await r.client.get(f"/api/v1/reports/{p2}/summary", params={"period": "2025"})).status_code == 401
