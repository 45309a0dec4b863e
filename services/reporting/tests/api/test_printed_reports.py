"""The printed reports of a generated province (periodic report, the year's classification, admissions): every
figure the PDF shows (read back with pdftotext) and the XLSX holds (read back with openpyxl) equals the report
API's for the same node and period; refusals as on every report route."""

from __future__ import annotations

import io
import random
import re
import subprocess
import unicodedata
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from reporting.printing import documents
from reporting.printing.labels import LABELS, SECTIONS
from shared.testing.harness import ServiceFactory, auth
from shared.testing.tools import needs_poppler

ADMIN = auth()
MS, INS = "vn.party.membership", "vn.party.inspection"
GRADES = ("excellent", "good", "completed", "not_completed")


async def generated_province(m: Any, r: Any, reports: Any, seed: int = 2026) -> tuple[str, dict[str, str]]:
    """A province of 2 districts, 4 communes and 8 branches; 3–9 members a branch (random standing, gender,
    age, ethnicity, admission 2019–2025), candidates in 2025, every organisation and member graded for 2025."""
    rng = random.Random(seed)
    province = await reports.org(m, "Đảng bộ tỉnh Đắk Lắk", "province", None, on="2019-01-01")
    districts: dict[str, str] = {}
    branches, communes = [], []
    for d in ("Đảng bộ huyện Krông Pắc", "Đảng bộ huyện Ea Súp"):
        districts[d] = await reports.org(m, d, "district", province, on="2019-01-01")
        for c in ("Ea Kly", "Vụ Bổn"):
            communes.append(await reports.org(m, f"Đảng bộ xã {c} ({d[-7:]})", "grassroots_committee", districts[d]))
            for b in ("thôn 1", "thôn Ngữ"):
                branches.append(await reports.org(m, f"Chi bộ {b} – {c} {len(branches)}", "branch", communes[-1]))
    js = r.runtime.js
    for kind in ("membership", "inspection"):
        await reports.ensure_stream(js, kind)
    for branch in branches:
        for _ in range(rng.randint(3, 9)):
            member = await _member(reports, js, rng, branch)
            await reports.publish(js, f"{INS}.classification.recorded.v1", _grade(rng, "member", member, branch))
        for _ in range(rng.randint(0, 4)):
            step = rng.choice(["introduced", "class_completed", "branch_voted", "decided", "withdrawn"])
            body = {
                "candidate_id": str(uuid.uuid4()),
                "org_id": branch,
                "effective_date": f"2025-0{rng.randint(1, 9)}-10",
            }
            await reports.publish(js, f"{MS}.candidate.{step}.v1", body)
    for org in [*communes, *branches]:
        await reports.publish(js, f"{INS}.classification.recorded.v1", _grade(rng, "organisation", org, org))
    await reports.settle(r, timeout=60)
    return province, districts


async def _member(reports: Any, js: Any, rng: random.Random, branch: str) -> str:
    member_id = str(uuid.uuid4())
    admitted = f"{rng.randint(2019, 2025)}-0{rng.randint(1, 6)}-15"
    official = admitted < "2024-06"
    data = {
        "member_id": member_id,
        "org_id": branch,
        "status": "official" if official else "probationary",
        "gender": rng.choice(["male", "female"]),
        "birth_date": f"{rng.randint(1950, 2000)}-03-01",
        "ethnicity": rng.choice(["Kinh", "Ê Đê", "Kinh"]),
        "admission_date": admitted,
        "recognition_date": f"{int(admitted[:4]) + 1}{admitted[4:]}" if official else None,
        "version": 1,
        "effective_date": "2025-10-01",
    }
    data["ethnic_minority"] = data["ethnicity"] != "Kinh"
    await reports.publish(js, f"{MS}.member.registered.v1", data)
    return member_id


def _grade(rng: random.Random, target_type: str, target: str, org: str) -> dict[str, Any]:
    return {
        "classification_id": str(uuid.uuid4()),
        "batch_id": "b",
        "target_type": target_type,
        "target_id": target,
        "subject_org_id": org,
        "org_id": org,
        "year": 2025,
        "grade": rng.choices(GRADES, weights=[2, 5, 3, 1])[0],
        "effective_date": "2026-01-15",
    }


def vi(value: Any) -> str | None:
    """How the printed page writes an API figure (thousands with ".", decimals with ","), written out here."""
    if value is None:
        return None
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value).replace(".", ",")


def _row_numbers(text: str, label: str) -> list[str]:
    """The numbers printed after ``label`` on the table row that names it (rows begin with their number)."""
    lines = [line for line in text.splitlines() if re.match(rf"^\s*\d+\s+{re.escape(label)}(\s|$)", line)]
    assert len(lines) == 1, (label, lines)
    return re.findall(r"(?<!\S)-?\d[\d.,]*(?!\S)", lines[0].split(label, 1)[1])


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / f"{uuid.uuid4()}.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return unicodedata.normalize("NFC", out)


async def _figures(r: Any, org: str, period: str) -> dict[str, Any]:
    return dict(
        (await r.client.get(f"/api/v1/reports/{org}/summary", params={"period": period}, headers=ADMIN)).json()[
            "figures"
        ]
    )


