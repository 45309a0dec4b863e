"""Exactly once in effect, in any order: duplicates change nothing; a meeting for a branch not seen yet is
parked and applied when the branch arrives; status events move members between counts."""

from __future__ import annotations

import uuid
from typing import Any

from prometheus_client import REGISTRY

from shared.testing.harness import ServiceFactory

M = "vn.party.membership"
HELD = "vn.party.meetings.meeting.held.v1"


def org_created(org_id: str, parent: str | None, kind: str, on: str = "2026-01-01") -> dict[str, Any]:
    return {"org_id": org_id, "parent_id": parent, "kind": kind, "name": f"Org {org_id[:4]}", "effective_date": on}


def member(member_id: str, org: str, status: str, on: str, **extra: Any) -> dict[str, Any]:
    return {
        "member_id": member_id,
        "org_id": org,
        "status": status,
        "gender": "male",
        "birth_date": "1985-01-01",
        "ethnicity": "Kinh",
        "ethnic_minority": False,
        "effective_date": on,
        **extra,
    }


def held(org: str, meeting_id: str, on: str, expected: int = 10, present: int = 9, **extra: Any) -> dict[str, Any]:
    return {
        "org_id": org,
        "meeting_id": meeting_id,
        "kind": "regular",
        "date": on,
        "effective_date": on,
        "started_at": f"{on}T19:00:00+07:00",
        "ended_at": f"{on}T21:00:00+07:00",
        "duration_minutes": 120,
        "expected": expected,
        "present": present,
        "excused": expected - present,
        "unexcused": 0,
        **extra,
    }


async def tree(reports: Any, js: Any) -> tuple[str, str, str]:
    province, commune, branch = (str(uuid.uuid4()) for _ in range(3))
    await reports.publish(js, f"{M}.org.created.v1", org_created(province, None, "province"))
    await reports.publish(js, f"{M}.org.created.v1", org_created(commune, province, "grassroots_committee"))
    await reports.publish(js, f"{M}.org.created.v1", org_created(branch, commune, "branch"))
    return province, commune, branch


async def test_redelivered_and_duplicated_events_change_nothing(services: ServiceFactory, reports: Any) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        await reports.ensure_stream(js, "membership")
        await reports.ensure_stream(js, "meetings")
        province, _, branch = await tree(reports, js)
        member_id = str(uuid.uuid4())
        registered = await reports.publish(
            js, f"{M}.member.registered.v1", member(member_id, branch, "official", "2026-02-01")
        )
        meeting = await reports.publish(js, HELD, held(branch, "mt-1", "2026-02-10"))
        await reports.wait(r, province, "2026", lambda f: f["members_total"] == 1 and f["meetings_held"] == 1)
        before = await reports.summary(r, province, "2026")
        # the same Nats-Msg-Id again (the stream drops it) and the same event id under a new message id
        # (the stream keeps it, the inbox drops it), for both streams
        for envelope in (registered, meeting):
            await js.publish(envelope.nats_subject, envelope.to_bytes(), headers={"Nats-Msg-Id": envelope.id})
            await js.publish(
                envelope.nats_subject, envelope.to_bytes(), headers={"Nats-Msg-Id": f"again-{envelope.id}"}
            )
        # and a replay through the runner itself, as after a crash between commit and ack
        runner = r.runtime.runners["reporting-membership"]
        assert await runner.apply_batch([registered]) == set()
        # a corrected record of the same meeting replaces it instead of adding to it
        await reports.publish(js, HELD, held(branch, "mt-1", "2026-02-10", present=10))
        await reports.wait(r, province, "2026", lambda f: f["attendance_present"] == 10)
        await reports.settle(r)
        after = await reports.summary(r, province, "2026")
        changed = {k for k in before["figures"] if before["figures"][k] != after["figures"][k]}
        assert changed == {"attendance_present", "attendance_rate"}
        assert after["figures"]["members_total"] == 1
        assert after["figures"]["meetings_held"] == 1
        assert after["figures"]["regular_branch_months_met"] == 1


