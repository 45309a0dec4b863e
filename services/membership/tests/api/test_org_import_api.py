"""Bulk import of organisations through the API (real PostgreSQL + NATS): a tree in one request, parents in any
order, idempotent by code, each bad row refused with its row and rule, nothing outside the caller's subtree."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import func, select

from shared.schema import org_nodes, outbox
from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()
CSV_TYPE = {"Content-Type": "text/csv"}
HEADER = ["code", "parent_code", "kind", "name", "established_on", "dissolved_on"]


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode()


def province_file() -> tuple[bytes, set[tuple[int, str, str]]]:
    """Children before parents on purpose; rows 9–14 and 16 are bad."""
    rows = [
        ["CB-1", "XA-1", "branch", "Chi bộ thôn 1", "2010-01-01", ""],  # 1
        ["CB-2", "XA-1", "branch", "Chi bộ thôn 2", "2010-01-01", ""],  # 2
        ["XA-1", "HUYEN-1", "grassroots_committee", "Đảng ủy xã 1", "01/01/2005", ""],  # 3
        ["HUYEN-1", "TINH-1", "district", "Huyện ủy 1", "1990-01-01", ""],  # 4
        ["HUYEN-2", "TINH-1", "district", "Huyện ủy 2", "1990-01-01", ""],  # 5
        ["TINH-1", "", "province", "Tỉnh ủy 1", "1976-01-01", ""],  # 6
        ["XA-2", "TINH-1", "grassroots_committee", "Đảng ủy xã 2 (sau 2025)", "2025-07-01", ""],  # 7
        ["CB-3", "XA-2", "branch", "Chi bộ thôn 3", "2025-07-01", ""],  # 8
        ["CB-9", "HUYEN-2", "branch", "Chi bộ sai cấp", "2010-01-01", ""],  # 9: a branch under a district
        ["CB-10", "NOWHERE", "branch", "Chi bộ mồ côi", "2010-01-01", ""],  # 10
        ["CB-1", "XA-1", "branch", "Chi bộ trùng mã", "2010-01-01", ""],  # 11
        ["LOOP-A", "LOOP-B", "grassroots_committee", "Vòng A", "2010-01-01", ""],  # 12
        ["LOOP-B", "LOOP-A", "grassroots_committee", "Vòng B", "2010-01-01", ""],  # 13
        ["CB-14", "XA-2", "branch", "Chi bộ tương lai", "2999-01-01", ""],  # 14
        ["HUYEN-3", "TINH-1", "district", "Huyện ủy 3 (giải thể 2025)", "1990-01-01", "2025-07-01"],  # 15
        ["XA-16", "HUYEN-3", "grassroots_committee", "Xã dưới huyện đã giải thể", "2000-01-01", ""],  # 16
    ]
    refused = {
        (9, "parent_code", "org.parent_kind"),
        (10, "parent_code", "org_import.parent_unknown"),
        (11, "code", "org_import.duplicate_code"),
        (12, "parent_code", "org_import.parent_cycle"),
        (13, "parent_code", "org_import.parent_cycle"),
        (14, "established_on", "import.date_in_future"),
        (16, "parent_code", "org.not_active"),
    }
    return as_csv(rows), refused


async def count(m: Any, table: Any, *where: Any) -> int:
    async with m.db.read_session() as session:
        return int((await session.execute(select(func.count()).select_from(table).where(*where))).scalar_one())


async def test_a_tree_loads_in_one_request_parents_first_and_a_second_load_changes_nothing(
    services: ServiceFactory,
) -> None:
    async with services.run("membership") as m:
        body, refused = province_file()
        dry = await m.client.post("/api/v1/orgs/import?dry_run=true", headers={**ADMIN, **CSV_TYPE}, content=body)
        assert dry.status_code == 200, dry.text
        assert (dry.json()["rows_created"], dry.json()["rows_rejected"]) == (9, 7)
        assert await count(m, org_nodes) == 0
        assert await count(m, outbox) == 0

        r = await m.client.post("/api/v1/orgs/import", headers={**ADMIN, **CSV_TYPE}, content=body)
        assert r.status_code == 200, r.text
        out = r.json()
        assert (out["rows_total"], out["rows_created"], out["rows_unchanged"], out["rows_rejected"]) == (16, 9, 0, 7)
        assert {(p["row"], p["column"], p["rule"]) for p in out["report"]} == refused
        assert all(p["message"] for p in out["report"])
        async with m.db.read_session() as session:
            units = {r.code: r for r in (await session.execute(select(org_nodes))).all()}
        assert set(units) == {"TINH-1", "HUYEN-1", "HUYEN-2", "HUYEN-3", "XA-1", "XA-2", "CB-1", "CB-2", "CB-3"}
        assert units["CB-1"].path.startswith(units["TINH-1"].path + units["HUYEN-1"].id)
        assert units["CB-1"].name == "Chi bộ thôn 1"
        assert units["HUYEN-3"].status == "dissolved"
        types = await _event_types(m)
        assert types.count("vn.party.membership.org.created.v1") == 9
        assert types.count("vn.party.membership.org.dissolved.v1") == 1
        events = await count(m, outbox)

        again = await m.client.post("/api/v1/orgs/import", headers={**ADMIN, **CSV_TYPE}, content=body)
        assert (again.json()["rows_created"], again.json()["rows_unchanged"]) == (0, 9)
        assert await count(m, outbox) == events
        assert await count(m, org_nodes) == 9


async def _event_types(m: Any) -> list[str]:
    async with m.db.read_session() as session:
        return [str(t) for t in (await session.execute(select(outbox.c.event_type))).scalars()]


async def test_an_organiser_loads_only_under_their_own_subtree(services: ServiceFactory, tree_builder: Any) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        made = await m.client.post(
            "/api/v1/orgs",
            headers=ADMIN,
            json={
                "name": "Đảng ủy xã khác",
                "kind": "grassroots_committee",
                "parent_id": t.other_province,
                "code": "KHAC-1",
                "effective_date": "2020-01-01",
            },
        )
        assert made.status_code == 201, made.text
        since = "2020-01-01"
        rows = [
            {"code": "P-ROOT", "kind": "province", "name": "Tỉnh mới", "established_on": since},
            {"code": "X-1", "parent_code": "KHAC-1", "kind": "branch", "name": "Chi bộ X", "established_on": since},
            {"code": "KHAC-1", "parent_code": t.district, "kind": "grassroots_committee", "name": "Trùng mã"},
            {"code": "XA-NEW", "parent_code": t.district, "kind": "grassroots_committee", "name": "Xã mới"},
            {
                "code": "CB-NEW",
                "parent_code": "XA-NEW",
                "kind": "branch",
                "name": "Chi bộ mới",
                "established_on": since,
            },
        ]
        for row in rows:
            row.setdefault("established_on", since)
        organiser = auth(t.province, "organiser")
        r = await m.client.post("/api/v1/orgs/import?format=json", headers=organiser, content=json.dumps(rows).encode())
        assert r.status_code == 200, r.text
        assert {(p["row"], p["rule"]) for p in r.json()["report"]} == {
            (1, "org.root_requires_national"),
            (2, "org_import.parent_unknown"),
            (3, "org.code_taken"),
        }
        assert r.json()["rows_created"] == 2
        assert t.other_province not in r.text
        assert made.json()["id"] not in r.text
        under = (await m.client.get(f"/api/v1/orgs?under={t.district}&limit=50", headers=organiser)).json()["items"]
        assert {"XA-NEW", "CB-NEW"} <= {o.get("code") for o in under}
        viewer = await m.client.post(
            "/api/v1/orgs/import?format=json", headers=auth(t.province, "viewer"), content=b"[]"
        )
        assert viewer.status_code == 403
