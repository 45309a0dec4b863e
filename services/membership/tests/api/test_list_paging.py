"""Targets and the holiday calendar are keyset pages like every other list: each row once, in order."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from shared.testing.harness import RunningService, ServiceFactory, auth

ADMIN = auth()


async def every_page(m: RunningService, url: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = (await m.client.get(url, params=query, headers=ADMIN)).json()
        pages.append(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


async def test_targets_page_in_tree_order_then_year(
    services: ServiceFactory, tree_builder: Callable[[Any], Awaitable[Any]]
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        for org, year in [(t.commune, 2026), (t.province, 2026), (t.province, 2025)]:
            put = await m.client.put(f"/api/v1/targets/{org}/{year}", headers=ADMIN, json={"target": 3})
            assert put.status_code in (200, 201), put.text
        pages = await every_page(m, "/api/v1/targets", limit=2)
        assert [len(p) for p in pages] == [2, 1]
        rows = [(x["org_id"], x["year"]) for p in pages for x in p]
        assert rows == [(t.province, 2025), (t.province, 2026), (t.commune, 2026)]  # the province comes first


async def test_the_calendar_of_a_year_pages_by_day(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        whole = (await m.client.get("/api/v1/holidays", params={"year": 2026, "limit": 200}, headers=ADMIN)).json()
        assert whole["next_cursor"] is None
        pages = await every_page(m, "/api/v1/holidays", year=2026, limit=3)
        days = [x["day"] for p in pages for x in p]
        assert days == [x["day"] for x in whole["items"]] == sorted(days)
        assert len(pages) > 1
        assert all(day.startswith("2026-") for day in days)
