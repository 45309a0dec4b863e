"""Membership's dues and badge events as report figures: at branch, commune and province they equal the sums of
the records, in the month the dues are for (not the day they were paid); a redelivered event counts once."""

from __future__ import annotations

import uuid
from typing import Any

from shared.testing.harness import ServiceFactory

M = "vn.party.membership"


def org(org_id: str, parent: str | None, kind: str) -> dict[str, Any]:
    return {"org_id": org_id, "parent_id": parent, "kind": kind, "name": "Org", "effective_date": "2025-01-01"}


def collected(branch: str, month: str, paid: int, due: int) -> dict[str, Any]:
    return {
        "member_id": str(uuid.uuid4()),
        "org_id": branch,
        "month": f"{month}-01",
        "category": "salaried",
        "amount_due": due,
        "amount_paid": paid,
        "effective_date": "2026-04-02",
    }


def remitted(org_id: str, parent: str | None, received: int, retained: int, arrears: int = 0) -> dict[str, Any]:
    return {
        "org_id": org_id,
        "parent_id": parent,
        "month": "2026-03-01",
        "collected": received,
        "received": received,
        "retained": retained,
        "remitted": received - retained,
        "arrears_members": arrears,
        "effective_date": "2026-03-28",
    }


async def test_dues_and_badges_roll_up_to_commune_and_province(services: ServiceFactory, reports: Any) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        province, district, commune, branch, branch2 = (str(uuid.uuid4()) for _ in range(5))
        tree = [
            (province, None, "province"),
            (district, province, "district"),
            (commune, district, "grassroots_committee"),
            (branch, commune, "branch"),
            (branch2, commune, "branch"),
        ]
        for org_id, parent, kind in tree:
            await reports.publish(js, f"{M}.org.created.v1", org(org_id, parent, kind))
        for event in (
            collected(branch, "2026-03", 80_000, 80_000),
            collected(branch, "2026-03", 85_000, 80_000),
            collected(branch2, "2026-03", 0, 30_000),
        ):
            await reports.publish(js, f"{M}.dues.collected.v1", event)
        once = await reports.publish(js, f"{M}.dues.remitted.v1", remitted(branch, commune, 165_000, 49_500, 1))
        await reports.publish(js, f"{M}.dues.remitted.v1", once.data, event_id=once.id)  # redelivered
        await reports.publish(js, f"{M}.dues.remitted.v1", remitted(commune, district, 115_500, 80_850))
        badge = {"member_id": str(uuid.uuid4()), "org_id": branch2, "milestone": 30, "effective_date": "2026-09-02"}
        await reports.publish(js, f"{M}.member.badge_awarded.v1", badge)
        await reports.settle(r)

        march_branch = await reports.wait(r, branch, "2026-03", lambda f: f["dues_collected"] == 165_000)
        assert (march_branch["dues_due"], march_branch["dues_retained"], march_branch["dues_remitted"]) == (
            160_000,
            49_500,
            115_500,
        )
        assert march_branch["dues_arrears_members"] == 1
        commune_march = await reports.wait(r, commune, "2026-03", lambda f: f["dues_collected"] == 165_000)
        assert (commune_march["dues_received"], commune_march["dues_retained"]) == (165_000 + 115_500, 49_500 + 80_850)
        year = await reports.wait(r, province, "2026", lambda f: f["badges_awarded"] == 1)
        assert (year["dues_collected"], year["dues_due"], year["dues_remitted"]) == (165_000, 190_000, 150_150)
        assert (await reports.summary(r, province, "2026-04"))["figures"]["dues_collected"] == 0
