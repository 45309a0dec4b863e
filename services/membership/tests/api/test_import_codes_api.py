"""The statistical codes by import: a file's code columns set the member's categories and the record's fields
(one write path: the record and the row agree), a code outside the forms' categories is refused naming its column
unless the source system maps it, a file without the columns leaves the codes alone, and a single record by
external id changes one."""

from __future__ import annotations

import csv
import io
from typing import Any

from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
HEADER = ["external_id", "full_name", "gender", "birth_date", "national_id", "org_id", "admission_date"]
CODES = ["general_education", "professional_level", "political_theory", "occupation_group", "religion_group"]


def hr_file(branch: str, rows: list[list[str]], codes: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER + (CODES if codes else []))
    for n, row in enumerate(rows, start=1):
        person = [f"C-{n}", "Hoàng Thị Lan", "female", "1985-03-12", f"00818500070{n}", branch, "2010-05-19"]
        writer.writerow(person + (row if codes else []))
    return out.getvalue().encode()


async def imported(m: Any, body: bytes, source: str = "hrm-codes") -> dict[str, Any]:
    headers = {**ADMIN, "Content-Type": "text/csv"}
    posted = await m.client.post(f"/api/v1/imports?source_system={source}", headers=headers, content=body)
    assert posted.status_code == 202, posted.text

    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await m.client.get(posted.headers["location"], headers=ADMIN)).json()
        return job if job["status"] != "running" else None

    return await eventually(done, "the import to finish")


async def record_of(m: Any, branch: str, external_id: str) -> dict[str, Any]:
    members = (await m.client.get(f"/api/v1/members?under={branch}&limit=50", headers=ADMIN)).json()["items"]
    member = next(x for x in members if x["external_id"] == external_id)
    record: dict[str, Any] = (await m.client.get(f"/api/v1/members/{member['id']}/record", headers=ADMIN)).json()
    return record


def codes(record: dict[str, Any]) -> list[str | None]:
    education = record["education"]
    return [
        education["general_level"],
        education["professional_level"],
        education["political_theory"],
        record["occupation_group"],
        record["religion_group"],
    ]


async def test_imported_codes_reach_the_record_and_a_file_without_them_leaves_them(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        rows = [
            ["upper_secondary", "university", "intermediate", "public_employee", "no_religion"],
            ["primary", "", "", "farmer", "Phật giáo"],
        ]
        refused = await imported(m, hr_file(t.branch, rows))
        assert (refused["rows_created"], refused["rows_rejected"]) == (1, 1), refused["report"]
        assert [(p["row"], p["column"], p["rule"]) for p in refused["report"]] == [
            (2, "religion_group", "literal_error")
        ]
        mapping = {"religion_group": {"Phật giáo": "buddhism"}, "occupation_group": {"Nông dân": "farmer"}}
        assert (await m.client.put("/api/v1/import-mappings/hrm-codes", headers=ADMIN, json=mapping)).status_code == 200
        rows[1][3] = "nông dân"
        job = await imported(m, hr_file(t.branch, rows))
        assert (job["rows_created"], job["rows_unchanged"], job["rows_rejected"]) == (1, 1, 0), job["report"]
        assert codes(await record_of(m, t.branch, "C-1")) == rows[0]
        second = await record_of(m, t.branch, "C-2")
        assert codes(second) == ["primary", None, None, "farmer", "buddhism"]

        again = await imported(m, hr_file(t.branch, [[], []], codes=False))
        assert (again["rows_unchanged"], again["rows_rejected"]) == (2, 0), again["report"]
        assert codes(await record_of(m, t.branch, "C-2")) == codes(second)

        row = {c: v for c, v in zip(HEADER, ["", "Nông Thị Lan", "female", "1985-03-12", "008185000702"], strict=False)}
        body = {**row, "org_id": t.branch, "admission_date": "2010-05-19", "professional_level": "college"}
        del body["external_id"]
        put = await m.client.put("/api/v1/members/by-external-id/hrm-codes/C-2", headers=ADMIN, json=body)
        assert put.status_code == 200, put.text
        after = await record_of(m, t.branch, "C-2")
        assert codes(after) == ["primary", "college", None, "farmer", "buddhism"]
        assert after["version"] == second["version"] + 1
        wrong = {**body, "political_theory": "expert"}
        refused_put = await m.client.put("/api/v1/members/by-external-id/hrm-codes/C-2", headers=ADMIN, json=wrong)
        assert refused_put.status_code == 422
        assert "political_theory" in refused_put.text


async def test_a_mapping_only_produces_the_forms_codes(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        wrong = {"professional_level": {"ThS": "masters"}}
        answer = await m.client.put("/api/v1/import-mappings/hrm-codes", headers=ADMIN, json=wrong)
        assert answer.status_code == 422
        assert "professional_level" in answer.text


async def exported(m: Any, branch: str, headers: dict[str, str]) -> list[dict[str, str]]:
    answer = await m.client.get(f"/api/v1/exports/members?under={branch}&format=csv", headers=headers)
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))


async def test_exported_codes_import_into_a_fresh_district_and_a_viewer_gets_religion_withheld(
    services: ServiceFactory, tree_builder: Any
) -> None:
    rows = [["upper_secondary", "university", "intermediate", "public_employee", "buddhism"], ["primary", *[""] * 4]]
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        assert (await imported(m, hr_file(t.branch, rows)))["rows_created"] == 2
        files = await exported(m, t.branch, ADMIN)
        assert [[r[c] for c in CODES] for r in sorted(files, key=lambda r: r["external_id"])] == rows
        viewer = auth(t.province, "viewer")
        seen = next(r for r in await exported(m, t.branch, viewer) if r["external_id"] == "C-1")
        assert [seen[c] for c in CODES] == [*rows[0][:4], ""]
        members = (await m.client.get(f"/api/v1/members?under={t.branch}", headers=viewer)).json()["items"]
        member = next(x for x in members if x["external_id"] == "C-1")
        record = (await m.client.get(f"/api/v1/members/{member['id']}/record", headers=viewer)).json()
        assert "religion_group" in record["masked"]  # the record's rule, which the export follows
        assert record["religion_group"] is None
    async with services.run("membership") as fresh:
        f = await tree_builder(fresh.client)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(files[0]))
        writer.writeheader()
        writer.writerows({**r, "org_id": f.branch, "org_code": ""} for r in files)
        job = await imported(fresh, out.getvalue().encode())
        assert (job["rows_created"], job["rows_rejected"]) == (2, 0), job["report"]
        assert codes(await record_of(fresh, f.branch, "C-1")) == rows[0]
        assert codes(await record_of(fresh, f.branch, "C-2")) == ["primary", None, None, None, None]