async def _printed(r: Any, org: str, what: str, fmt: str, **params: Any) -> bytes:
    response = await r.client.get(
        f"/api/v1/reports/{org}/{what}/export", params={"format": fmt, **params}, headers=ADMIN
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    return response.content


def _xlsx_rows(body: bytes) -> dict[str, list[Any]]:
    """Each table row of the workbook (a sheet per table) by its label (column B): the cells after it."""
    rows = {}
    for row in (r for sheet in load_workbook(io.BytesIO(body)).worksheets for r in sheet.iter_rows(values_only=True)):
        if isinstance(row[0], int) and isinstance(row[1], str):
            assert row[1] not in rows, row[1]
            rows[row[1]] = list(row[2:])
    return rows


def _number(value: Any) -> Any:
    return None if value is None else float(Decimal(value)) if isinstance(value, str) else value


@needs_poppler
async def test_printed_reports_show_the_api_figures(services: ServiceFactory, reports: Any, tmp_path: Path) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        province, districts = await generated_province(m, r, reports)
        children = {name: await _figures(r, org, "2025") for name, org in districts.items()}
        total = await _figures(r, province, "2025")
        assert total["members_total"] > 30
        assert total["classification_member_total"] == total["members_total"]
        await _check_report(r, province, total, children, tmp_path)
        await _check_classification(r, province, total, children, tmp_path)
        await _check_admissions(r, province, total, children, tmp_path)


async def _check_report(r: Any, province: str, total: dict[str, Any], children: dict[str, Any], tmp: Path) -> None:
    text = _pdf_text(await _printed(r, province, "report", "pdf", period="2025", place="Buôn Ma Thuột"), tmp)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Buôn Ma Thuột, ngày" in text
    assert "T/M BAN THƯỜNG VỤ TỈNH ỦY" in text
    assert "Năm 2025" in text
    keys = [k for _, section in SECTIONS for k in section]
    for key in keys:
        assert _row_numbers(text, LABELS[key]) == [v for v in [vi(total[key])] if v], key
    xlsx = _xlsx_rows(await _printed(r, province, "report", "xlsx", period="2025"))
    for key in keys:
        assert xlsx[LABELS[key]][:1] == [_number(total[key])], key
    child_keys = documents.CHILD_KEYS
    for name, figures in children.items():
        assert _row_numbers(text, name) == [vi(figures[k]) for k in child_keys if figures[k] is not None]
        assert xlsx[name][: len(child_keys)] == [_number(figures[k]) for k in child_keys]


async def _check_classification(r: Any, org: str, total: dict[str, Any], children: dict[str, Any], tmp: Path) -> None:
    text = _pdf_text(await _printed(r, org, "classification", "pdf", year=2025), tmp)
    xlsx = _xlsx_rows(await _printed(r, org, "classification", "xlsx", year=2025))
    grades = dict(documents.GRADES)
    for grade, label in grades.items():
        expected = [total[f"classification_org_{grade}"], total[f"classification_org_{grade}_pct"]]
        expected += [total[f"classification_member_{grade}"], total[f"classification_member_{grade}_pct"]]
        assert _row_numbers(text, label) == [vi(v) for v in expected if v is not None], grade
        assert xlsx[label][:4] == [_number(v) for v in expected], grade
    keys = ["classification_member_total", *(f"classification_member_{g}" for g in grades)]
    for name, figures in children.items():
        assert _row_numbers(text, name) == [vi(figures[k]) for k in keys]
        assert xlsx[name][:5] == [figures[k] for k in keys]
    assert (
        sum(children[n]["classification_member_excellent"] for n in children)
        == total["classification_member_excellent"]
    )


async def _check_admissions(r: Any, org: str, total: dict[str, Any], children: dict[str, Any], tmp: Path) -> None:
    text = _pdf_text(await _printed(r, org, "admissions", "pdf", period="2025", signer="Nguyễn Văn Ngữ"), tmp)
    assert "Nguyễn Văn Ngữ" in text
    xlsx = _xlsx_rows(await _printed(r, org, "admissions", "xlsx", period="2025"))
    for key in documents.ADMISSION_KEYS:
        assert _row_numbers(text, LABELS[key]) == [vi(total[key])], key
        assert xlsx[LABELS[key]][:1] == [total[key]], key
    assert total["admissions"] > 0
    for name, figures in children.items():
        keys = ["candidates_introduced", "admissions", "recognitions", "members_total"]
        assert _row_numbers(text, name) == [vi(figures[k]) for k in keys]


async def test_printed_reports_refuse_as_every_report_does(services: ServiceFactory, reports: Any) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        province = await reports.org(m, "Tỉnh P", "province", None)
        other = await reports.org(m, "Tỉnh Q", "province", None)
        await reports.wait(r, other, "2025", lambda f: True)
        url = f"/api/v1/reports/{province}/report/export"
        outsider = auth(other, "viewer")
        assert (await r.client.get(url, params={"period": "2025", "format": "pdf"})).status_code == 401
        hidden = await r.client.get(url, params={"period": "2025", "format": "pdf"}, headers=outsider)
        assert hidden.status_code == 404
        bad = await r.client.get(url, params={"period": "2025", "format": "docx"}, headers=ADMIN)
        assert (bad.status_code, bad.json()["errors"][0]["loc"]) == (422, ["query", "format"])
        year = await r.client.get(
            f"/api/v1/reports/{province}/classification/export", params={"year": 1800, "format": "pdf"}, headers=ADMIN
        )
        assert year.status_code == 422
        period = await r.client.get(url, params={"period": "2025-13", "format": "pdf"}, headers=ADMIN)
        assert period.status_code == 422
