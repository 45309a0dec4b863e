"""Finding an organisation without its UUID (``GET /api/v1/reports/orgs``): by a name typed without diacritics,
by browsing the tree, and never outside the caller's subtree."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()


async def found(r: RunningService, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    response = await r.client.get("/api/v1/reports/orgs", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_a_name_typed_without_diacritics_finds_the_organisation_inside_the_callers_subtree_only(
    services: ServiceFactory, reports: Any
) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        tuyen_quang = await reports.org(m, "Tỉnh Tuyên Quang", "province", None)
        son_duong = await reports.org(m, "Huyện Sơn Dương", "district", tuyen_quang)
        xuan_loi = await reports.org(m, "Đảng ủy xã Xuân Lôi", "grassroots_committee", son_duong)
        dong_tam = await reports.org(m, "Chi bộ thôn Đồng Tâm", "branch", xuan_loi)
        ha_giang = await reports.org(m, "Tỉnh Hà Giang", "province", None)
        bac_me = await reports.org(m, "Huyện Bắc Mê", "district", ha_giang)
        namesake = await reports.org(m, "Đảng ủy xã Xuân Lôi", "grassroots_committee", bac_me)

        async def arrived() -> bool:
            return {o["id"] for o in await found(r, ADMIN, q="xuan loi")} == {xuan_loi, namesake}

        await eventually(arrived, "the tree in reporting's copy", timeout=30)

        everywhere = await found(r, ADMIN, q="DANG UY XA  xuan loi")
        assert sorted((o["name"], o["kind"], o["parent_name"]) for o in everywhere) == [
            ("Đảng ủy xã Xuân Lôi", "grassroots_committee", "Huyện Bắc Mê"),
            ("Đảng ủy xã Xuân Lôi", "grassroots_committee", "Huyện Sơn Dương"),
        ]  # the same name twice, told apart by the parent's name
        viewer = auth(tuyen_quang, "viewer")
        assert [o["id"] for o in await found(r, viewer, q="xuan loi")] == [xuan_loi]
        assert [o["id"] for o in await found(r, viewer, q="Đồng Tâm")] == [dong_tam]
        assert await found(r, viewer, q="bac me") == []
        assert [o["id"] for o in await found(r, viewer, q="chi bo", parent=son_duong)] == [dong_tam]
        assert await found(r, viewer, q="son duong", parent=son_duong) == []  # below the parent, not itself

        # the names are kept folded by the process until the tree changes: a rename is found at once by its new name
        await reports.org_action(
            m, xuan_loi, "rename", {"name": "Đảng ủy xã Kháng Nhật", "effective_date": "2025-06-01"}
        )

        async def renamed() -> bool:
            return [o["id"] for o in await found(r, viewer, q="khang nhat")] == [xuan_loi]

        await eventually(renamed, "the rename in reporting's copy", timeout=30)
        assert await found(r, viewer, q="xuan loi") == []


async def test_browsing_starts_at_the_top_of_the_callers_subtree_and_lists_children_a_page_at_a_time(
    services: ServiceFactory, reports: Any
) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        province = await reports.org(m, "Tỉnh Tuyên Quang", "province", None)
        districts = [await reports.org(m, f"Huyện {n}", "district", province) for n in ("Yên Sơn", "Hàm Yên")]
        other = await reports.org(m, "Tỉnh Hà Giang", "province", None)

        async def arrived() -> bool:  # until then, the parent is "not known here yet" (404)
            response = await r.client.get("/api/v1/reports/orgs", params={"parent": province}, headers=ADMIN)
            return response.status_code == 200 and len(response.json()["items"]) == 2

        await eventually(arrived, "the tree in reporting's copy", timeout=30)
        await reports.settle(r)

        viewer = auth(province, "viewer")
        top = await found(r, viewer)
        assert [(o["id"], o["parent_name"]) for o in top] == [(province, None)]
        assert {province, other} <= {o["id"] for o in await found(r, ADMIN)}  # a national token: the roots
        first = await r.client.get("/api/v1/reports/orgs", params={"parent": province, "limit": 1}, headers=viewer)
        assert first.status_code == 200
        assert [o["name"] for o in first.json()["items"]] == ["Huyện Hàm Yên"]  # folded names: "ham" < "yen"
        cursor = first.json()["next_cursor"]
        second = await found(r, viewer, parent=province, limit="1", cursor=cursor)
        assert [(o["id"], o["parent_name"]) for o in second] == [(districts[0], "Tỉnh Tuyên Quang")]

        outside = await r.client.get("/api/v1/reports/orgs", params={"parent": other}, headers=viewer)
        assert outside.status_code == 404
        assert outside.headers["content-type"].startswith("application/problem+json")
        too_long = await r.client.get("/api/v1/reports/orgs", params={"q": "x" * 101}, headers=viewer)
        assert too_long.status_code == 422
