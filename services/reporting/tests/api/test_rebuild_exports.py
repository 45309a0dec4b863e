"""Rebuilding from the streams gives the live figures back; every table exports as CSV and XLSX, with
formula injection neutralised; series, ranking and paging."""

from __future__ import annotations

import io
import uuid
from typing import Any

from openpyxl import load_workbook

from reporting.rebuild import rebuild
from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()
MT = "vn.party.meetings"


async def snapshot(r: Any, orgs: list[str], periods: list[str]) -> dict[tuple[str, str], Any]:
    out = {}
    for org in orgs:
        for period in periods:
            response = await r.client.get(f"/api/v1/reports/{org}/summary", params={"period": period}, headers=ADMIN)
            out[(org, period)] = response.json()["figures"]
    return out


async def test_rebuilt_figures_equal_the_live_ones(services: ServiceFactory, reports: Any) -> None:
    async with services.run("membership") as m:
        async with services.run("reporting") as r:
            province = await reports.org(m, "Tỉnh P", "province", None, on="2024-01-01")
            districts = [await reports.org(m, f"Huyện {i}", "district", province, on="2024-01-01") for i in range(3)]
            communes = [
                await reports.org(m, f"Xã {i}", "grassroots_committee", d, on="2024-01-01")
                for i, d in enumerate(districts)
            ]
            branches = [
                await reports.org(m, f"Chi bộ {i}", "branch", c, on="2024-01-01") for i, c in enumerate(communes)
            ]
            for i, branch in enumerate(branches):
                for j in range(3):
                    await reports.member(
                        m,
                        branch,
                        on=f"2024-0{j + 1}-15",
                        gender=("male", "female")[j % 2],
                        birth=f"{1950 + 10 * i + j}-06-01",
                    )
            await reports.ensure_stream(r.runtime.js, "meetings")
            for i, branch in enumerate(branches):
                await reports.publish(
                    r.runtime.js,
                    f"{MT}.meeting.held.v1",
                    {
                        "org_id": branch,
                        "meeting_id": str(uuid.uuid4()),
                        "kind": "combined",
                        "date": "2025-02-10",
                        "effective_date": "2025-02-10",
                        "started_at": "2025-02-10T19:00:00+07:00",
                        "ended_at": "2025-02-10T21:00:00+07:00",
                        "duration_minutes": 120,
                        "expected": 3,
                        "present": 3 - i % 2,
                        "excused": i % 2,
                        "unexcused": 0,
                    },
                )
            await reports.org_action(
                m, communes[0], "move", {"parent_id": districts[1], "effective_date": "2025-04-01"}
            )
            await reports.org_action(
                m, districts[2], "merge", {"into_id": districts[1], "effective_date": "2025-06-01"}
            )
            await reports.member(m, branches[2], on="2025-07-01")
            imported = {  # a member loaded with its past: counted from 1990 (contract 2)
                "member_id": str(uuid.uuid4()),
                "org_id": branches[0],
                "status": "official",
                "gender": "female",
                "birth_date": "1965-03-01",
                "ethnicity": "Tày",
                "ethnic_minority": True,
                "admission_date": "1990-05-01",
                "recognition_date": "1991-05-01",
                "version": 1,
                "effective_date": "2025-08-01",
            }
            await reports.publish(r.runtime.js, "vn.party.membership.member.registered.v1", imported)
            await reports.wait(r, districts[1], "2025", lambda f: f["members_total"] == 11)
            await reports.settle(r)
            orgs = [province, *districts, *communes, *branches]
            periods = ["1989", "1990", "1991-H1", "1990..2024-06", "2024", "2025", "2025-Q1", "2025-Q2", "2025-05"]
            periods += ["2025-07"]
            live = await snapshot(r, orgs, periods)
            database_url, settings = r.database_url, r.app.state.settings
        report = await rebuild(settings)
        assert report.applied["reporting-membership"] > 0
        assert report.applied["reporting-meetings"] == 3
        assert sum(report.parked.values()) + sum(report.dead_letters.values()) == 0
        async with services.run("reporting", database_url=database_url) as again:
            await reports.settle(again)
            rebuilt = await snapshot(again, orgs, periods)
            differences = {
                (o, p, k): (live[(o, p)][k], rebuilt[(o, p)][k])
                for (o, p) in live
                for k in live[(o, p)]
                if live[(o, p)][k] != rebuilt[(o, p)][k]
            }
            assert differences == {}
        assert live[(districts[1], "2025")]["members_total"] == 11
        assert (
            live[(districts[0], "2024")]["members_total"] == 3
        )  # dated before its branch existed: counted where it is now
        assert live[(province, "1990")]["members_probationary"] == 1
        assert live[(province, "1990..2024-06")]["admissions"] == 1
        assert live[(province, "1989")]["members_total"] is None  # before any of its data: no data, not 0


