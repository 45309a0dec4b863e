"""Bulk import and export through the API: dry runs, idempotent upserts, malicious files, formula injection."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from shared.schema import outbox
from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
CSV_TYPE = {"Content-Type": "text/csv"}
XLSX_TYPE = {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def members_csv(branch: str, rows: int = 5, *, bad: bool = True) -> bytes:
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
            "positions",
            "admission_date",
            "phone",
        ]
    )
    for i in range(rows):
        writer.writerow(
            [
                f"HR-{i}",
                f"Nguyễn Văn Số {i}",
                "male",
                "15/05/1985",
                "Kinh",
                f"{9000 + i:012d}",
                branch,
                "official",
                "committee_member" if i == 0 else "",
                "2010-01-01",
                "0912000000",
            ]
        )
    if bad:
        writer.writerow(["HR-bad", "X", "robot", "1985-13-01", "Kinh", "123", branch, "official", "", "", ""])
        writer.writerow(["HR-0", "Trùng", "male", "1985-01-01", "Kinh", "000000000777", branch, "official", "", "", ""])
    return out.getvalue().encode()


async def outbox_count(m: Any) -> int:
    async with m.db.read_session() as session:
        return int((await session.execute(select(func.count()).select_from(outbox))).scalar_one())


async def finished(m: RunningService, location: str, headers: dict[str, str] = ADMIN) -> dict[str, Any]:
    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await m.client.get(location, headers=headers)).json()
        return job if job["status"] != "running" else None

    return await eventually(done, f"the import job {location} to finish")


async def test_dry_run_reports_row_by_row_and_writes_nothing(services: ServiceFactory, tree_builder: Any) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        events_before = await outbox_count(m)
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM&dry_run=true",
            headers={**ADMIN, **CSV_TYPE},
            content=members_csv(t.branch),
        )
        assert r.status_code == 200, r.text
        job = r.json()
        assert (job["rows_total"], job["rows_created"], job["rows_rejected"]) == (7, 5, 2)
        problems = {(p["row"], p["column"], p["rule"]) for p in job["report"]}
        assert problems == {
            (6, "gender", "enum"),
            (6, "birth_date", "date_from_datetime_parsing"),
            (6, "full_name", "string_too_short"),
            (7, "external_id", "import.duplicate_external_id"),
        }
        assert all(p["message"] for p in job["report"])
        assert (await m.client.get("/api/v1/members", headers=ADMIN)).json()["items"] == []
        assert await outbox_count(m) == events_before
        assert (await m.client.get(f"/api/v1/imports/{job['id']}", headers=ADMIN)).status_code == 404


async def test_importing_the_same_file_twice_changes_and_publishes_nothing_the_second_time(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership", import_chunk_rows=2) as m:
        t = await tree_builder(m.client)
        body = members_csv(t.branch, rows=5, bad=False)
        first = await m.client.post("/api/v1/imports?source_system=HRM", headers={**ADMIN, **CSV_TYPE}, content=body)
        assert first.status_code == 202, first.text
        job = await finished(m, first.headers["location"])
        assert (job["status"], job["rows_created"], job["rows_total"]) == ("done", 5, 5), job
        events = await outbox_count(m)
        second = await m.client.post("/api/v1/imports?source_system=HRM", headers={**ADMIN, **CSV_TYPE}, content=body)
        job2 = await finished(m, second.headers["location"])
        assert (job2["rows_created"], job2["rows_updated"], job2["rows_unchanged"]) == (0, 0, 5)
        assert await outbox_count(m) == events
        listed = (await m.client.get("/api/v1/members?q=so 0", headers=ADMIN)).json()["items"]
        assert listed[0]["birth_date"] == "1985-05-15"
        assert listed[0]["positions"] == ["committee_member"]
        assert listed[0]["source_system"] == "HRM"
        assert listed[0]["external_id"] == "HR-0"

        changed = body.replace("Nguyễn Văn Số 1".encode(), "Nguyễn Văn Số Một".encode())
        third = await m.client.post("/api/v1/imports?source_system=HRM", headers={**ADMIN, **CSV_TYPE}, content=changed)
        job3 = await finished(m, third.headers["location"])
        assert (job3["rows_updated"], job3["rows_unchanged"]) == (1, 4)
        assert await outbox_count(m) == events + 1
        moved = body.replace(t.branch.encode(), t.branch2.encode())
        fourth = await m.client.post("/api/v1/imports?source_system=HRM", headers={**ADMIN, **CSV_TYPE}, content=moved)
        job4 = await finished(m, fourth.headers["location"])
        assert job4["rows_rejected"] == 5
        assert job4["report"][0]["rule"] == "import.use_status_command"


async def test_xlsx_and_json_imports_and_rows_outside_the_callers_subtree(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        wb = Workbook()
        ws = wb.active
        ws.append(["external_id", "full_name", "gender", "birth_date", "national_id", "org_id"])
        ws.append(["X-1", "Lò Thị Én", "female", "1990-02-03", 1234567, t.branch])  # a number-typed ID cell
        ws.append(["X-2", "Giàng A Páo", "male", "1988-08-08", "000000000042", t.other_branch])
        data = io.BytesIO()
        wb.save(data)
        organiser = auth(t.province, "organiser")
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM", headers={**organiser, **XLSX_TYPE}, content=data.getvalue()
        )
        assert r.status_code == 202, r.text
        job = await finished(m, r.headers["location"], organiser)
        assert (job["rows_created"], job["rows_rejected"]) == (1, 1), job
        assert job["report"][0]["rule"] == "import.org_unknown"
        other = auth(t.other_province, "organiser")
        assert (await m.client.get(r.headers["location"], headers=other)).status_code == 404
        found = (await m.client.get("/api/v1/members?q=lo thi en", headers=ADMIN)).json()["items"]
        assert found[0]["national_id"] == "000001234567"

        rows = [
            {
                "external_id": "J-1",
                "full_name": "Vàng Thị Mỷ",
                "gender": "female",
                "birth_date": "1992-01-01",
                "national_id": 5555,
                "org_id": t.branch,
                "positions": ["secretary"],
            }
        ]
        j = await m.client.post(
            "/api/v1/imports?source_system=HRM&format=json", headers=ADMIN, content=json.dumps(rows).encode()
        )
        assert j.status_code == 202, j.text
        assert (await finished(m, j.headers["location"]))["rows_created"] == 1
        viewer = await m.client.post(
            "/api/v1/imports?source_system=HRM", headers={**auth(t.province, "viewer"), **CSV_TYPE}, content=b"a"
        )
        assert viewer.status_code == 403


def xlsx_with(part: str, content: bytes) -> bytes:
    wb = Workbook()
    wb.active.append(["external_id", "full_name"])
    plain = io.BytesIO()
    wb.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, content if item.filename == part else src.read(item.filename))
    return out.getvalue()


async def test_malformed_oversized_and_malicious_files_are_refused_and_change_nothing(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership", import_max_bytes=200_000) as m:
        t = await tree_builder(m.client)
        events = await outbox_count(m)
        bomb = xlsx_with("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * 20_000_000 + b"</worksheet>")
        assert len(bomb) < 200_000
        r = await m.client.post("/api/v1/imports?source_system=HRM", headers={**ADMIN, **XLSX_TYPE}, content=bomb)
        assert r.status_code == 422, r.text
        assert r.json()["rule"] == "import.zip_bomb"
        laughs = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
        )
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM",
            headers={**ADMIN, **XLSX_TYPE},
            content=xlsx_with("xl/worksheets/sheet1.xml", laughs),
        )
        assert r.status_code == 422
        assert r.json()["rule"] == "import.xml_dtd"
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM", headers={**ADMIN, **XLSX_TYPE}, content=b"PK\x03\x04 not really a zip"
        )
        assert r.status_code == 422
        assert r.json()["rule"] == "import.malformed"
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM", headers={**ADMIN, **CSV_TYPE}, content=b"x" * 300_000
        )
        assert r.status_code == 413
        assert r.json()["rule"] == "import.too_large"
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM",
            headers={**ADMIN, **CSV_TYPE},
            content=members_csv(t.branch, 3, bad=False) + b'HR-9,"unterminated\n',
        )
        assert r.status_code == 422
        assert r.json()["rule"] == "import.malformed"
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM",
            headers={**ADMIN, **CSV_TYPE},
            content="external_id,full_name\nA,Bé\n".encode("utf-16"),
        )
        assert r.status_code == 422
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM", headers={**ADMIN, **CSV_TYPE}, content=b"external_id,full_name\nA,B\n"
        )
        assert r.status_code == 422
        assert r.json()["rule"] == "import.missing_columns"
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM&format=json",
            headers=ADMIN,
            content=b'[{"external_id": "A"}, {"external_id": ',
        )
        assert r.status_code == 422
        assert r.json()["rule"] == "import.malformed"
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM", headers={**ADMIN, "Content-Type": "image/png"}, content=b"\x89PNG"
        )
        assert r.status_code == 422
        assert r.json()["rule"] == "import.unknown_format"
        assert await outbox_count(m) == events
        assert (await m.client.get("/api/v1/members", headers=ADMIN)).json()["items"] == []


async def test_export_streams_the_subtree_neutralises_formulas_and_masks_for_viewers(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        await member_factory(
            m.client, t.branch, name='=HYPERLINK("http://x")', hometown="@SUM(A1)", religion="Công giáo"
        )
        await member_factory(m.client, t.branch2, name="Trần Văn Bình")
        await member_factory(m.client, t.other_branch, name="Người Tỉnh Khác")
        r = await m.client.get(f"/api/v1/exports/members?under={t.commune}&format=csv", headers=ADMIN)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
        assert len(rows) == 2
        hacked = next(x for x in rows if "HYPERLINK" in x["full_name"])
        assert hacked["full_name"].startswith("'=")
        assert hacked["hometown"] == "'@SUM(A1)"
        assert (len(hacked["national_id"]) == 12 and hacked["phone"] == "'+84912345678") or hacked["phone"]
        assert hacked["religion"] == "Công giáo"
        x = await m.client.get(
            f"/api/v1/exports/members?under={t.commune}&format=xlsx", headers=auth(t.province, "viewer")
        )
        assert x.status_code == 200
        sheet = load_workbook(io.BytesIO(x.content), read_only=True).active
        values = list(sheet.iter_rows(values_only=True))
        header, data = values[0], values[1:]
        assert len(data) == 2
        row = dict(zip(header, next(v for v in data if "HYPERLINK" in str(v[1])), strict=False))
        assert str(row["full_name"]).startswith("'=")
        assert str(row["national_id"]).startswith("*********")
        assert row.get("address") is None
        assert row["religion"] is None  # withheld from a viewer, as the list and the record withhold it
        other = auth(t.other_province, "admin")
        assert (await m.client.get(f"/api/v1/exports/members?under={t.commune}", headers=other)).status_code == 404
