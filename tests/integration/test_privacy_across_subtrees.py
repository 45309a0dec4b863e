"""Issue 12's privacy promise, probed end to end: district A's integration token learns nothing about province B's
national IDs, external ids or organisations through any route, single or bulk, and every keyed attempt is in the
audit log under the caller (counted by its one limit).

The token tries B's member by id, by list search, by registration (national ID, then the HR system's key), by
PUT by external id (both keys), by import (dry run and real, both keys), by candidate introduction, by SCIM's
``externalId eq`` / ``userName eq`` filters, and reads the change feed and reporting's organisation search and
reports. Every answer is searched for anything of B that the request did not itself send. Real membership and
reporting over real PostgreSQL and NATS."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

import httpx
from sqlalchemy import func, select

from shared.freshness import copy_lag
from shared.schema import audit_log
from shared.testing.harness import RunningService, ServiceFactory, auth, token
from shared.testing.polling import eventually, job_finished

ADMIN = auth()
CALLER = "hr-district-a"
NATIONAL_ID, EXTERNAL_ID = "009988776655", "B-SECRET-1"
B_PERSON = {"full_name": "Giàng Thị Bí Mật", "phone": "0977123456", "address": "Bản Nậm Kè, xã Mường Nhé"}
CSV = {"Content-Type": "text/csv"}


async def org(m: RunningService, name: str, kind: str, parent: str | None) -> str:
    body = {"name": name, "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"}
    response = await m.client.post("/api/v1/orgs", headers=ADMIN, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def chain(m: RunningService, names: list[str]) -> list[str]:
    ids: list[str] = []
    for name, kind in zip(names, ["province", "district", "grassroots_committee", "branch"], strict=True):
        ids.append(await org(m, name, kind, ids[-1] if ids else None))
    return ids


def person(branch: str, national_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "full_name": "Lường Văn Mới",
        "gender": "male",
        "birth_date": "1988-01-01",
        "national_id": national_id,
        "org_id": branch,
        "status": "official",
        "admission_date": "2012-01-10",
        "effective_date": "2020-01-01",
        **extra,
    }


def import_file(branch: str) -> bytes:
    header = "external_id,full_name,gender,birth_date,national_id,org_id,status,admission_date,recognition_date"
    rows = [f"{EXTERNAL_ID},Lường Văn Mới,male,1988-01-01,001188000101,{branch},official,2012-01-10,2013-01-20"]
    rows.append(f"A-IMP-2,Lường Văn Mới,male,1988-01-01,{NATIONAL_ID},{branch},official,2012-01-10,2013-01-20")
    return "\n".join([header, *rows, ""]).encode()


def leaked(answer: httpx.Response, secrets: set[str]) -> set[str]:
    """What of B the answer shows that its request did not send itself (a 404 names the id it was asked for)."""
    sent = unquote_plus(str(answer.request.url)) + answer.request.content.decode()
    return {s for s in secrets if s in answer.text and s not in sent}


async def keyed_attempts(m: RunningService, a_ids: list[str], hr: dict[str, str]) -> list[httpx.Response]:
    """Each route that takes a national ID or an external id, with B's: all must answer the neutral 409 / row.
    Introducing a candidate is not an integration's right (403 before any lookup): an organiser of the same
    district, under the same subject, tries it."""
    c, a_branch = m.client, a_ids[3]
    put = "/api/v1/members/by-external-id/HRM"
    row = {k: v for k, v in person(a_branch, "001188000102").items() if k != "effective_date"}
    answers = [
        await c.post("/api/v1/members", headers=hr, json=person(a_branch, NATIONAL_ID)),
        await c.post(
            "/api/v1/members",
            headers=hr,
            json=person(a_branch, "001188000103", source_system="HRM", external_id=EXTERNAL_ID),
        ),
        await c.put(f"{put}/{EXTERNAL_ID}", headers=hr, json=row),
        await c.put(f"{put}/A-NEW-1", headers=hr, json={**row, "national_id": NATIONAL_ID}),
    ]
    candidate = {
        "org_id": a_branch,
        "full_name": "Lường Văn Mới",
        "gender": "male",
        "birth_date": "1995-01-01",
        "national_id": NATIONAL_ID,
        "introduced_by": "Đoàn Thanh niên",
        "introduced_on": "2026-03-01",
    }
    refused = await c.post("/api/v1/candidates", headers=hr, json=candidate)
    assert (refused.status_code, refused.json()["rule"]) == (403, "auth.role_not_allowed")  # before any lookup
    organiser = {**hr, "Authorization": f"Bearer {token(a_ids[1], 'organiser', subject=CALLER)}"}
    answers.append(await c.post("/api/v1/candidates", headers=organiser, json=candidate))
    assert [a.status_code for a in answers] == [409] * 5, [a.text for a in answers]
    rules = [a.json()["rule"] for a in answers]
    national, external = "member.national_id_unavailable", "member.external_id_unavailable"
    assert rules == [national, external, external, national, national]
    dry = await c.post(
        "/api/v1/imports?source_system=HRM&dry_run=true", headers={**hr, **CSV}, content=import_file(a_branch)
    )
    real = await c.post("/api/v1/imports?source_system=HRM", headers={**hr, **CSV}, content=import_file(a_branch))
    job = await job_finished(m.client, real.headers["location"], hr)
    for report in (dry.json(), job):
        assert [(p["row"], p["column"], p["rule"]) for p in report["report"]] == [
            (1, "external_id", "member.external_id_unavailable"),
            (2, "national_id", "member.national_id_unavailable"),
        ]
        assert (report["rows_created"], report["rows_updated"], report["rows_unchanged"]) == (0, 0, 0)
    job_answer = await c.get(real.headers["location"], headers=hr)
    return [*answers, refused, dry, job_answer]


async def reading_attempts(m: RunningService, b_ids: list[str], b_member: str, hr: dict[str, str]) -> list[Any]:
    """Routes that read: by id, by search, SCIM filters, the change feed. Nothing of B in any of them."""
    c = m.client
    answers = [
        await c.get(f"/api/v1/members/{b_member}", headers=hr),
        await c.get("/api/v1/members", headers=hr, params={"q": NATIONAL_ID}),
        await c.get("/api/v1/members", headers=hr, params={"q": B_PERSON["full_name"]}),
        await c.get("/api/v1/changes", headers=hr, params={"limit": "500"}),
        *[await c.get(f"/api/v1/orgs/{org_id}", headers=hr) for org_id in b_ids],
    ]
    assert answers[0].status_code == 404
    assert [answers[1].json()["items"], answers[2].json()["items"]] == [[], []]
    assert answers[3].status_code == 200, answers[3].text
    assert len(answers[3].json()) >= 3  # the feed works: the district, its commune and branch are in it
    scim = [
        await c.get("/scim/v2/Users", headers=hr, params={"filter": f'{attribute} eq "{value}"'})
        for attribute, value in (("externalId", EXTERNAL_ID), ("userName", f"HRM/{EXTERNAL_ID}"))
    ]
    assert [s.json()["totalResults"] for s in scim] == [0, 0]
    return [*answers, *scim]


async def report_attempts(r: RunningService, b_ids: list[str], hr: dict[str, str]) -> list[Any]:
    answers = [await r.client.get("/api/v1/reports/orgs", headers=hr, params={"q": "Nậm Kè"})]
    assert answers[0].json()["items"] == []
    for org_id in b_ids:
        answers.append(await r.client.get(f"/api/v1/reports/{org_id}/summary?period=2026", headers=hr))
        answers.append(await r.client.get("/api/v1/reports/orgs", headers=hr, params={"parent": org_id}))
        assert [a.status_code for a in answers[-2:]] == [404, 404]
    return answers


async def test_district_as_integration_learns_nothing_of_another_province_and_is_audited(
    services: ServiceFactory,
) -> None:
    async with services.run("membership") as m, services.run("reporting") as r:
        a_ids = await chain(m, ["Tỉnh Tuyên Quang", "Huyện Sơn Dương", "Đảng ủy xã Xuân Lôi", "Chi bộ thôn Đồng Tâm"])
        b_ids = await chain(m, ["Tỉnh Điện Biên", "Huyện Mường Nhé", "Đảng ủy xã Nậm Kè", "Chi bộ bản Nậm Kè"])
        created = await m.client.post(
            "/api/v1/members",
            headers=ADMIN,
            json={
                **person(b_ids[3], NATIONAL_ID, source_system="HRM", external_id=EXTERNAL_ID),
                **B_PERSON,
            },
        )
        assert created.status_code == 201, created.text
        b_member = created.json()["id"]
        await m.outbox_drained()

        async def reporting_caught_up() -> bool:
            lag = await copy_lag(r.runtime, "vn.party.membership.org.created.v1")
            return lag is not None and not lag.behind

        await eventually(reporting_caught_up, "reporting to apply membership's events")
        hr = {"Authorization": f"Bearer {token(a_ids[1], 'integration', subject=CALLER)}", "Accept-Language": "en"}

        answers = [
            *await keyed_attempts(m, a_ids, hr),
            *await reading_attempts(m, b_ids, b_member, hr),
            *await report_attempts(r, b_ids, hr),
        ]
        secrets = {b_member, NATIONAL_ID, EXTERNAL_ID, *b_ids, *B_PERSON.values(), "Điện Biên", "Mường Nhé"}
        for answer in answers:
            assert not leaked(answer, secrets), (str(answer.request.url), answer.text)

        keyed = [audit_log.c.actor == CALLER, audit_log.c.entity_type == "caller"]
        async with m.db.read_session() as session:
            actions = (
                await session.execute(
                    select(audit_log.c.action, func.count()).where(*keyed).group_by(audit_log.c.action)
                )
            ).all()
        # 3 national IDs and 2 external ids one by one, 2 rows in each of two imports, 2 SCIM filters
        assert dict(actions) == {"member.national_id_unavailable": 5, "member.external_id_unavailable": 6}
        untouched = await m.client.get(f"/api/v1/members/{b_member}", headers=ADMIN)
        assert untouched.json()["version"] == created.json()["version"]
