"""Meetings' compliance and reporting agree on how many meetings a period requires, for a year in progress too
(issue 15 found 88 against 96): one rule, months and quarters the branch was active throughout and that have
ended by today (``shared.calendar.active_throughout``)."""

from __future__ import annotations

import asyncio
from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def _compliance(mt: Any, org: str, period: str, branches: int) -> dict[str, Any]:
    """Meetings' report once its copy of the tree holds ``branches`` branches under ``org`` (bounded poll)."""
    deadline = asyncio.get_running_loop().time() + 90
    while True:
        response = await mt.client.get(f"/api/v1/compliance/{org}", params={"period": period}, headers=ADMIN)
        if response.status_code == 200 and response.json()["branches"] == branches:
            body: dict[str, Any] = response.json()
            return body
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"meetings never saw the tree: {response.text[:1000]}")
        await asyncio.sleep(0.1)


async def test_meetings_and_reporting_require_the_same_meetings(services: ServiceFactory, reports: Any) -> None:
    async with services.run("membership") as m, services.run("meetings") as mt, services.run("reporting") as r:
        province = await reports.org(m, "Tỉnh", "province", None, on="2024-01-01")
        commune = await reports.org(m, "Xã", "grassroots_committee", province, on="2024-01-01")
        await reports.org(m, "Chi bộ 1", "branch", commune, on="2024-01-01")
        await reports.org(m, "Chi bộ 2", "branch", commune, on="2026-03-10")  # owes nothing in March
        await reports.org(m, "Chi bộ 3", "branch", commune, on="2025-11-01")  # owes nothing in 2025's Q4
        await reports.wait(r, commune, "2026", lambda f: f["branches"] == 3)
        await reports.settle(r)
        for period, branches in (("2026", 3), ("2026-Q2", 3), ("2026-03..2026-07", 3), ("2025", 2)):
            meetings = await _compliance(mt, commune, period, branches)  # the tree as it stood in the period
            figures = (await reports.summary(r, commune, period))["figures"]
            required = (figures["regular_meetings_required"], figures["thematic_meetings_required"])
            assert required == (meetings["regular_months"]["out_of"], meetings["thematic_quarters"]["out_of"]), period
        q2 = (await reports.summary(r, commune, "2026-Q2"))["figures"]
        assert (q2["regular_meetings_required"], q2["thematic_meetings_required"]) == (3 + 3 + 3, 3)
        y2025 = (await reports.summary(r, commune, "2025"))["figures"]
        assert (y2025["regular_meetings_required"], y2025["thematic_meetings_required"]) == (12 + 2, 4)
