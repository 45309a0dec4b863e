"""What membership actually publishes to JetStream matches the payload schemas of its registered event models."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

import membership.events  # noqa: F401  (registers the payload models)
from shared.events import REGISTRY, Envelope
from shared.testing.harness import ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()


async def exercise(m: Any, t: Any, member_factory: Any) -> None:
    """Drive one of nearly every command so that nearly every event type is published at least once."""
    c = m.client
    a = await member_factory(c, t.branch, name="Nguyễn Văn An")
    b = await member_factory(c, t.branch, name="Phạm Văn Bình")
    p = await member_factory(c, t.branch, status="probationary", ceremony_date="2025-01-10")
    steps = [
        (f"/api/v1/members/{p['id']}/recognise", {"vote_date": "2026-01-12"}),
        (f"/api/v1/members/{p['id']}/exempt", {"effective_date": "2026-02-01"}),
        (f"/api/v1/members/{p['id']}/end-exemption", {"effective_date": "2026-03-01"}),
        (
            f"/api/v1/members/{p['id']}/transfer-out",
            {"effective_date": "2026-03-02", "transfer_kind": "permanent", "to_org_id": t.branch2},
        ),
        (f"/api/v1/members/{p['id']}/transfer-in", {"org_id": t.branch2, "presented_on": "2026-03-10"}),
        (
            f"/api/v1/members/{p['id']}/transfer-out",
            {
                "effective_date": "2026-03-11",
                "transfer_kind": "temporary",
                "to_org_id": t.branch,
                "ends_on": "2026-07-01",
            },
        ),
        (f"/api/v1/members/{p['id']}/host-accept", {"org_id": t.branch, "accepted_on": "2026-03-12"}),
        (f"/api/v1/members/{p['id']}/return", {"effective_date": "2026-03-20"}),
        (
            f"/api/v1/members/{p['id']}/remove",
            {"effective_date": "2026-04-01", "reason": "dues_3_months", "months_in_year": 3},
        ),
        (f"/api/v1/members/{b['id']}/resign", {"effective_date": "2026-04-02"}),
        (f"/api/v1/members/{a['id']}/die", {"effective_date": "2026-04-03"}),
        (f"/api/v1/orgs/{t.commune}/unit-type", {"unit_type": "commune", "effective_date": "2026-04-04"}),
    ]
    for url, body in steps:
        r = await c.post(url, headers=ADMIN, json=body)
        assert r.status_code == 200, (url, r.text)
    e = await member_factory(c, t.branch, name="Đinh Văn E")
    f = await member_factory(c, t.branch, name="Đinh Văn F")
    cand = (
        await c.post(
            "/api/v1/candidates",
            headers=ADMIN,
            json={
                "org_id": t.branch,
                "full_name": "Hoàng Thị Mai",
                "gender": "female",
                "birth_date": "2000-06-15",
                "national_id": "001200000001",
                "introduced_by": "Đoàn TN",
                "introduced_on": "2025-03-01",
            },
        )
    ).json()
    base = f"/api/v1/candidates/{cand['id']}"
    for path, body in [
        ("class-completed", {"certificate_date": "2025-04-10"}),
        (
            "introducers",
            {
                "assigned_on": "2025-06-01",
                "introducers": [
                    {"member_id": e["id"], "worked_together_since": "2020-01-01"},
                    {"member_id": f["id"], "worked_together_since": "2020-01-01"},
                ],
            },
        ),
        ("progress-notes", {"noted_on": "2025-07-01", "period": "2025-06", "text": "Tốt"}),
        # a and b resigned and died in April: on 5 Jan the branch had four official members
        ("branch-vote", {"vote_date": "2026-01-05", "votes_for": 3, "votes_against": 0}),
        ("committee-review", {"review_date": "2026-01-12", "votes_for": 7, "committee_members": 9}),
        ("decision", {"decision_number": "1-QĐ", "decision_date": "2026-01-20", "decision_org": "Đảng ủy xã"}),
        ("ceremony", {"ceremony_date": "2026-02-02"}),
    ]:
        r = await c.post(f"{base}/{path}", headers=ADMIN, json=body)
        assert r.status_code in (200, 201), (path, r.text)
    other = (
        await c.post(
            "/api/v1/candidates",
            headers=ADMIN,
            json={
                "org_id": t.branch,
                "full_name": "Lê Văn Rút",
                "gender": "male",
                "birth_date": "2001-06-15",
                "national_id": "001200000002",
                "introduced_by": "Hội Nông dân",
                "introduced_on": "2025-03-01",
            },
        )
    ).json()
    await c.post(
        f"/api/v1/candidates/{other['id']}/withdraw",
        headers=ADMIN,
        json={"effective_date": "2025-05-01", "reason": "Chuyển nơi ở"},
    )
    profile = await c.patch(
        f"/api/v1/members/{e['id']}",
        headers={**ADMIN, "If-Match": '"1"'},
        json={"positions": ["secretary"], "effective_date": "2026-01-01"},
    )
    assert profile.status_code == 200, profile.text
    record = await c.put(
        f"/api/v1/members/{e['id']}/record", headers={**ADMIN, "If-Match": '"0"'}, json={"occupation": "Nông dân"}
    )
    assert record.status_code == 200, record.text
    await c.put("/api/v1/holidays/2026-11-25", headers=ADMIN, json={"name": "Nghỉ bù"})
    await c.delete("/api/v1/holidays/2026-11-25", headers=ADMIN)
    await c.put(f"/api/v1/targets/{t.commune}/2026", headers=ADMIN, json={"target": 10})
    runner = m.runtime.runners
    data = {
        "org_id": t.branch,
        "measure": "expulsion",
        "decision_number": "9",
        "decision_date": "2026-05-01",
        "issuing_org_id": t.district,
        "violation_date": "2026-01-01",
        "effective_date": "2026-05-01",
    }
    await runner["membership-inspection"].apply_batch(
        [
            Envelope(
                source="/grassroots/inspection",
                type="vn.party.inspection.discipline.imposed.v1",
                subject="d/1",
                data={
                    **data,
                    "discipline_id": "d1",
                    "target_type": "member",
                    "target_id": f["id"],
                    "member_id": f["id"],
                },
            )
        ]
    )
    await runner["membership-inspection"].apply_batch(
        [
            Envelope(
                source="/grassroots/inspection",
                type="vn.party.inspection.appeal.decided.v1",
                subject="a/1",
                data={
                    "appeal_id": "a1",
                    "discipline_id": "d1",
                    "outcome": "annulled",
                    "original_measure": "expulsion",
                    "target_type": "member",
                    "target_id": f["id"],
                    "member_id": f["id"],
                    "org_id": t.branch,
                    "decision_date": "2026-06-01",
                    "effective_date": "2026-06-01",
                },
            )
        ]
    )
    g = await member_factory(c, t.branch, name="Đinh Văn G", admission_date="1990-01-01")
    awarded = await c.post(f"/api/v1/members/{g['id']}/badges", headers=ADMIN, json={"award_date": "2026-09-02"})
    assert awarded.status_code == 201, awarded.text
    dues = {"member_id": g["id"], "month": "2026-03", "category": "student", "amount_paid": 5000}
    paid = await c.post(
        "/api/v1/dues/payments", headers=ADMIN, json={**dues, "paid_on": "2026-03-05", "receipt_number": "1"}
    )
    assert paid.status_code == 201, paid.text
    remitted = {"org_id": t.branch, "month": "2026-03", "remitted_on": "2026-03-30"}
    assert (await c.post("/api/v1/dues/remittances", headers=ADMIN, json=remitted)).status_code == 201
    await runner["membership-meetings"].apply_batch(
        [
            Envelope(
                source="/grassroots/meetings",
                type="vn.party.meetings.member.absence_threshold_reached.v1",
                subject="m/1",
                data={
                    "member_id": e["id"],
                    "org_id": t.branch,
                    "rule": "consecutive_absences",
                    "count": 4,
                    "year": 2026,
                    "first_date": "2026-01-01",
                    "last_date": "2026-04-01",
                    "effective_date": "2026-04-01",
                },
            )
        ]
    )


async def read_stream(js: Any, expected: int) -> list[Any]:

    async def arrived() -> Any:
        info = await js.stream_info("MEMBERSHIP")
        return info if info.state.messages >= expected else None

    info = await eventually(arrived, f"{expected} events on the stream")
    subscription = await js.pull_subscribe("grassroots.membership.>", stream="MEMBERSHIP")
    messages: list[Any] = []
    while len(messages) < info.state.messages:
        messages += await subscription.fetch(info.state.messages - len(messages), timeout=5)
    return messages


async def test_every_published_event_validates_against_its_registered_schema(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        await exercise(m, t, member_factory)
        async with m.db.read_session() as session:
            from sqlalchemy import func, select

            from shared.schema import outbox

            stored = int((await session.execute(select(func.count()).select_from(outbox))).scalar_one())
        messages = await read_stream(m.runtime.js, stored)
        assert len(messages) == stored
        seen: set[str] = set()
        versions: dict[str, list[int]] = {}
        for msg in messages:
            envelope = Envelope.from_bytes(msg.data)
            if "status" in envelope.data and "member_id" in envelope.data:  # the member facts of contract 2
                versions.setdefault(envelope.data["member_id"], []).append(envelope.data["version"])
            assert envelope.type in REGISTRY, envelope.type
            assert msg.subject == envelope.nats_subject
            assert msg.headers["Nats-Msg-Id"] == envelope.id
            assert envelope.specversion == "1.0"
            assert envelope.source == "/grassroots/membership"
            schema = REGISTRY[envelope.type].model_json_schema()
            errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(envelope.data))
            assert errors == [], (envelope.type, [e.message for e in errors])
            assert "national_id" not in envelope.data
            assert "phone" not in envelope.data
            seen.add(envelope.type)
        await assert_versions_follow_the_rows(m, versions)
        membership_types = {k for k in REGISTRY if k.startswith("vn.party.membership.")}
        not_exercised = membership_types - seen
        assert not_exercised <= {
            "vn.party.membership.org.renamed.v1",
            "vn.party.membership.org.moved.v1",
            "vn.party.membership.org.merged.v1",
            "vn.party.membership.org.dissolved.v1",
            "vn.party.membership.org.restored.v1",
        }, not_exercised


async def assert_versions_follow_the_rows(m: Any, versions: dict[str, list[int]]) -> None:
    """Each member's events carry the row's version from 1, rising with every change, never past the stored one
    (a flag set or cleared changes the row without a member-facts event)."""
    from sqlalchemy import select

    from membership.members.models import Member

    async with m.db.read_session() as session:
        stored = dict((await session.execute(select(Member.id, Member.version))).all())
    assert versions
    assert set(versions) <= set(stored)
    assert any(len(seen) > 2 for seen in versions.values())
    for member_id, seen in versions.items():
        assert seen[0] == 1, (member_id, seen)
        assert seen == sorted(set(seen)), (member_id, seen)
        assert seen[-1] <= stored[member_id], (member_id, seen, stored[member_id])
