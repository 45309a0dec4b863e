"""Value mappings per source system: a file with "nữ", "M", Vietnamese statuses and ethnic codes is refused
without a mapping and imports under one; the same mapping serves single records; targets are checked."""

from __future__ import annotations

import csv
import io
from typing import Any

from membership.imports import mappings
from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
MAPPING = {
    "gender": {"nam": "male", "nữ": "female", "M": "male", "F": "female"},
    "status": {"Chính thức": "official", "Dự bị": "probationary"},
    "ethnicity": {"01": "Kinh", "02": "Tày", "Tay": "Tày"},
}


def hr_file(branch: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "external_id",
            "full_name",
            "gender",
            "birth_date",
            "ethnicity",
            "national_id",
            "org_id",
            "status",
            "admission_date",
            "recognition_date",
        ]
    )
    writer.writerow(
        [
            "T-1",
            "Hoàng Thị Lan",
            "Nữ",
            "1985-03-12",
            "02",
            "008185000201",
            branch,
            "Chính thức",
            "2010-05-19",
            "2011-05-19",
        ]
    )
    writer.writerow(
        [
            "T-2",
            "Nông Văn Minh",
            "M",
            "1980-01-01",
            "Tay",
            "008180000202",
            branch,
            " chính thức ",
            "2012-01-10",
            "2013-01-20",
        ]
    )
    writer.writerow(
        [
            "T-3",
            "Lê Văn An",
            "nam",
            "1990-02-02",
            "01",
            "008190000203",
            branch,
            "Chính thức",
            "2015-03-01",
            "2016-03-01",
        ]
    )
    return out.getvalue().encode()


async def finished(m: Any, location: str) -> dict[str, Any]:
    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await m.client.get(location, headers=ADMIN)).json()
        return job if job["status"] != "running" else None

    return await eventually(done, "the import to finish")


async def test_a_file_in_the_hr_systems_own_values_is_refused_without_a_mapping_and_imports_under_one(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        url = "/api/v1/imports?source_system=hrm-tq"
        headers = {**ADMIN, "Content-Type": "text/csv"}
        refused = await finished(
            m, (await m.client.post(url, headers=headers, content=hr_file(t.branch))).headers["location"]
        )
        assert (refused["rows_created"], refused["rows_rejected"]) == (0, 3)
        assert {p["column"] for p in refused["report"]} >= {"gender", "status"}
        put = await m.client.put("/api/v1/import-mappings/hrm-tq", headers=ADMIN, json=MAPPING)
        assert (put.status_code, put.json()["version"]) == (200, 1), put.text
        job = await finished(
            m, (await m.client.post(url, headers=headers, content=hr_file(t.branch))).headers["location"]
        )
        assert (job["rows_created"], job["rows_rejected"]) == (3, 0), job["report"]
        members = (await m.client.get(f"/api/v1/members?under={t.branch}&limit=50", headers=ADMIN)).json()["items"]
        by_id = {x["external_id"]: x for x in members}
        assert [(by_id[k]["gender"], by_id[k]["ethnicity"], by_id[k]["status"]) for k in ("T-1", "T-2", "T-3")] == [
            ("female", "Tày", "official"),
            ("male", "Tày", "official"),
            ("male", "Kinh", "official"),
        ]
        other_system = await finished(
            m,
            (
                await m.client.post("/api/v1/imports?source_system=other", headers=headers, content=hr_file(t.branch))
            ).headers["location"],
        )
        assert other_system["rows_rejected"] == 3  # a mapping belongs to its source system


async def test_single_records_use_the_mapping_and_a_mapping_only_produces_our_values(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        assert (await m.client.put("/api/v1/import-mappings/hrm-tq", headers=ADMIN, json=MAPPING)).status_code == 200
        row = {
            "full_name": "Hoàng Thị Lan",
            "gender": "nữ",
            "birth_date": "1985-03-12",
            "ethnicity": "02",
            "national_id": "008185000301",
            "org_id": t.branch,
            "status": "Dự bị",
            "admission_date": "2026-01-05",
        }
        put = await m.client.put("/api/v1/members/by-external-id/hrm-tq/T-9", headers=ADMIN, json=row)
        assert put.status_code == 201, put.text
        assert (put.json()["gender"], put.json()["ethnicity"], put.json()["status"]) == (
            "female",
            "Tày",
            "probationary",
        )
        wrong = await m.client.put("/api/v1/import-mappings/hrm-tq", headers=ADMIN, json={"gender": {"nữ": "woman"}})
        assert wrong.status_code == 422
        got = await m.client.get("/api/v1/import-mappings/hrm-tq", headers=ADMIN)
        assert got.json()["gender"] == MAPPING["gender"]
        assert (
            await m.client.get("/api/v1/import-mappings/hrm-tq", headers=auth(t.branch, "viewer"))
        ).status_code == 403
        assert (await m.client.delete("/api/v1/import-mappings/hrm-tq", headers=ADMIN)).status_code == 204
        assert (await m.client.get("/api/v1/import-mappings/hrm-tq", headers=ADMIN)).status_code == 404


def test_values_match_ignoring_case_spaces_and_unicode_form() -> None:
    compiled = mappings.compiled({"gender": {"Nữ": "female"}})
    decomposed = "nu\u031b\u0303"  # "nữ" as base letters and combining marks
    for written in ("nữ", " NỮ ", decomposed):
        assert mappings.apply({"gender": written}, compiled)["gender"] == "female", written
    assert mappings.apply({"gender": "robot", "status": None}, compiled) == {"gender": "robot", "status": None}
