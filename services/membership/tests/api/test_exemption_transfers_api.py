"""Exemption with its scope (reduce or exempt, Charter Điều 7), the host's acceptance of a temporary transfer and
the transfer abroad, through the API and on the stream."""

from __future__ import annotations

from typing import Any

from shared.testing.harness import ServiceFactory, auth

ADMIN = auth()


async def post(m: Any, member_id: str, action: str, body: dict[str, Any], headers: dict[str, str] = ADMIN) -> Any:
    return await m.client.post(f"/api/v1/members/{member_id}/{action}", headers=headers, json=body)


async def test_the_branch_reduces_or_exempts_and_the_scope_is_recorded_and_published(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, stream_events: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        elder, ill = [await member_factory(m.client, t.branch, name=n) for n in ("Cụ Nguyễn Văn Già", "Lê Văn Ốm")]
        reduced = await post(m, elder["id"], "exempt", {"effective_date": "2025-01-10", "scope": "reduce"})
        assert (reduced.json()["status"], reduced.json()["exemption_scope"]) == ("exempt", "reduce"), reduced.text
        exempted = await post(m, ill["id"], "exempt", {"effective_date": "2025-01-10"})
        assert exempted.json()["exemption_scope"] == "exempt"  # the default: lifted entirely
        bad = await post(m, ill["id"], "end-exemption", {"effective_date": "2025-06-01", "scope": "reduce"})
        assert bad.status_code == 422  # only the exemption itself has a scope
        ended = await post(m, ill["id"], "end-exemption", {"effective_date": "2025-06-01"})
        assert (ended.json()["status"], ended.json()["exemption_scope"]) == ("official", None)
        scopes = {e["member_id"]: e["scope"] for e in await stream_events(m, "member.exempted")}
        assert scopes == {elder["id"]: "reduce", ill["id"]: "exempt"}


async def test_the_host_in_another_province_accepts_a_temporary_member_who_then_is_its_guest(
    services: ServiceFactory, tree_builder: Any, member_factory: Any, stream_events: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        body = {"effective_date": "2026-01-05", "transfer_kind": "temporary", "to_org_id": t.other_branch}
        assert (await post(m, member["id"], "transfer-out", {**body, "ends_on": "2026-07-05"})).status_code == 200
        host_secretary = auth(t.other_branch, "secretary")
        stranger = auth(t.branch2, "secretary")
        accept = {"org_id": t.other_branch, "accepted_on": "2026-02-20"}
        assert (await post(m, member["id"], "host-accept", accept, stranger)).status_code == 404
        late = await post(m, member["id"], "host-accept", accept, host_secretary)
        assert late.json()["rule"] == "member.transfer_presented_late"  # 30 days from the letter
        ok = await post(m, member["id"], "host-accept", {**accept, "accepted_on": "2026-01-20"}, host_secretary)
        assert ok.json()["host_accepted_on"] == "2026-01-20", ok.text
        guests = await m.client.get(f"/api/v1/members/headcount?under={t.other_branch}", headers=host_secretary)
        assert guests.json()["temporary_guests"] == 1
        home = await m.client.get(f"/api/v1/members/headcount?under={t.branch}", headers=ADMIN)
        assert home.json()["counted"] == 1
        events = await stream_events(m, "member.host_accepted")
        assert [(e["member_id"], e["host_org_id"], e["org_id"]) for e in events] == [
            (member["id"], t.other_branch, t.branch)
        ]


async def test_a_transfer_abroad_names_the_organisation_abroad_and_the_member_can_come_back(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        body = {"effective_date": "2026-01-05", "transfer_kind": "abroad"}
        unnamed = await post(m, member["id"], "transfer-out", body)
        assert unnamed.json()["rule"] == "member.abroad_destination_required"
        abroad = await post(
            m, member["id"], "transfer-out", {**body, "to_description": "Đảng bộ ngoài nước tại Nhật Bản"}
        )
        assert (abroad.json()["status"], abroad.json()["transfer_kind"]) == ("transfer_pending", "abroad")
        counted = await m.client.get(f"/api/v1/members/headcount?under={t.branch}", headers=ADMIN)
        assert counted.json()["counted"] == 0
        back = await post(
            m,
            member["id"],
            "transfer-in",
            {"org_id": t.branch2, "presented_on": "2026-01-30"},
        )
        assert (back.json()["status"], back.json()["org_id"]) == ("official", t.branch2), back.text
