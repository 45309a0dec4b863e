"""A district's past in reports: imported members count from their admission decision and recognition, an
admission counts in its decision's period, a range is one request, and before the data's coverage the figures
are null with a reason, never zeros."""

from __future__ import annotations

import uuid
from typing import Any

from shared.testing.harness import ServiceFactory

M = "vn.party.membership"


def org_created(org_id: str, parent: str | None, kind: str, on: str = "2020-01-01") -> dict[str, Any]:
    return {"org_id": org_id, "parent_id": parent, "kind": kind, "name": f"Org {org_id[:4]}", "effective_date": on}


def registered(org: str, admitted: str, recognised: str | None, *, version: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "member_id": str(uuid.uuid4()),
        "org_id": org,
        "status": "official" if recognised else "probationary",
        "gender": "male",
        "birth_date": "1950-02-01",
        "ethnicity": "Kinh",
        "ethnic_minority": False,
        "admission_date": admitted,
        "recognition_date": recognised,
        "version": version,
        "effective_date": "2026-11-20",
        **extra,
    }


async def tree(reports: Any, js: Any) -> tuple[str, str, str]:
    province, district, branch = (str(uuid.uuid4()) for _ in range(3))
    await reports.publish(js, f"{M}.org.created.v1", org_created(province, None, "province"))
    await reports.publish(js, f"{M}.org.created.v1", org_created(district, province, "district"))
    await reports.publish(js, f"{M}.org.created.v1", org_created(branch, district, "grassroots_branch"))
    return province, district, branch


async def test_an_import_of_2026_counts_members_from_their_admission_and_recognition(
    services: ServiceFactory, reports: Any
) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        province, _, branch = await tree(reports, js)
        await reports.publish(js, f"{M}.member.registered.v1", registered(branch, "1975-04-30", "1976-04-30"))
        await reports.publish(js, f"{M}.member.registered.v1", registered(branch, "1990-03-01", "1991-03-01"))
        await reports.publish(js, f"{M}.member.registered.v1", registered(branch, "2026-05-02", None))
        now = await reports.wait(r, province, "2026", lambda f: f["registrations"] == 3)
        assert (now["members_total"], now["members_official"], now["members_probationary"]) == (3, 2, 1)
        y1975 = (await reports.summary(r, province, "1975"))["figures"]
        assert (y1975["members_total"], y1975["members_probationary"], y1975["admissions"]) == (1, 1, 1)
        y1976 = (await reports.summary(r, province, "1976"))["figures"]
        assert (y1976["members_official"], y1976["members_probationary"], y1976["recognitions"]) == (1, 0, 1)
        span = (await reports.summary(r, province, "1975..1991-H1"))["figures"]
        assert (span["admissions"], span["recognitions"], span["members_total"]) == (2, 2, 2)
        before = await reports.summary(r, province, "1974")
        assert before["figures"]["members_total"] is None
        assert before["figures"]["admissions"] is None
        assert (before["no_data"]["rule"], before["no_data"]["covered_from"]) == ("report.no_data", "1975-04-01")


async def test_a_past_year_changed_after_a_report_was_read_is_read_anew(services: ServiceFactory, reports: Any) -> None:
    """Reports keep the sums of the years before a period's own (``reports/before.py``); an event dated in one of
    those years must show in the next report, at once, in every process."""
    async with services.run("reporting") as r:
        js = r.runtime.js
        province, district, branch = await tree(reports, js)
        await reports.publish(js, f"{M}.member.registered.v1", registered(branch, "1975-04-30", "1976-04-30"))
        first = await reports.wait(r, province, "2026", lambda f: f["registrations"] == 1)
        assert (first["members_total"], first["members_official"]) == (1, 1)
        for org in (branch, district, province):  # every level's sums kept
            assert (await reports.summary(r, org, "2026"))["figures"]["members_total"] == 1
        assert (await reports.summary(r, province, "1975..2026"))["figures"]["admissions"] == 1  # whole years kept
        await reports.publish(js, f"{M}.member.registered.v1", registered(branch, "1980-06-02", "1981-06-02"))
        later = await reports.wait(r, province, "2026", lambda f: f["registrations"] == 2)
        assert (later["members_total"], later["members_official"], later["members_probationary"]) == (2, 2, 0)
        for org in (branch, district):
            assert (await reports.summary(r, org, "2026"))["figures"]["members_total"] == 2
        y1980 = (await reports.summary(r, province, "1980"))["figures"]
        assert (y1980["members_total"], y1980["members_probationary"], y1980["admissions"]) == (2, 1, 1)
        span = (await reports.summary(r, province, "1975..2026"))["figures"]
        assert (span["admissions"], span["recognitions"], span["members_total"]) == (2, 2, 2)


async def test_data_as_of_is_where_an_organisations_data_begins(services: ServiceFactory, reports: Any) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        province, district, branch = await tree(reports, js)
        member = registered(branch, "1980-01-15", "1981-01-15", data_as_of="2020-06-30")
        await reports.publish(js, f"{M}.member.registered.v1", member)
        await reports.wait(r, province, "2026", lambda f: f["members_total"] == 1)
        for org in (branch, district, province):
            early = await reports.summary(r, org, "2019")
            assert early["figures"]["members_total"] is None, org
            assert early["no_data"]["covered_from"] == "2020-06-30"
            late = await reports.summary(r, org, "2020")
            assert (late["no_data"], late["figures"]["members_official"]) == (None, 1)
        series = await r.client.get(
            f"/api/v1/reports/{province}/series",
            params={"from": "2019", "to": "2020", "granularity": "year", "figures": "members_total"},
            headers={"Authorization": f"Bearer {_token()}", "Accept-Language": "vi"},
        )
        points = series.json()["items"]
        assert [p["figures"]["members_total"] for p in points] == [None, 1]
        assert "2020-06-30" in points[0]["no_data"]["message"]


async def test_an_admission_counts_in_the_period_of_its_decision(services: ServiceFactory, reports: Any) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        province, _, branch = await tree(reports, js)
        admitted = registered(branch, "2025-12-29", None, decision_date="2025-12-29", effective_date="2026-01-15")
        admitted.pop("recognition_date")
        await reports.publish(js, f"{M}.member.admitted.v1", admitted)
        await reports.wait(r, province, "2026", lambda f: f["members_probationary"] == 1)
        december = (await reports.summary(r, province, "2025-12"))["figures"]
        january = (await reports.summary(r, province, "2026-01"))["figures"]
        assert (december["admissions"], december["members_probationary"]) == (1, 1)
        assert january["admissions"] == 0


def _token() -> str:
    from shared.testing.harness import token

    return token()
