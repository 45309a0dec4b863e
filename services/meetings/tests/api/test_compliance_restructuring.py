"""Compliance answers with the tree as it stood in the period asked (the 2025 restructuring: districts dissolved on
1 July 2025, their communes placed directly under the province)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from shared.events import Envelope
from shared.testing.harness import ServiceFactory

FOUNDED = date(2022, 1, 1)


def org_event(verb: str, data: dict[str, Any]) -> Envelope:
    return Envelope(
        source="/grassroots/membership",
        type=f"vn.party.membership.org.{verb}.v1",
        subject=f"org/{data['org_id']}",
        data=data,
    )


async def compliance(w: Any, org: str, period: str) -> dict[str, Any]:
    response = await w.client.get(f"/api/v1/compliance/{org}", headers=w.admin, params={"period": period})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_a_dissolved_district_keeps_its_2023_compliance_and_its_commune_counts_under_the_province_in_2026(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        province = await w.org("province", None, "Tỉnh Tuyên Quang", FOUNDED)
        district = await w.org("district", province, "Huyện Sơn Dương", FOUNDED)
        commune = await w.org("grassroots_committee", district, "Đảng ủy xã Hợp Thành", FOUNDED)
        w.branch = await w.org("branch", commune, "Chi bộ thôn Cầu Bì", FOUNDED)
        second = await w.org("branch", commune, "Chi bộ thôn Đồng Bèn", FOUNDED)
        short_lived = await w.org("branch", commune, "Chi bộ thôn Làng Mới", FOUNDED)
        w.members = [await w.member(w.branch, on=FOUNDED) for _ in range(4)]
        for month in (3, 4, 5):
            recorded = await w.record(await w.notified(f"2023-{month:02d}-05T14:00:00+07:00"))
            assert recorded.status_code == 200, recorded.text
        await w.apply(
            org_event("dissolved", {"org_id": short_lived, "reason": "merged village", "effective_date": "2023-05-15"}),
            org_event(
                "moved",
                {
                    "org_id": commune,
                    "old_parent_id": district,
                    "new_parent_id": province,
                    "effective_date": "2025-07-01",
                },
            ),
            org_event("dissolved", {"org_id": district, "reason": "restructuring", "effective_date": "2025-07-01"}),
        )
        for month in (1, 2):
            recorded = await w.record(await w.notified(f"2026-{month:02d}-05T14:00:00+07:00"))
            assert recorded.status_code == 200, recorded.text

        then = await compliance(w, district, "2023")
        assert (then["branches"], then["regular_meetings_held"]) == (3, 3)  # the branch dissolved in May included
        assert (await compliance(w, province, "2023"))["regular_meetings_held"] == 3
        gone = await compliance(w, district, "2026")
        assert (gone["branches"], gone["meetings_held"]) == (0, 0)
        now = await compliance(w, province, "2026")
        assert (now["branches"], now["regular_meetings_held"]) == (2, 2)
        pages, cursor = [], None
        while True:  # one branch a page: the keyset walks the 2023 tree's order
            params = {"under": district, "period": "2023", "limit": 1, **({"cursor": cursor} if cursor else {})}
            listed = await w.client.get("/api/v1/compliance", headers=w.admin, params=params)
            assert listed.status_code == 200, listed.text
            pages.append([b["org_id"] for b in listed.json()["items"]])
            if not (cursor := listed.json()["next_cursor"]):
                break
        assert sorted(functools.reduce(operator.iadd, pages, [])) == sorted([w.branch, second, short_lived])
        assert all(len(p) == 1 for p in pages)