async def test_tables_export_as_csv_and_xlsx_with_formulas_neutralised(services: ServiceFactory, reports: Any) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        province = await reports.org(m, "Tỉnh P", "province", None)
        district = await reports.org(m, '=HYPERLINK("http://x")', "district", province)
        other = await reports.org(m, "Huyện B", "district", province)
        commune = await reports.org(m, "Xã C", "grassroots_committee", district)
        branch = await reports.org(m, "Chi bộ X", "branch", commune)
        await reports.member(m, branch)
        await reports.wait(r, province, "2025", lambda f: f["members_total"] == 1)
        await reports.settle(r)
        url = f"/api/v1/reports/{province}/breakdown"
        csv = await r.client.get(
            url, params={"period": "2025", "format": "csv", "figures": "members_total"}, headers=ADMIN
        )
        assert csv.headers["content-type"].startswith("text/csv")
        assert csv.headers["last-event-at"]
        lines = csv.content.decode("utf-8-sig").splitlines()
        assert lines[0] == "org_id,name,kind,members_total"
        assert "'=HYPERLINK" in lines[1]
        xlsx = await r.client.get(url, params={"period": "2025", "format": "xlsx"}, headers=ADMIN)
        sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:4] == ("org_id", "name", "kind", "members_total")
        assert rows[1][1].startswith("'=")
        for route, params in (
            ("summary", {"period": "2025"}),
            ("targets", {"period": "2025"}),
            ("ranking", {"period": "2025"}),
            ("series", {"from": "2025-01", "to": "2025-12"}),
        ):
            for fmt in ("csv", "xlsx"):
                response = await r.client.get(
                    f"/api/v1/reports/{province}/{route}", params={**params, "format": fmt}, headers=ADMIN
                )
                assert response.status_code == 200, (route, fmt, response.text)
        ranking = await r.client.get(
            f"/api/v1/reports/{province}/ranking",
            params={"period": "2025", "figure": "members_total", "limit": 1},
            headers=ADMIN,
        )
        first = ranking.json()
        assert [row["org"]["id"] for row in first["items"]] == [district]
        second = await r.client.get(
            f"/api/v1/reports/{province}/ranking",
            headers=ADMIN,
            params={"period": "2025", "figure": "members_total", "limit": 1, "cursor": first["next_cursor"]},
        )
        assert [row["org"]["id"] for row in second.json()["items"]] == [other]
        assert second.json()["next_cursor"] is None
        series = await r.client.get(
            f"/api/v1/reports/{province}/series",
            headers=ADMIN,
            params={"from": "2025-01", "to": "2025-Q2", "granularity": "month", "figures": "members_total"},
        )
        assert [p["figures"]["members_total"] for p in series.json()["items"]] == [0, 1, 1, 1, 1, 1]
        bad = await r.client.get(f"/api/v1/reports/{province}/summary", params={"period": "2025-13"}, headers=ADMIN)
        assert bad.status_code == 422
        assert bad.json()["rule"] == "report.bad_period"
