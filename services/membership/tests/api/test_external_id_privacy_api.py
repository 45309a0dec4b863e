"""An HR system's key (source_system, external_id) held by a member of another subtree is no oracle: a
registration, a PUT by external id and an import row (dry run or real) answer the neutral
``member.external_id_unavailable``, copy nothing of that member, are audited with the caller and count toward the
caller's one limit of keys of other subtrees (national IDs and external ids together)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from shared.schema import audit_log
from shared.testing.harness import RunningService, ServiceFactory, auth, token

ADMIN = auth()
CSV_TYPE = {"Content-Type": "text/csv"}
RULE = "member.external_id_unavailable"


def person(branch: str, national_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "full_name": "Hà Thị Dò",
        "gender": "female",
        "birth_date": "1990-01-01",
        "national_id": national_id,
        "org_id": branch,
        "effective_date": "2020-01-01",
        **extra,
    }


def import_file(branch: str, external_id: str, national_id: str) -> bytes:
    header = "external_id,full_name,gender,birth_date,national_id,org_id,status,admission_date,recognition_date"
    row = f"{external_id},Hà Thị Dò,female,1990-01-01,{national_id},{branch},official,2015-01-10,2016-01-20"
    return f"{header}\n{row}\n".encode()


async def audited(m: RunningService, actor: str, action: str = RULE) -> int:
    where = [audit_log.c.action == action, audit_log.c.entity_type == "caller", audit_log.c.actor == actor]
    async with m.db.read_session() as session:
        return int((await session.execute(select(func.count()).select_from(audit_log).where(*where))).scalar_one())


def leaks(answer: str, other: dict[str, Any]) -> set[str]:
    """What of the other subtree's member an answer shows: its id, branch, name, national ID, status."""
    return {
        v for v in (other["id"], other["org_id"], other["full_name"], other["national_id"], "official") if v in answer
    }


async def test_every_write_path_meets_another_subtrees_external_id_neutrally_and_audited(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, import_finished: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        theirs = await member_factory(m.client, t.other_branch, source_system="HRM", external_id="B-1")
        mine = await member_factory(m.client, t.branch2, source_system="HRM", external_id="A-1")
        hr = {"Authorization": f"Bearer {token(t.district, 'integration', subject='hr-a')}"}

        registered = await m.client.post(
            "/api/v1/members",
            headers=hr,
            json=person(t.branch, "007700000001", source_system="HRM", external_id="B-1"),
        )
        put = await m.client.put(
            "/api/v1/members/by-external-id/HRM/B-1",
            headers=hr,
            json={k: v for k, v in person(t.branch, "007700000002").items() if k != "effective_date"}
            | {"status": "official", "admission_date": "2015-01-10", "recognition_date": "2016-01-20"},
        )
        for answer in (registered, put):
            assert (answer.status_code, answer.json()["rule"]) == (409, RULE), answer.text
            assert answer.json()["errors"][0]["loc"][-1] == "external_id"
            assert not leaks(answer.text, theirs)
        assert registered.json()["detail"] == put.json()["detail"]  # one answer whichever route asked

        for dry in ("true", "false"):
            r = await m.client.post(
                f"/api/v1/imports?source_system=HRM&dry_run={dry}",
                headers={**hr, **CSV_TYPE},
                content=import_file(t.branch, "B-1", "007700000003"),
            )
            location = r.headers.get("location")
            job = r.json() if location is None else await import_finished(m, location, hr)
            assert [(p["row"], p["column"], p["rule"]) for p in job["report"]] == [(1, "external_id", RULE)], job
            assert (job["rows_created"], job["rows_updated"], job["rows_unchanged"]) == (0, 0, 0)
            assert not leaks(str(job), theirs)
        assert await audited(m, "hr-a") == 4  # registration, PUT, dry run, real import

        # Inside the caller's own subtree the precise answer stays, and it is not counted as a probe.
        own = await m.client.post(
            "/api/v1/members", headers=hr, json=person(t.branch, "007700000004", source_system="HRM", external_id="A-1")
        )
        assert (own.status_code, own.json()["rule"]) == (409, "member.external_id_taken")
        assert mine["id"] not in own.text  # the rule, not the record
        assert await audited(m, "hr-a") == 4
        untouched = await m.client.get(f"/api/v1/members/{theirs['id']}", headers=ADMIN)
        assert untouched.json()["version"] == theirs["version"]


async def test_external_ids_and_national_ids_of_other_subtrees_share_one_limit_per_caller(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership", member_unavailable_limit=2) as m:
        t = await tree_builder(m.client)
        theirs = await member_factory(m.client, t.other_branch, source_system="HRM", external_id="B-9")
        prober = {"Authorization": f"Bearer {token(t.district, 'integration', subject='prober')}"}
        by_national_id = await m.client.post(
            "/api/v1/members", headers=prober, json=person(t.branch, theirs["national_id"])
        )
        assert by_national_id.json()["rule"] == "member.national_id_unavailable"
        by_external_id = await m.client.post(
            "/api/v1/members",
            headers=prober,
            json=person(t.branch, "007700000011", source_system="HRM", external_id="B-9"),
        )
        assert by_external_id.json()["rule"] == RULE
        by_file = await m.client.post(
            "/api/v1/imports?source_system=HRM&dry_run=true",
            headers={**prober, **CSV_TYPE},
            content=import_file(t.branch, "B-9", "007700000012"),
        )
        assert by_file.json()["report"][0]["rule"] == RULE  # the third key of another subtree: past the limit

        fresh = person(t.branch, "007700000013", source_system="HRM", external_id="A-new")
        for stopped in (
            await m.client.post("/api/v1/members", headers=prober, json=fresh),
            await m.client.post(
                "/api/v1/imports?source_system=HRM&dry_run=true",
                headers={**prober, **CSV_TYPE},
                content=import_file(t.branch, "A-new", "007700000013"),
            ),
        ):
            assert (stopped.status_code, stopped.json()["rule"]) == (403, "member.caller_stopped"), stopped.text
        assert await audited(m, "prober", "member.caller_stopped") == 2
        honest = {"Authorization": f"Bearer {token(t.district, 'integration', subject='honest')}"}
        assert (await m.client.post("/api/v1/members", headers=honest, json=fresh)).status_code == 201
