"""The member record through the API: replaced under If-Match with history, audit and a content-free event;
masked for viewers; refused outside the subtree; yearly supplements and the party card in sequence; scanned
documents stored content-addressed with size and type limits; the record travels with a permanent transfer."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from shared.schema import audit_log
from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
RECORD = {
    "education": {"general": "12/12", "professional": "Kỹ sư nông nghiệp", "political_theory": "intermediate"},
    "occupation": "Cán bộ xã",
    "religion": "Phật giáo",
    "family": [{"relation": "mẹ", "full_name": "Lê Thị Hoa", "birth_year": 1955, "occupation": "Làm ruộng"}],
    "work_history": [{"from_date": "2005-09-01", "to_date": None, "place": "UBND xã Xuân Lôi", "position": "Kế toán"}],
    "awards": [{"decided_on": "2020-05-19", "form": "Giấy khen", "decided_by": "Huyện ủy Sơn Dương"}],
    "discipline": [{"decided_on": "2018-03-01", "form": "Khiển trách", "decided_by": "Chi bộ"}],
}


def record_path(member_id: str, tail: str = "") -> str:
    return f"/api/v1/members/{member_id}/record{tail}"


async def test_a_record_is_replaced_under_if_match_with_history_audit_and_an_event_naming_only_sections(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, stream_events: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        path = record_path(member["id"])
        empty = await m.client.get(path, headers=ADMIN)
        assert (empty.status_code, empty.headers["ETag"], empty.json()["family"]) == (200, '"0"', [])

        assert (await m.client.put(path, headers=ADMIN, json=RECORD)).status_code == 428
        put = await m.client.put(path, headers={**ADMIN, "If-Match": '"0"'}, json=RECORD)
        assert (put.status_code, put.headers["ETag"]) == (200, '"1"'), put.text
        assert put.json()["family"][0]["full_name"] == "Lê Thị Hoa"
        stale = await m.client.put(path, headers={**ADMIN, "If-Match": '"0"'}, json={**RECORD, "religion": None})
        assert stale.status_code == 412
        same = await m.client.put(path, headers={**ADMIN, "If-Match": '"1"'}, json=RECORD)
        assert (same.status_code, same.headers["ETag"]) == (200, '"1"')  # nothing changed, nothing written

        events = await stream_events(m, "member.record_updated")
        assert [e["sections"] for e in events] == [
            ["awards", "discipline", "education", "family", "occupation", "religion", "work_history"]
        ]
        published = json.dumps(events, ensure_ascii=False)
        assert "Lê Thị Hoa" not in published
        assert "Phật giáo" not in published
        history = (await m.client.get(f"/api/v1/members/{member['id']}/history", headers=ADMIN)).json()
        assert [h["change"] for h in history][-1] == "record_updated"
        assert "Lê Thị Hoa" not in json.dumps(history, ensure_ascii=False)
        async with m.db.read_session() as session:
            actions = (
                await session.execute(select(audit_log.c.action).where(audit_log.c.entity_id == member["id"]))
            ).scalars()
            assert list(actions).count("member.record_updated") == 1
            content = (
                await session.execute(
                    select(audit_log.c.before, audit_log.c.after).where(
                        audit_log.c.entity_type == "member_record", audit_log.c.entity_id == member["id"]
                    )
                )
            ).one()
        assert content.before["family"] == []
        assert content.after["family"] == RECORD["family"]


async def test_viewers_see_the_record_masked_and_other_subtrees_cannot_reach_it(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        path = record_path(member["id"])
        assert (await m.client.put(path, headers={**ADMIN, "If-Match": '"0"'}, json=RECORD)).status_code == 200

        viewer = await m.client.get(path, headers=auth(t.district, "viewer"))
        assert viewer.status_code == 200
        body = viewer.json()
        assert (body["religion"], body["family"], body["discipline"]) == (None, [], [])
        assert body["masked"] == ["religion", "religion_group", "family", "discipline"]
        assert body["occupation"] == "Cán bộ xã"  # not a masked section
        organiser = (await m.client.get(path, headers=auth(t.district, "organiser"))).json()
        assert (organiser["religion"], organiser["masked"]) == ("Phật giáo", [])
        secretary = auth(t.branch, "secretary")
        assert (await m.client.put(path, headers={**secretary, "If-Match": '"1"'}, json=RECORD)).status_code == 403

        outsider = auth(t.other_province, "admin")
        assert (await m.client.get(path, headers=outsider)).status_code == 404
        refused = await m.client.put(path, headers={**outsider, "If-Match": '"1"'}, json={**RECORD, "religion": None})
        assert refused.status_code == 404
        supplement = {"year": 2025, "supplement_date": "2025-12-10", "content": "Con trai nhập ngũ"}
        assert (await m.client.post(path + "/supplements", headers=outsider, json=supplement)).status_code == 404
        assert (await m.client.get(path, headers=ADMIN)).json()["religion"] == "Phật giáo"


async def test_supplements_once_a_year_and_the_party_card_issued_lost_and_reissued_in_order(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        path = record_path(member["id"])
        supplement = {"year": 2025, "supplement_date": "2025-12-10", "content": "Con trai nhập ngũ"}
        assert (await m.client.post(path + "/supplements", headers=ADMIN, json=supplement)).status_code == 201
        again = await m.client.post(path + "/supplements", headers=ADMIN, json=supplement)
        assert (again.status_code, again.json()["rule"]) == (409, "record.supplement_exists")
        early = {**supplement, "year": 2026, "supplement_date": "2025-12-31"}
        early_answer = await m.client.post(path + "/supplements", headers=ADMIN, json=early)
        assert early_answer.json()["rule"] == "record.supplement_before_year"
        listed = await m.client.get(path + "/supplements", headers=auth(t.district, "viewer"))
        assert [(s["year"], s["content"]) for s in listed.json()] == [(2025, None)]

        async def card(kind: str, on: str, number: str | None = "012345") -> Any:
            body = {"kind": kind, "event_date": on, "card_number": number}
            return await m.client.post(path + "/card-events", headers=ADMIN, json=body)

        assert (await card("lost", "2011-01-01")).json()["rule"] == "record.card_sequence"
        assert (await card("issued", "2011-03-03", None)).json()["rule"] == "record.card_number_required"
        assert (await card("issued", "2011-03-03")).status_code == 201
        assert (await card("issued", "2012-03-03")).json()["rule"] == "record.card_sequence"
        assert (await card("lost", "2010-01-01", None)).json()["rule"] == "record.card_before_last"
        assert (await card("lost", "2019-06-01", None)).status_code == 201
        assert (await card("reissued", "2019-09-02", "067890")).status_code == 201
        record = (await m.client.get(path, headers=ADMIN)).json()
        assert [(c["kind"], c["card_number"]) for c in record["card_events"]] == [
            ("issued", "012345"),
            ("lost", None),
            ("reissued", "067890"),
        ]
        history = (await m.client.get(f"/api/v1/members/{member['id']}/history", headers=ADMIN)).json()
        assert [(h["effective_date"], h["note"]) for h in history if h["change"] == "record_updated"] == [
            ("2011-03-03", "Hồ sơ đảng viên: card"),
            ("2019-06-01", "Hồ sơ đảng viên: card"),
            ("2019-09-02", "Hồ sơ đảng viên: card"),
            ("2025-12-10", "Hồ sơ đảng viên: supplements"),
        ]


async def test_scans_are_stored_by_content_within_the_size_and_type_limits(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, tmp_path: Path
) -> None:
    store = tmp_path / "scans"
    async with services.run("membership", record_attachment_dir=str(store), record_attachment_max_bytes=4096) as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        uploads = record_path(member["id"], "/attachments")

        def send(body: bytes, content_type: str, headers: dict[str, str] = ADMIN) -> Any:
            return m.client.post(
                uploads + "?title=Lý lịch", headers={**headers, "Content-Type": content_type}, content=body
            )

        sha = hashlib.sha256(PDF).hexdigest()
        first = await send(PDF, "application/pdf")
        assert (first.status_code, first.json()["sha256"], first.json()["size_bytes"]) == (201, sha, len(PDF))
        assert (store / sha[:2] / sha).read_bytes() == PDF
        second = await send(PDF, "application/pdf")
        assert (second.status_code, second.json()["id"]) == (200, first.json()["id"])

        too_large = await send(b"%PDF-" + b"0" * 5000, "application/pdf")
        assert (too_large.status_code, too_large.json()["rule"]) == (413, "record.attachment_too_large")
        text = await send(b"hello", "text/plain")
        assert (text.status_code, text.json()["rule"]) == (415, "record.attachment_type")
        disguised = await send(PDF, "image/png")
        assert (disguised.status_code, disguised.json()["rule"]) == (415, "record.attachment_content")
        assert (await send(PDF, "application/pdf", auth(t.other_province, "admin"))).status_code == 404
        assert list((store / "incoming").iterdir()) == []  # refused uploads leave nothing behind

        listed = (await m.client.get(record_path(member["id"]), headers=ADMIN)).json()["attachments"]
        assert [(a["sha256"], a["title"]) for a in listed] == [(sha, "Lý lịch")]
        download = record_path(member["id"], f"/attachments/{first.json()['id']}")
        got = await m.client.get(download, headers=auth(t.district, "organiser"))
        assert (got.status_code, got.content, got.headers["content-type"]) == (200, PDF, "application/pdf")
        assert (await m.client.get(download, headers=auth(t.district, "viewer"))).status_code == 403
        assert (await m.client.get(download, headers=auth(t.other_province, "admin"))).status_code == 404
        (store / sha[:2] / sha).unlink()  # a volume restored without the file
        assert (await m.client.get(download, headers=ADMIN)).status_code == 404


async def test_the_record_travels_with_a_permanent_transfer_and_leaves_the_sending_subtree(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, tmp_path: Path
) -> None:
    async with services.run("membership", record_attachment_dir=str(tmp_path)) as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        path = record_path(member["id"])
        assert (await m.client.put(path, headers={**ADMIN, "If-Match": '"0"'}, json=RECORD)).status_code == 200
        scan = await m.client.post(
            path + "/attachments", headers={**ADMIN, "Content-Type": "application/pdf"}, content=PDF
        )
        assert scan.status_code == 201, scan.text
        out = {"effective_date": "2026-01-05", "transfer_kind": "permanent", "to_org_id": t.other_branch}
        sent = await m.client.post(f"/api/v1/members/{member['id']}/transfer-out", headers=ADMIN, json=out)
        assert sent.status_code == 200, sent.text
        receiver = auth(t.other_province, "organiser")
        received = await m.client.post(
            f"/api/v1/members/{member['id']}/transfer-in",
            headers=receiver,
            json={"org_id": t.other_branch, "presented_on": "2026-01-20"},
        )
        assert received.status_code == 200, received.text

        there = await m.client.get(path, headers=receiver)
        assert (there.status_code, there.json()["family"], there.headers["ETag"]) == (200, RECORD["family"], '"1"')
        download = record_path(member["id"], f"/attachments/{scan.json()['id']}")
        assert (await m.client.get(download, headers=receiver)).content == PDF
        sender = auth(t.province, "organiser")
        assert (await m.client.get(path, headers=sender)).status_code == 404
        assert (await m.client.get(download, headers=sender)).status_code == 404
        change = await m.client.put(path, headers={**sender, "If-Match": '"1"'}, json={**RECORD, "religion": None})
        assert change.status_code == 404


CODED = {
    **RECORD,
    "education": {**RECORD["education"], "general_level": "upper_secondary", "professional_level": "university"},
    "occupation_group": "commune_official",
    "religion_group": "buddhism",
}
CODES = {
    "general_education": "upper_secondary",
    "professional_level": "university",
    "political_theory": "intermediate",
    "occupation": "commune_official",
    "religion": "buddhism",
}


async def test_the_records_codes_are_published_with_every_member_event_and_never_its_free_text(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, stream_events: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        path = record_path(member["id"])
        bad = await m.client.put(path, headers={**ADMIN, "If-Match": '"0"'}, json={**CODED, "religion_group": "Phật"})
        assert (bad.status_code, bad.json()["errors"][0]["loc"][-1]) == (422, "religion_group")
        assert (await m.client.put(path, headers={**ADMIN, "If-Match": '"0"'}, json=CODED)).status_code == 200
        died = await m.client.post(
            f"/api/v1/members/{member['id']}/die", headers=ADMIN, json={"effective_date": "2026-03-01"}
        )
        assert died.status_code == 200, died.text

        (updated,) = await stream_events(m, "member.record_updated")
        (death,) = await stream_events(m, "member.died")
        for event in (updated, death):
            assert {k: event[k] for k in CODES} == CODES
            assert event["ethnic_group"] == "kinh"
        assert "Phật giáo" not in json.dumps([updated, death], ensure_ascii=False)
        viewer = (await m.client.get(path, headers=auth(t.district, "viewer"))).json()
        assert (viewer["religion_group"], viewer["occupation_group"]) == (None, "commune_official")