async def test_a_meeting_before_its_branch_is_parked_then_applied(services: ServiceFactory, reports: Any) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        await reports.ensure_stream(js, "membership")
        await reports.ensure_stream(js, "meetings")
        parked_before = _parked("reporting-meetings")
        province, commune, branch = (str(uuid.uuid4()) for _ in range(3))
        await reports.publish(js, HELD, held(branch, "mt-early", "2026-03-05", expected=20, present=19))
        await reports.publish(
            js, f"{M}.member.registered.v1", member(str(uuid.uuid4()), branch, "official", "2026-03-01")
        )
        # the branch's parent arrives after the branch, too
        await reports.publish(js, f"{M}.org.created.v1", org_created(province, None, "province"))
        await reports.publish(js, f"{M}.org.created.v1", org_created(branch, commune, "branch"))
        await reports.publish(js, f"{M}.org.created.v1", org_created(commune, province, "grassroots_committee"))
        figures = await reports.wait(
            r, province, "2026-Q1", lambda f: f["meetings_held"] == 1 and f["members_total"] == 1
        )
        assert figures["attendance_expected"] == 20
        assert figures["attendance_rate"] == "95.00"
        assert figures["meetings_attendance_90_share"] == "100.00"
        assert figures["branches"] == 1
        assert _parked("reporting-meetings") > parked_before
        await reports.settle(r)
        metrics = (await r.client.get("/metrics")).text
        assert 'grassroots_event_visible_lag_seconds_count{consumer="reporting-meetings"}' in metrics


def _parked(consumer: str) -> float:
    value = REGISTRY.get_sample_value("grassroots_events_applied_total", {"consumer": consumer, "outcome": "parked"})
    return value or 0.0


async def test_status_events_move_members_between_counts(services: ServiceFactory, reports: Any) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        await reports.ensure_stream(js, "membership")
        province, commune, branch = await tree(reports, js)
        host = str(uuid.uuid4())
        await reports.publish(js, f"{M}.org.created.v1", org_created(host, commune, "branch"))
        a, b, c = (str(uuid.uuid4()) for _ in range(3))
        await reports.publish(
            js,
            f"{M}.member.admitted.v1",
            member(a, branch, "probationary", "2026-01-10", decision_number="1", decision_date="2026-01-05"),
        )
        await reports.publish(js, f"{M}.member.registered.v1", member(b, branch, "official", "2026-01-01"))
        await reports.publish(js, f"{M}.member.registered.v1", member(c, branch, "official", "2026-01-01"))
        await reports.publish(
            js, f"{M}.member.recognised.v1", member(a, branch, "official", "2027-01-10", previous_status="probationary")
        )
        await reports.publish(
            js,
            f"{M}.member.transferred_out.v1",
            member(b, branch, "temporarily_away", "2026-04-01", previous_status="official", transfer_kind="temporary"),
        )
        await reports.publish(
            js,
            f"{M}.member.transferred_in.v1",
            member(str(uuid.uuid4()), host, "official", "2026-04-02", transfer_kind="temporary"),
        )
        await reports.publish(
            js, f"{M}.member.died.v1", member(c, branch, "deceased", "2026-06-20", previous_status="official")
        )
        y2026 = await reports.wait(r, province, "2026", lambda f: f["deaths"] == 1)
        assert (y2026["admissions"], y2026["transfers_out"], y2026["transfers_in"]) == (1, 1, 1)
        assert (y2026["members_total"], y2026["members_probationary"], y2026["members_official"]) == (2, 1, 1)
        assert y2026["members_temporarily_away"] == 1
        assert (await reports.summary(r, host, "2026"))["figures"]["members_total"] == 0
        assert (await reports.summary(r, province, "2026-03"))["figures"]["members_total"] == 3
        y2027 = await reports.wait(r, province, "2027", lambda f: f["recognitions"] == 1)
        assert (y2027["members_total"], y2027["members_probationary"], y2027["members_official"]) == (2, 0, 2)
        assert y2027["admissions"] == 0


