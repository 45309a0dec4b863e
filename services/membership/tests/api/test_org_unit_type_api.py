"""A grassroots organisation's unit type (loại hình): stated at creation or by file, changed by its command, read
back on the organisation, published (``org.created`` and ``org.unit_type_set``), refused on any other kind of
organisation (naming the field, vi/en) and outside the caller's subtree."""

from __future__ import annotations

import csv
import io
from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def test_a_grassroots_organisations_unit_type_is_kept_changed_and_published(
    services: ServiceFactory, tree_builder: Any, stream_events: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        body = {"name": "Đảng ủy phường Minh Xuân", "kind": "grassroots_committee", "parent_id": t.district}
        created = await m.client.post(
            "/api/v1/orgs", headers=ADMIN, json={**body, "effective_date": "2025-07-01", "unit_type": "ward"}
        )
        assert created.status_code == 201, created.text
        org = created.json()
        assert org["unit_type"] == "ward"
        assert (await m.client.get(f"/api/v1/orgs/{t.commune}", headers=ADMIN)).json()["unit_type"] is None

        url = f"/api/v1/orgs/{org['id']}/unit-type"
        changed = await m.client.post(url, headers=ADMIN, json={"unit_type": "commune", "effective_date": "2026-01-01"})
        assert (changed.status_code, changed.json()["unit_type"]) == (200, "commune"), changed.text
        same = await m.client.post(url, headers=ADMIN, json={"unit_type": "commune", "effective_date": "2026-02-01"})
        assert same.status_code == 200
        listed = (await m.client.get(f"/api/v1/orgs?under={t.district}&limit=50", headers=ADMIN)).json()["items"]
        assert {o["id"]: o["unit_type"] for o in listed}[org["id"]] == "commune"

        created_events = [e for e in await stream_events(m, "org.created") if e["org_id"] == org["id"]]
        assert [e["unit_type"] for e in created_events] == ["ward"]
        set_events = [e for e in await stream_events(m, "org.unit_type_set") if e["org_id"] == org["id"]]
        assert [(e["unit_type"], e["previous_unit_type"], e["effective_date"]) for e in set_events] == [
            ("commune", "ward", "2026-01-01")  # the unchanged second one published nothing
        ]

        branch = await m.client.post(
            f"/api/v1/orgs/{t.branch}/unit-type",
            headers={**ADMIN, "Accept-Language": "en"},
            json={"unit_type": "commune", "effective_date": "2026-01-01"},
        )
        assert branch.status_code == 422
        problem = branch.json()
        assert problem["rule"] == "org.unit_type_not_grassroots"
        assert "grassroots" in problem["detail"]
        assert [e["loc"][-1] for e in problem["errors"]] == ["unit_type"]
        wrong = await m.client.post(url, headers=ADMIN, json={"unit_type": "village", "effective_date": "2026-01-01"})
        assert wrong.status_code == 422
        outside = await m.client.post(
            url, headers=auth(t.other_province), json={"unit_type": "army", "effective_date": "2026-01-01"}
        )
        assert outside.status_code == 404


async def test_the_org_import_reads_the_unit_type_column(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        out = io.StringIO()
        rows = [
            ["code", "parent_code", "kind", "name", "established_on", "unit_type"],
            ["T-UT", "", "province", "Tỉnh ủy", "1976-01-01", ""],
            ["DN-1", "T-UT", "grassroots_committee", "Đảng ủy Công ty A", "2010-01-01", "state_enterprise"],
            ["CB-1", "DN-1", "branch", "Chi bộ phân xưởng", "2010-01-01", "state_enterprise"],
            ["DN-2", "T-UT", "grassroots_branch", "Chi bộ Công ty B", "2010-01-01", "joint_venture"],
        ]
        csv.writer(out).writerows(rows)
        answer = await m.client.post(
            "/api/v1/orgs/import", headers={**ADMIN, "Content-Type": "text/csv"}, content=out.getvalue().encode()
        )
        assert answer.status_code == 200, answer.text
        report = answer.json()
        assert report["rows_created"] == 2
        assert sorted((p["row"], p["column"], p["rule"]) for p in report["report"]) == [
            (3, "unit_type", "org.unit_type_not_grassroots"),
            (4, "unit_type", "literal_error"),
        ]
        listed = (await m.client.get("/api/v1/orgs?kind=grassroots_committee&limit=50", headers=ADMIN)).json()
        assert [o["unit_type"] for o in listed["items"] if o["code"] == "DN-1"] == ["state_enterprise"]
