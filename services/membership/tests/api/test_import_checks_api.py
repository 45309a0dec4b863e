"""An import refuses each row its data cannot prove, keeps every good row, and tells nothing about other subtrees.

Real PostgreSQL + NATS through the HTTP API; the rules' edges are in tests/unit/test_import_checks.py.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import func, select

from shared.schema import audit_log, outbox
from shared.testing.harness import RunningService, ServiceFactory, auth, token
from shared.testing.polling import eventually

ADMIN = auth()
CSV_TYPE = {"Content-Type": "text/csv"}
HEADER = [
    "external_id",
    "full_name",
    "gender",
    "birth_date",
    "national_id",
    "org_id",
    "status",
    "admission_date",
    "ceremony_date",
    "recognition_date",
    "age_exception_decision",
]


def member_row(ext: str, nid: int, org: str, birth: str, status: str, dates: str, exception: str = "") -> list[str]:
    admission, ceremony, recognition = [*dates.split(","), "", ""][:3]
    # Small ids move to 07…: the member factory's session-wide counter gives 000…, whatever ran before this test.
    nid = nid if nid >= 10**6 else 7 * 10**10 + nid
    return [ext, f"Người {ext}", "male", birth, f"{nid:012d}", org, status, admission, ceremony, recognition, exception]


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([HEADER, *rows])
    return out.getvalue().encode()


def file_with_seven_kinds_of_bad_row(branch: str) -> tuple[bytes, set[tuple[int, str, str]]]:
    rows = [
        member_row("G-1", 1, branch, "1980-01-01", "official", "2012-01-10,2012-01-20,2013-01-20"),  # 1
        member_row("G-2", 2, branch, "1950-01-01", "official", "2015-06-01,,2016-06-01", "15-QĐ/TU"),  # 2: over 60
        member_row("G-3", 3, branch, "1995-01-01", "probationary", "2026-01-05,2026-01-15"),  # 3
        member_row("G-4", 4, branch, "1950-03-12", "official", "1975-09-02,,1976-09-15"),  # 4: 1975
        member_row("B-1", 11, branch, "2000-01-01", "official", "2017-06-01,,2018-06-01"),  # 5: aged 17
        member_row("B-2", 12, branch, "1980-01-01", "official", "2999-01-01"),  # 6: future
        member_row("B-3", 13, branch, "1980-01-01", "official", "2012-01-10,,2011-12-31"),  # 7: out of order
        member_row("B-4", 14, branch, "1980-01-01", "official", "2024-01-10,,2024-04-19"),  # 8: 100 days
        member_row("B-5", 15, branch, "1980-01-01", "probationary", "2015-01-10,2015-01-20"),  # 9: stale
        member_row("G-1", 16, branch, "1981-01-01", "official", "2012-01-10,,2013-01-20"),  # 10: dup in file
        member_row("OLD-1", 17, branch, "1980-01-01", "official", "2012-01-10,,2013-01-20"),  # 11: someone else's
        member_row("B-8", 18, "no-such-branch", "1980-01-01", "official", "2012-01-10,,2013-01-20"),  # 12
    ]
    refused = {
        (5, "birth_date", "import.age_at_admission"),
        (6, "admission_date", "import.date_in_future"),
        (7, "recognition_date", "import.dates_out_of_order"),
        (8, "recognition_date", "import.probation_too_short"),
        (9, "status", "import.probation_overdue"),
        (10, "external_id", "import.duplicate_external_id"),
        (11, "external_id", "import.duplicate_external_id"),
        (12, "org_id", "import.org_unknown"),
    }
    return as_csv(rows), refused


async def count(m: Any, table: Any, *where: Any) -> int:
    async with m.db.read_session() as session:
        return int((await session.execute(select(func.count()).select_from(table).where(*where))).scalar_one())


async def finished(m: RunningService, location: str, headers: dict[str, str] = ADMIN) -> dict[str, Any]:
    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await m.client.get(location, headers=headers)).json()
        return job if job["status"] != "running" else None

    return await eventually(done, f"the import job {location} to finish")


async def test_seven_kinds_of_bad_row_are_each_refused_with_row_and_rule_and_every_good_row_is_kept(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        await member_factory(m.client, t.branch, source_system="HRM", external_id="OLD-1")
        body, refused = file_with_seven_kinds_of_bad_row(t.branch)
        url = "/api/v1/imports?source_system=HRM&data_as_of=2026-06-30"
        r = await m.client.post(url, headers={**ADMIN, **CSV_TYPE}, content=body)
        assert r.status_code == 202, r.text
        job = await finished(m, r.headers["location"])
        assert (job["status"], job["rows_created"], job["rows_rejected"]) == ("done", 4, 8), job
        assert {(p["row"], p["column"], p["rule"]) for p in job["report"]} == refused
        assert all(p["message"] and "{" not in p["message"] for p in job["report"])
        kept = (await m.client.get(f"/api/v1/members?under={t.branch}&limit=50", headers=ADMIN)).json()["items"]
        assert sorted(x["external_id"] for x in kept) == ["G-1", "G-2", "G-3", "G-4", "OLD-1"]
        events = await count(m, outbox)

        again = await m.client.post(url, headers={**ADMIN, **CSV_TYPE}, content=body)
        job2 = await finished(m, again.headers["location"])
        assert (job2["rows_created"], job2["rows_updated"], job2["rows_unchanged"], job2["rows_rejected"]) == (
            0,
            0,
            4,
            8,
        )
        assert await count(m, outbox) == events


async def test_ids_of_members_outside_the_callers_subtree_answer_neutrally_and_are_audited_with_the_caller(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        elsewhere = await member_factory(
            m.client, t.other_branch, national_id="009999000001", source_system="HRM", external_id="B-77"
        )
        caller = {"Authorization": f"Bearer {token(t.district, 'integration', subject='hr-son-duong')}"}
        rows = [
            member_row("A-1", 9999000001, t.branch, "1980-01-01", "official", "2012-01-10,,2013-01-20"),
            member_row("B-77", 555, t.branch, "1980-01-01", "official", "2012-01-10,,2013-01-20"),
            member_row("A-2", 556, t.branch, "1980-01-01", "official", "2012-01-10,,2013-01-20"),
        ]
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM&dry_run=true", headers={**caller, **CSV_TYPE}, content=as_csv(rows)
        )
        assert r.status_code == 200, r.text
        report = r.json()["report"]
        assert [(p["row"], p["column"], p["rule"]) for p in report] == [
            (1, "national_id", "member.national_id_unavailable"),
            (2, "external_id", "member.external_id_unavailable"),
        ]
        assert r.json()["rows_created"] == 1
        for leaked in (elsewhere["id"], t.other_branch, "official", "Nguyễn"):
            assert leaked not in r.text
        conflicts = [audit_log.c.action == "import.scope_conflict", audit_log.c.actor == "hr-son-duong"]
        assert await count(m, audit_log, *conflicts) == 2


async def test_more_scope_conflicts_than_the_limit_stop_the_job_and_are_audited(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership", import_max_scope_conflicts=2, import_chunk_rows=2) as m:
        t = await tree_builder(m.client)
        for i in range(4):
            await member_factory(m.client, t.other_branch, national_id=f"{8888000000 + i:012d}")
        caller = {"Authorization": f"Bearer {token(t.district, 'integration', subject='prober')}"}
        probes = [
            member_row(f"P-{i}", 8888000000 + i, t.branch, "1980-01-01", "official", "2012-01-10,,2013-01-20")
            for i in range(4)
        ]
        good = member_row("P-ok", 777, t.branch, "1980-01-01", "official", "2012-01-10,,2013-01-20")
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM", headers={**caller, **CSV_TYPE}, content=as_csv([good, *probes])
        )
        assert r.status_code == 202, r.text
        job = await finished(m, r.headers["location"], auth(t.district, "integration"))
        assert (job["status"], job["error"]) == ("failed", "import.too_many_unavailable"), job
        assert await count(m, audit_log, audit_log.c.action == "import.stopped", audit_log.c.actor == "prober") == 1
        assert await count(m, audit_log, audit_log.c.action == "import.scope_conflict") == 3
        dry = await m.client.post(
            "/api/v1/imports?source_system=HRM&dry_run=true", headers={**caller, **CSV_TYPE}, content=as_csv(probes)
        )
        assert dry.status_code == 422, dry.text
        assert dry.json()["rule"] == "import.too_many_unavailable"
        assert await count(m, audit_log, audit_log.c.action == "import.stopped") == 2


async def test_registering_a_national_id_of_another_subtree_answers_neutrally_and_is_audited(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        elsewhere = await member_factory(m.client, t.other_branch, national_id="009999000002")
        mine = await member_factory(m.client, t.branch, national_id="009999000003")
        caller = {"Authorization": f"Bearer {token(t.district, 'organiser', subject='clerk-son-duong')}"}
        body = {
            "full_name": "Thử Số Căn Cước",
            "gender": "female",
            "birth_date": "1990-01-01",
            "national_id": "009999000002",
            "org_id": t.branch,
            "effective_date": "2020-01-01",
        }
        r = await m.client.post("/api/v1/members", headers=caller, json=body)
        assert r.status_code == 409, r.text
        assert r.json()["rule"] == "member.national_id_unavailable"
        for leaked in (elsewhere["id"], t.other_branch, "official", "Nguyễn"):
            assert leaked not in r.text
        audited = [audit_log.c.action == "member.national_id_unavailable", audit_log.c.actor == "clerk-son-duong"]
        assert await count(m, audit_log, *audited) == 1
        own = await m.client.post("/api/v1/members", headers=caller, json={**body, "national_id": "009999000003"})
        assert (own.status_code, own.json()["rule"]) == (409, "member.national_id_taken")
        patched = await m.client.patch(
            f"/api/v1/members/{mine['id']}",
            headers={**caller, "If-Match": f'"{mine["version"]}"'},
            json={"national_id": "009999000002", "effective_date": "2021-01-01"},
        )
        assert (patched.status_code, patched.json()["rule"]) == (409, "member.national_id_unavailable")
        assert await count(m, audit_log, *audited) == 2


async def test_a_caller_meeting_more_national_ids_of_other_subtrees_than_the_limit_is_stopped(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership", member_unavailable_limit=1) as m:
        t = await tree_builder(m.client)
        for i in range(2):
            await member_factory(m.client, t.other_branch, national_id=f"{9999100000 + i:012d}")
        prober = {"Authorization": f"Bearer {token(t.district, 'organiser', subject='prober')}"}
        body = {
            "full_name": "Dò Số",
            "gender": "male",
            "birth_date": "1990-01-01",
            "org_id": t.branch,
            "effective_date": "2020-01-01",
        }
        for i in range(2):
            r = await m.client.post(
                "/api/v1/members", headers=prober, json={**body, "national_id": f"{9999100000 + i:012d}"}
            )
            assert (r.status_code, r.json()["rule"]) == (409, "member.national_id_unavailable")
        fresh = {**body, "national_id": "009999100099"}
        stopped = await m.client.post("/api/v1/members", headers=prober, json=fresh)
        assert (stopped.status_code, stopped.json()["rule"]) == (403, "member.caller_stopped"), stopped.text
        assert (
            await count(m, audit_log, audit_log.c.action == "member.caller_stopped", audit_log.c.actor == "prober") == 1
        )
        other = {"Authorization": f"Bearer {token(t.district, 'organiser', subject='honest-clerk')}"}
        assert (await m.client.post("/api/v1/members", headers=other, json=fresh)).status_code == 201