async def test_admissions_against_the_organisations_own_target(services: ServiceFactory, reports: Any) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        province, _, branch = await tree(reports, js)
        await reports.publish(
            js, f"{M}.target.set.v1", {"org_id": province, "year": 2026, "target": 3, "effective_date": "2026-01-02"}
        )
        for i, on in enumerate(("2026-02-01", "2026-05-01")):
            await reports.publish(
                js,
                f"{M}.candidate.introduced.v1",
                {
                    "candidate_id": f"c{i}",
                    "org_id": branch,
                    "stage": "introduced",
                    "gender": "male",
                    "birth_date": "2000-01-01",
                    "ethnicity": "Kinh",
                    "ethnic_minority": False,
                    "introduced_by": "youth_union",
                    "effective_date": on,
                },
            )
            await reports.publish(
                js,
                f"{M}.member.admitted.v1",
                member(str(uuid.uuid4()), branch, "probationary", on, decision_number=str(i), decision_date=on),
            )
        await reports.wait(r, province, "2026", lambda f: f["admissions"] == 2 and f["candidates_introduced"] == 2)
        checks = {t["figure"]: t for t in (await reports.summary(r, province, "2026-Q1"))["targets"]}
        assert (checks["admissions_year_to_date"]["value"], checks["admissions_year_to_date"]["target"]) == ("1", "3")
        assert checks["admissions_year_to_date"]["passed"] is False
        await reports.publish(
            js,
            f"{M}.target.set.v1",
            {"org_id": province, "year": 2026, "target": 2, "previous_target": 3, "effective_date": "2026-06-01"},
        )
        await reports.settle(r)
        checks = {t["figure"]: t for t in (await reports.summary(r, province, "2026"))["targets"]}
        assert (checks["admissions_year_to_date"]["value"], checks["admissions_year_to_date"]["passed"]) == ("2", True)
        assert "admissions_year_to_date" not in {
            t["figure"] for t in (await reports.summary(r, branch, "2026"))["targets"]
        }


async def test_a_late_meeting_of_a_merged_branch_counts_in_the_branch_it_joined(
    services: ServiceFactory, reports: Any
) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        province, commune, branch = await tree(reports, js)
        other_commune, other_branch = str(uuid.uuid4()), str(uuid.uuid4())
        await reports.publish(js, f"{M}.org.created.v1", org_created(other_commune, province, "grassroots_committee"))
        await reports.publish(js, f"{M}.org.created.v1", org_created(other_branch, other_commune, "branch"))
        await reports.publish(js, HELD, held(branch, "before", "2026-02-10"))
        await reports.publish(
            js, f"{M}.org.merged.v1", {"org_id": branch, "into_id": other_branch, "effective_date": "2026-03-15"}
        )
        await reports.publish(js, HELD, held(branch, "late", "2026-04-10"))
        await reports.wait(r, province, "2026", lambda f: f["meetings_held"] == 2)
        await reports.settle(r)
        counted = {
            org: (await reports.summary(r, org, "2026"))["figures"]["meetings_held"]
            for org in (commune, branch, other_commune, other_branch)
        }
        # flows before the merge stay where they happened; the late April record joins the successor
        assert counted == {commune: 1, branch: 1, other_commune: 1, other_branch: 1}
        assert (await reports.summary(r, other_branch, "2026-04"))["figures"]["meetings_held"] == 1
        assert (await reports.summary(r, other_commune, "2026-Q1"))["figures"]["branches"] == 1


async def test_a_dissolved_branch_stops_counting_and_a_restored_one_counts_again(
    services: ServiceFactory, reports: Any
) -> None:
    async with services.run("reporting") as r:
        js = r.runtime.js
        province, _, branch = await tree(reports, js)
        await reports.publish(
            js, f"{M}.org.dissolved.v1", {"org_id": branch, "reason": "kỷ luật", "effective_date": "2026-05-20"}
        )
        await reports.publish(js, f"{M}.org.restored.v1", {"org_id": branch, "effective_date": "2026-09-01"})
        await reports.wait(r, province, "2026-09", lambda f: f["branches"] == 1)
        await reports.settle(r)
        branches = [
            (await reports.summary(r, province, p))["figures"]["branches"]
            for p in ("2026-04", "2026-05", "2026-08", "2026-09")
        ]
        assert branches == [1, 0, 0, 1]
        assert (await reports.summary(r, province, "2026-Q2"))["figures"]["regular_meetings_required"] == 1
