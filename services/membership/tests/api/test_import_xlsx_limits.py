"""XLSX uploads are parsed once, and a shared-strings table that would unpack past its limit is refused from the
archive's directory before any XML parser loads it (real PostgreSQL + NATS, through the API)."""

from __future__ import annotations

import io
import random
import zipfile
from typing import Any

from openpyxl import Workbook

from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
XLSX_TYPE = {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SST_REL = f'<Relationship Type="{RELATIONSHIPS}/sharedStrings" Target="strings/table.xml" Id="rId9" />'.encode()
SST_TYPE = (
    b'<Override PartName="/xl/strings/table.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def workbook(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


def with_shared_strings(xlsx: bytes, unpacked: int) -> bytes:
    """The workbook with a shared-strings table of ``unpacked`` bytes under a renamed part (found through the
    workbook's relationships, not its name), compressible about 185:1 — under the zip-bomb ratio of 200:1."""
    body = bytearray(b"A" * unpacked)
    for i in random.Random(1).sample(range(unpacked), int(unpacked * 0.0017)):
        body[i] = ord("B")
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + body + b"</t></si></sst>"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SST_REL + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SST_TYPE + b"</Types>")
            dst.writestr(item.filename, data)
        dst.writestr("xl/strings/table.xml", bytes(sst))
    return out.getvalue()


async def test_a_small_xlsx_whose_shared_strings_unpack_to_24_mb_is_refused_naming_the_limit(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        header = ["external_id", "full_name", "gender", "birth_date", "national_id", "org_id"]
        bomb = with_shared_strings(
            workbook([header, ["X-1", "Lò Thị Én", "female", "1990-02-03", "1", t.branch]]), 24_000_000
        )
        assert len(bomb) < 200_000
        for dry_run in ("true", "false"):
            r = await m.client.post(
                f"/api/v1/imports?source_system=HRM&dry_run={dry_run}", headers={**ADMIN, **XLSX_TYPE}, content=bomb
            )
            assert r.status_code == 413, r.text
            problem = r.json()
            assert problem["rule"] == "import.xlsx_shared_strings_too_large"
            assert problem["values"]["limit"] == 4 << 20  # the floor: the sheets are a few hundred bytes
            assert problem["values"]["size"] > 24_000_000
            assert str(4 << 20) in problem["detail"]
        assert (await m.client.get("/api/v1/members", headers=ADMIN)).json()["items"] == []


async def test_a_shared_strings_table_within_its_limit_imports_and_the_xlsx_is_parsed_once(
    services: ServiceFactory, tree_builder: Any, monkeypatch: Any
) -> None:
    import openpyxl

    loads: list[object] = []
    original = openpyxl.load_workbook

    def counting(*args: Any, **kwargs: Any) -> Any:
        loads.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", counting)
    async with services.run("membership", import_xlsx_shared_strings_floor_bytes=2_000_000) as m:
        t = await tree_builder(m.client)
        header = ["external_id", "full_name", "gender", "birth_date", "national_id", "org_id"]
        rows = [[f"X-{i}", f"Lò Thị Én {i}", "female", "1990-02-03", str(1000 + i), t.branch] for i in range(3)]
        xlsx = with_shared_strings(workbook([header, *rows]), 1_000_000)
        r = await m.client.post("/api/v1/imports?source_system=HRM", headers={**ADMIN, **XLSX_TYPE}, content=xlsx)
        assert r.status_code == 202, r.text

        async def done() -> dict[str, Any] | None:
            job: dict[str, Any] = (await m.client.get(r.headers["location"], headers=ADMIN)).json()
            return job if job["status"] != "running" else None

        job = await eventually(done, "the import job to finish")
        assert (job["status"], job["rows_created"]) == ("done", 3), job
        assert len(loads) == 1
