"""Uploads are not JSON bodies, so the platform's NFC boundary does not see them: the import normalises every
CSV/XLSX cell itself. A file typed decomposed (NFD) stores precomposed text (NFC) and meets the record a
precomposed file or form made, for member imports and organisation imports alike."""

from __future__ import annotations

import csv
import io
import unicodedata
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from shared.schema import org_nodes
from shared.testing.harness import RunningService, ServiceFactory, auth

ADMIN = auth()
TYPES = {
    "csv": {"Content-Type": "text/csv"},
    "xlsx": {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}
NAME, ADDRESS = "Nguyễn Thị Huyền Trang", "Thôn Đồng Tâm, xã Xuân Lôi, huyện Sơn Dương"
MEMBER_HEADER = ["external_id", "full_name", "gender", "birth_date", "national_id", "org_id", "address"]
ORG_HEADER = ["code", "parent_code", "kind", "name", "established_on"]


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # the input really is decomposed, or the test proves nothing
    return decomposed


def as_file(fmt: str, rows: list[list[str]]) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode()
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


async def import_members(m: RunningService, fmt: str, rows: list[list[str]]) -> str:
    r = await m.client.post(
        "/api/v1/imports?source_system=HRM", headers={**ADMIN, **TYPES[fmt]}, content=as_file(fmt, rows)
    )
    assert r.status_code == 202, r.text
    return str(r.headers["location"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_a_decomposed_member_file_stores_nfc_and_meets_the_precomposed_record(
    services: ServiceFactory, tree_builder: Any, import_finished: Any, fmt: str
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        first = ["HR-1", NAME, "female", "1990-02-03", "001190000001", t.branch, ADDRESS]
        assert (await import_finished(m, await import_members(m, "csv", [MEMBER_HEADER, first])))["rows_created"] == 1

        again = [*first[:1], nfd(NAME), *first[2:6], nfd(ADDRESS)]
        fresh = ["HR-2", nfd("Lò Văn Đức"), "male", "1985-01-01", "001185000002", t.branch, nfd(ADDRESS)]
        job = await import_finished(m, await import_members(m, fmt, [MEMBER_HEADER, again, fresh]))
        assert (job["rows_unchanged"], job["rows_updated"], job["rows_created"]) == (1, 0, 1), job

        members = {x["external_id"]: x for x in (await m.client.get("/api/v1/members", headers=ADMIN)).json()["items"]}
        assert (members["HR-1"]["full_name"], members["HR-1"]["address"]) == (NAME, ADDRESS)
        assert members["HR-2"]["full_name"] == "Lò Văn Đức"
        assert members["HR-2"]["address"] == ADDRESS
        assert all(unicodedata.is_normalized("NFC", str(v)) for x in members.values() for v in x.values())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_a_decomposed_org_file_stores_nfc_names(services: ServiceFactory, fmt: str) -> None:
    """Codes are ASCII by their pattern; names are where the two forms differ."""
    async with services.run("membership") as m:
        rows = [["TINH-TQ", "", "province", "Tỉnh ủy Tuyên Quang", "1976-01-01"]]
        first = await m.client.post(
            "/api/v1/orgs/import", headers={**ADMIN, **TYPES["csv"]}, content=as_file("csv", [ORG_HEADER, *rows])
        )
        assert first.json()["rows_created"] == 1, first.text

        decomposed = [
            ["TINH-TQ", "", "province", nfd("Tỉnh ủy Tuyên Quang"), "1976-01-01"],
            ["HUYEN-SD", "TINH-TQ", "district", nfd("Huyện ủy Sơn Dương"), "1976-01-01"],
        ]
        second = await m.client.post(
            "/api/v1/orgs/import", headers={**ADMIN, **TYPES[fmt]}, content=as_file(fmt, [ORG_HEADER, *decomposed])
        )
        assert second.status_code == 200, second.text
        counts = second.json()
        assert (counts["rows_unchanged"], counts["rows_created"], counts["rows_rejected"]) == (1, 1, 0), counts
        async with m.db.read_session() as session:
            names = {r.code: r.name for r in (await session.execute(select(org_nodes))).all()}
        assert names == {"TINH-TQ": "Tỉnh ủy Tuyên Quang", "HUYEN-SD": "Huyện ủy Sơn Dương"}  # both NFC
