"""What an import publishes: the same member facts a single registration or profile change publishes.

Read back from the JetStream stream itself (real PostgreSQL + NATS), because consumers see nothing else: an
import once published every member with ``positions: []``, and inspection then judged removal from post on it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select, text

from membership.members.history import MEMBER_CHANGES, MEMBERS, snapshot
from shared.events import REGISTRY, Envelope
from shared.testing.harness import RunningService, ServiceFactory, auth
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
    "positions",
    "admission_date",
    "ceremony_date",
    "recognition_date",
]


def one_member(branch: str, name: str = "Hoàng Văn Thụ") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerow(
        [
            "HR-1975",
            name,
            "male",
            "12/03/1950",
            "001050000001",
            branch,
            "official",
            "secretary;committee_member",
            "02/09/1975",
            "15/09/1975",
            "15/09/1976",
        ]
    )
    return out.getvalue().encode()


async def finished(m: RunningService, location: str) -> dict[str, Any]:
    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await m.client.get(location, headers=ADMIN)).json()
        return job if job["status"] != "running" else None

    return await eventually(done, f"the import job {location} to finish")


async def published(m: RunningService, event_type: str, count: int) -> list[dict[str, Any]]:
    """The payloads of ``event_type`` on the MEMBERSHIP stream, once ``count`` of them have arrived."""
    js = m.runtime.js
    subject = f"{REGISTRY[event_type].spec.subject}.>"  # every province's

    async def arrived() -> list[dict[str, Any]] | None:
        subscription = await js.subscribe(subject, stream="MEMBERSHIP", ordered_consumer=True)
        found: list[dict[str, Any]] = []
        while True:
            try:
                msg = await subscription.next_msg(timeout=0.5)
            except TimeoutError:
                break
            found.append(Envelope.from_bytes(msg.data).data)
        await subscription.unsubscribe()
        return found if len(found) >= count else None

    return await eventually(arrived, f"{count} {event_type} on the stream")


async def test_imported_member_events_carry_the_members_posts_version_and_dates(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM&data_as_of=2025-12-31",
            headers={**ADMIN, **CSV_TYPE},
            content=one_member(t.branch),
        )
        assert r.status_code == 202, r.text
        job = await finished(m, r.headers["location"])
        assert (job["rows_created"], job["data_as_of"]) == (1, "2025-12-31")
        [registered] = await published(m, "vn.party.membership.member.registered.v1", 1)
        assert registered["data_as_of"] == "2025-12-31"
        assert registered["positions"] == ["secretary", "committee_member"]
        assert registered["version"] == 1
        assert (registered["admission_date"], registered["recognition_date"]) == ("1975-09-02", "1976-09-15")
        assert registered["org_id"] == t.branch
        assert registered["status"] == "official"

        renamed = one_member(t.branch, name="Hoàng Văn Thụ (Thái)")
        r = await m.client.post("/api/v1/imports?source_system=HRM", headers={**ADMIN, **CSV_TYPE}, content=renamed)
        assert (await finished(m, r.headers["location"]))["rows_updated"] == 1
        [updated] = await published(m, "vn.party.membership.member.updated.v1", 1)
        assert updated["member_id"] == registered["member_id"]
        assert updated["positions"] == ["secretary", "committee_member"]  # kept, not cleared by the update
        assert updated["version"] == 2
        assert updated["changed_fields"] == ["full_name"]
        assert (updated["admission_date"], updated["recognition_date"]) == ("1975-09-02", "1976-09-15")
        member = (await m.client.get(f"/api/v1/members/{registered['member_id']}", headers=ADMIN)).json()
        assert member["version"] == updated["version"]


async def test_an_imported_member_reads_probationary_from_admission_and_official_from_recognition(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM", headers={**ADMIN, **CSV_TYPE}, content=one_member(t.branch)
        )
        assert (await finished(m, r.headers["location"]))["rows_created"] == 1
        member = (await m.client.get("/api/v1/members?q=hoang van thu", headers=ADMIN)).json()["items"][0]
        url = f"/api/v1/members/{member['id']}"

        async def status_on(day: str) -> str | int:
            read = await m.client.get(f"{url}?as_of={day}", headers=ADMIN)
            return str(read.json()["status"]) if read.status_code == 200 else read.status_code

        assert await status_on("1975-09-01") == 404  # the day before the admission decision
        assert await status_on("1975-09-02") == "probationary"
        assert await status_on("1976-09-14") == "probationary"
        assert await status_on("1976-09-15") == "official"  # the recognition date
        assert await status_on("2000-01-01") == "official"


async def test_a_data_as_of_after_today_in_vietnam_is_refused_and_writes_nothing(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        r = await m.client.post(
            "/api/v1/imports?source_system=HRM&data_as_of=2999-01-01",
            headers={**ADMIN, **CSV_TYPE},
            content=one_member(t.branch),
        )
        assert r.status_code == 422, r.text
        assert r.json()["rule"] == "import.data_as_of_future"
        assert (await m.client.get("/api/v1/members", headers=ADMIN)).json()["items"] == []


async def test_an_import_stores_its_member_history_and_audit_rows_as_a_single_change_stores_them(
    services: ServiceFactory, tree_builder: Any
) -> None:
    """Each row built by ``member_write``: the history snapshot and the audit's after are the member's state, the
    registration's audit ``before`` is JSON null (as every writer's), an update's is the state before it."""
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        for name in ("Hoàng Văn Thụ", "Hoàng Văn Thụ (Thái)"):
            r = await m.client.post(
                "/api/v1/imports?source_system=HRM", headers={**ADMIN, **CSV_TYPE}, content=one_member(t.branch, name)
            )
            await finished(m, r.headers["location"])
        async with m.db.read_session() as session:
            member = (await session.execute(select(MEMBERS).where(MEMBERS.c.external_id == "HR-1975"))).one()
            stored = (
                await session.execute(
                    text(
                        "SELECT jsonb_typeof(positions), positions, flags, categories, search_name, version "
                        "FROM members WHERE id = :id"
                    ),
                    {"id": member.id},
                )
            ).one()
            history = (
                await session.execute(
                    select(MEMBER_CHANGES.c.change, MEMBER_CHANGES.c.snapshot)
                    .where(MEMBER_CHANGES.c.member_id == member.id)
                    .order_by(MEMBER_CHANGES.c.id)
                )
            ).all()
            audits = (
                await session.execute(
                    text(
                        "SELECT action, entity_type, org_id, before IS NULL, jsonb_typeof(before), before, after "
                        "FROM audit_log WHERE entity_id = :id ORDER BY id"
                    ),
                    {"id": member.id},
                )
            ).all()
        assert tuple(stored) == ("array", ["secretary", "committee_member"], {}, {}, "hoang van thu (thai)", 2)
        after = snapshot(member._mapping)
        before = {**after, "full_name": "Hoàng Văn Thụ"}
        assert [tuple(h) for h in history] == [("registered", before), ("updated", after)]
        assert [tuple(a) for a in audits] == [
            ("member.registered", "member", t.branch, False, "null", None, before),
            ("member.updated", "member", t.branch, False, "object", before, after),
        ]
