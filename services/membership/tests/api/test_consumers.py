"""Inspection's discipline and meetings' absence alerts, applied by membership's consumers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from shared.bus import ensure_stream
from shared.events import Envelope
from shared.schema import parked_events
from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()


def envelope(service: str, entity: str, verb: str, data: dict[str, Any]) -> Envelope:
    return Envelope(
        source=f"/grassroots/{service}", type=f"vn.party.{service}.{entity}.{verb}.v1", subject=f"{entity}/x", data=data
    )


def expulsion(member_id: str, org_id: str, discipline_id: str = "d-1") -> Envelope:
    return envelope(
        "inspection",
        "discipline",
        "imposed",
        {
            "discipline_id": discipline_id,
            "target_type": "member",
            "target_id": member_id,
            "member_id": member_id,
            "org_id": org_id,
            "measure": "expulsion",
            "actions": ["expel_member"],
            "decision_number": "12-QĐ/UBKT",
            "decision_date": "2026-03-01",
            "issuing_org_id": org_id,
            "violation_date": "2025-12-01",
            "effective_date": "2026-03-01",
            "some_future_field": 1,
        },
    )


async def wait_for(
    m: RunningService, url: str, predicate: Callable[[dict[str, Any]], bool], what: str
) -> dict[str, Any]:
    async def matching() -> dict[str, Any] | None:
        body: dict[str, Any] = (await m.client.get(url, headers=ADMIN)).json()
        return body if predicate(body) else None

    return await eventually(matching, what)


async def test_an_expulsion_published_by_inspection_expels_the_member_once_and_an_annulment_restores(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        js = m.runtime.js
        await ensure_stream(js, "inspection")
        event = expulsion(member["id"], t.branch)
        for _ in range(2):  # a redelivered or re-published event changes nothing the second time
            await js.publish(event.nats_subject, event.to_bytes(), headers={"Nats-Msg-Id": f"{event.id}-again{_}"})
        url = f"/api/v1/members/{member['id']}"
        expelled = await wait_for(m, url, lambda b: b["status"] == "expelled", "the member to be expelled")
        assert expelled["status"] == "expelled"
        assert expelled["left_on"] == "2026-03-01"
        await asyncio.sleep(0.5)
        history = (await m.client.get(f"{url}/history", headers=ADMIN)).json()
        assert [h["change"] for h in history] == ["registered", "expelled"]

        appeal = envelope(
            "inspection",
            "appeal",
            "decided",
            {
                "appeal_id": "a-1",
                "discipline_id": "d-1",
                "outcome": "annulled",
                "original_measure": "expulsion",
                "target_type": "member",
                "target_id": member["id"],
                "member_id": member["id"],
                "org_id": t.branch,
                "effects": ["restore_member"],
                "decision_date": "2026-04-01",
                "effective_date": "2026-04-01",
            },
        )
        await js.publish(appeal.nats_subject, appeal.to_bytes())
        restored = await wait_for(m, url, lambda b: b["status"] == "official", "the member to be official again")
        assert restored["status"] == "official"
        assert restored["left_on"] is None


async def test_dissolution_and_its_annulment_change_the_organisation(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        runner = m.runtime.runners["membership-inspection"]
        imposed = envelope(
            "inspection",
            "discipline",
            "imposed",
            {
                "discipline_id": "d-9",
                "target_type": "organisation",
                "target_id": t.branch2,
                "org_id": t.branch2,
                "measure": "dissolution",
                "decision_number": "3-QĐ",
                "decision_date": "2026-03-01",
                "issuing_org_id": t.district,
                "violation_date": "2025-12-01",
                "effective_date": "2026-03-01",
            },
        )
        await runner.apply_batch([imposed])
        org = (await m.client.get(f"/api/v1/orgs/{t.branch2}", headers=ADMIN)).json()
        assert org["status"] == "dissolved"
        annulled = envelope(
            "inspection",
            "appeal",
            "decided",
            {
                "appeal_id": "a-9",
                "discipline_id": "d-9",
                "outcome": "annulled",
                "original_measure": "dissolution",
                "target_type": "organisation",
                "target_id": t.branch2,
                "org_id": t.branch2,
                "effects": ["restore_organisation"],
                "decision_date": "2026-04-01",
                "effective_date": "2026-04-01",
            },
        )
        await runner.apply_batch([annulled])
        org = (await m.client.get(f"/api/v1/orgs/{t.branch2}", headers=ADMIN)).json()
        assert org["status"] == "active"


async def test_an_event_about_an_unknown_member_is_parked_not_dropped(
    services: ServiceFactory, tree_builder: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        await ensure_stream(m.runtime.js, "inspection")
        early = expulsion("not-yet-known", t.branch, discipline_id="d-2")
        await m.runtime.js.publish(early.nats_subject, early.to_bytes())

        async def parked() -> list[str]:
            async with m.db.read_session() as session:
                return list((await session.execute(select(parked_events.c.waiting_for))).scalars())

        assert await eventually(parked, "the early event to be parked") == ["member:not-yet-known"]


async def test_absence_threshold_flags_the_member_for_review_and_removes_nothing(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        alert = envelope(
            "meetings",
            "member",
            "absence_threshold_reached",
            {
                "member_id": member["id"],
                "org_id": t.branch,
                "rule": "unexcused_months_in_year",
                "count": 3,
                "first_date": "2026-01-10",
                "last_date": "2026-03-10",
                "year": 2026,
                "meeting_ids": ["m1", "m2", "m3"],
                "effective_date": "2026-03-10",
            },
        )
        await m.runtime.runners["membership-meetings"].apply_batch([alert])
        await m.runtime.runners["membership-meetings"].apply_batch([alert])  # redelivery: nothing more
        url = f"/api/v1/members/{member['id']}"
        flagged = (await m.client.get(url, headers=ADMIN)).json()
        assert flagged["status"] == "official"
        assert flagged["flags"]["review_for_removal"]["rule"] == "unexcused_months_in_year"
        listed = (await m.client.get("/api/v1/members?flagged=review_for_removal", headers=ADMIN)).json()
        assert [i["id"] for i in listed["items"]] == [member["id"]]
        history = (await m.client.get(f"{url}/history", headers=ADMIN)).json()
        assert [h["change"] for h in history] == ["registered", "flagged_for_review"]
        other = auth(t.other_province, "organiser")
        assert (await m.client.delete(f"{url}/flags/review_for_removal", headers=other)).status_code == 404
        cleared = await m.client.delete(f"{url}/flags/review_for_removal", headers=ADMIN)
        assert cleared.status_code == 200
        assert cleared.json()["flags"] == {}
        assert (await m.client.delete(f"{url}/flags/review_for_removal", headers=ADMIN)).status_code == 404


async def test_removal_from_post_clears_positions_and_an_annulment_gives_them_back(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        secretary = await member_factory(m.client, t.branch, positions=["secretary"])
        runner = m.runtime.runners["membership-inspection"]
        imposed = expulsion(secretary["id"], t.branch, discipline_id="d-post")
        imposed.data.update(measure="removal_from_post", actions=["remove_from_post"])
        await runner.apply_batch([imposed])
        url = f"/api/v1/members/{secretary['id']}"
        removed = (await m.client.get(url, headers=ADMIN)).json()
        assert removed["status"] == "official"
        assert removed["positions"] == []
        appeal = envelope(
            "inspection",
            "appeal",
            "decided",
            {
                "appeal_id": "a-p",
                "discipline_id": "d-post",
                "outcome": "annulled",
                "original_measure": "removal_from_post",
                "target_type": "member",
                "target_id": secretary["id"],
                "member_id": secretary["id"],
                "org_id": t.branch,
                "effects": ["restore_posts"],
                "decision_date": "2026-04-01",
                "effective_date": "2026-04-01",
            },
        )
        await runner.apply_batch([appeal])
        restored = (await m.client.get(url, headers=ADMIN)).json()
        assert restored["positions"] == ["secretary"]
        assert "posts_removed" not in restored["flags"]
        history = (await m.client.get(f"{url}/history", headers=ADMIN)).json()
        assert [h["change"] for h in history] == ["registered", "removed_from_post", "posts_restored"]


async def test_a_warning_increased_to_expulsion_on_appeal_expels_the_member_once(
    services: ServiceFactory, tree_builder: Any, member_factory: Any
) -> None:
    async with services.run("membership") as m:
        t = await tree_builder(m.client)
        member = await member_factory(m.client, t.branch)
        runner = m.runtime.runners["membership-inspection"]
        warning = expulsion(member["id"], t.branch, discipline_id="d-warn")
        warning.data.update(measure="warning", actions=[])
        await runner.apply_batch([warning])
        url = f"/api/v1/members/{member['id']}"
        assert (await m.client.get(url, headers=ADMIN)).json()["status"] == "official"  # a warning changes no status
        increased = envelope(
            "inspection",
            "appeal",
            "decided",
            {
                "appeal_id": "a-up",
                "discipline_id": "d-warn",
                "outcome": "increased",
                "original_measure": "warning",
                "new_measure": "expulsion",
                "measure_in_force": "expulsion",
                "target_type": "member",
                "target_id": member["id"],
                "member_id": member["id"],
                "org_id": t.branch,
                "effects": ["expel_member"],
                "decision_date": "2026-05-04",
                "effective_date": "2026-05-04",
            },
        )
        await runner.apply_batch([increased])
        await runner.apply_batch([increased])  # redelivered: the inbox makes it a no-op
        expelled = (await m.client.get(url, headers=ADMIN)).json()
        assert expelled["status"] == "expelled"
        assert expelled["left_on"] == "2026-05-04"
        history = (await m.client.get(f"{url}/history", headers=ADMIN)).json()
        assert [h["change"] for h in history] == ["registered", "expelled"]
