"""A generated city imported through the public API with its members' whole history (admissions 1960–2026, most
recognised after their probation, the newest still probationary): reporting's summaries of 2000, 2010, 2020 and
2026 equal a count made by hand from the file, and importing the file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

from grassroots_cli.stack import Stack
from shared.auth import mint_token
from shared.calendar import add_months, today_in_vietnam
from shared.testing.polling import eventually
from tests.e2e.conftest import client

YEARS = (2000, 2010, 2020, 2026)


@dataclass(frozen=True)
class Row:
    external_id: str
    branch: str
    birth: date
    admitted: date
    ceremony: date
    recognised: date | None


def generate(branches: list[str], count: int, today: date) -> list[Row]:
    """Deterministic members: admitted 1960 to ten months ago, aged 18–59 at admission, recognised 12 months after
    the ceremony unless the probation has not ended yet."""
    rng = random.Random(1975)
    first, last = date(1960, 1, 1), add_months(today, -10)
    rows = []
    for n in range(count):
        admitted = first + timedelta(days=rng.randrange((last - first).days))
        ceremony = admitted + timedelta(days=rng.randrange(5, 25))
        recognition = add_months(ceremony, 12) + timedelta(days=rng.randrange(0, 20))
        birth = admitted - timedelta(days=rng.randrange(18 * 366, 59 * 365))
        recognised = recognition if recognition <= today else None
        rows.append(Row(f"HCM-{n:05d}", branches[n % len(branches)], birth, admitted, ceremony, recognised))
    return rows


def as_csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    columns = ["external_id", "full_name", "gender", "birth_date", "national_id", "org_id", "status"]
    writer = csv.writer(out)
    writer.writerow([*columns, "admission_date", "ceremony_date", "recognition_date"])
    for n, r in enumerate(rows):
        writer.writerow(
            [
                r.external_id,
                f"Đảng viên {n:05d}",
                "male" if n % 2 else "female",
                r.birth.isoformat(),
                f"0790{n:08d}",
                r.branch,
                "official" if r.recognised else "probationary",
                r.admitted.isoformat(),
                r.ceremony.isoformat(),
                r.recognised.isoformat() if r.recognised else "",
            ]
        )
    return out.getvalue().encode()


def hand_count(rows: list[Row], year: int, today: date) -> dict[str, int]:
    end = min(date(year, 12, 31), today)
    total = sum(1 for r in rows if r.admitted <= end)
    official = sum(1 for r in rows if r.recognised is not None and r.recognised <= end)
    return {"members_total": total, "members_official": official, "members_probationary": total - official}


async def test_a_city_imported_with_decades_of_history_reports_each_year_as_counted_from_the_file(
    stack: Stack,
) -> None:
    headers = {"Authorization": f"Bearer {mint_token(stack.jwt_secret, subject='e2e', org='*', roles=['admin'])}"}
    async with client(stack, "membership", headers) as membership, client(stack, "reporting", headers) as reporting:

        async def org(name: str, kind: str, parent: str | None) -> str:
            body = {"name": name, "kind": kind, "parent_id": parent, "effective_date": "1955-01-01"}
            response = await membership.post("/api/v1/orgs", json=body)
            assert response.status_code == 201, response.text
            return str(response.json()["id"])

        city = await org("Thành ủy Hồ Chí Minh", "province", None)
        ward = await org("Đảng ủy phường Bến Nghé", "grassroots_committee", city)
        branches = [await org(f"Chi bộ khu phố {n}", "branch", ward) for n in range(1, 6)]
        today = today_in_vietnam()
        rows = generate(branches, 600, today)
        assert any(r.recognised is None for r in rows)
        assert any(r.admitted.year < 1970 for r in rows)
        body = as_csv(rows)

        first = await _import(membership, body)
        assert (first["status"], first["rows_created"], first["rows_rejected"]) == ("done", len(rows), 0), first[
            "report"
        ][:3]

        async def summaries() -> dict[int, dict[str, Any]] | None:
            found = {}
            for year in YEARS:
                response = await reporting.get(f"/api/v1/reports/{city}/summary", params={"period": str(year)})
                assert response.status_code < 500, response.text
                if response.status_code != 200:
                    return None
                found[year] = response.json()["figures"]
            # Reporting is eventually consistent: wait until every year has converged on the hand count (a
            # summary of 2026 may be complete while 2000's dated history is still being applied).
            done = all(
                {k: found[y][k] for k in hand_count(rows, y, today)} == hand_count(rows, y, today) for y in YEARS
            )
            return found if done else None

        shown = await eventually(summaries, "the summaries of every decade", timeout=90, interval=0.5)
        for year in YEARS:
            expected = hand_count(rows, year, today)
            assert {k: shown[year][k] for k in expected} == expected, year

        again = await _import(membership, body)
        assert (again["rows_created"], again["rows_updated"], again["rows_unchanged"]) == (0, 0, len(rows))
        assert await summaries() == shown


async def _import(membership: httpx.AsyncClient, body: bytes) -> dict[str, Any]:
    response = await membership.post(
        "/api/v1/imports", params={"source_system": "HRM-HCM"}, content=body, headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 202, response.text

    async def finished() -> dict[str, Any] | None:
        job = (await membership.get(response.headers["location"])).json()
        return dict(job) if job["status"] not in ("queued", "running") else None

    return await eventually(finished, "the import job to finish", timeout=120, interval=0.3)
