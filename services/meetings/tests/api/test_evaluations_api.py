"""Provincial rubrics and the evaluation form of a held meeting, through the API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from shared.testing.harness import ServiceFactory

CRITERIA = [
    {"code": "preparation", "weight": 20},
    {"code": "attendance", "weight": 20},
    {"code": "conduct", "weight": 40},
    {"code": "closing", "weight": 20},
]
BANDS = [
    {"grade": "good", "min_score": 85, "max_score": 100},
    {"grade": "fair", "min_score": 65, "max_score": 84},
    {"grade": "average", "min_score": 50, "max_score": 64},
    {"grade": "poor", "min_score": 0, "max_score": 49},
]
SCORES = {"preparation": 14, "attendance": 18, "conduct": 40, "closing": 15}


async def test_a_province_sets_its_rubric_and_branches_are_scored_with_it_from_its_date(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        default = (
            await mt.client.get(
                "/api/v1/rubrics/in-force",
                headers=w.as_(w.branch, "viewer"),
                params={"org_id": w.branch, "on": "2025-03-01"},
            )
        ).json()
        assert default["id"] == "default"
        assert [c["weight"] for c in default["criteria"]] == [15, 20, 45, 20]
        organiser = w.as_(w.province, "organiser")
        created = await mt.client.post(
            "/api/v1/rubrics",
            headers=organiser,
            json={"org_id": w.province, "effective_from": "2025-06-01", "criteria": CRITERIA, "bands": BANDS},
        )
        assert created.status_code == 201, created.text
        assert [b["grade"] for b in created.json()["bands"]] == ["poor", "average", "fair", "good"]
        in_force = (
            await mt.client.get(
                "/api/v1/rubrics/in-force",
                headers=w.as_(w.branch, "viewer"),
                params={"org_id": w.branch, "on": "2025-07-01"},
            )
        ).json()
        assert in_force["id"] == created.json()["id"]
        url = f"/api/v1/rubrics/{created.json()['id']}"
        assert (
            await mt.client.put(url, headers=organiser, json={"criteria": CRITERIA, "bands": BANDS})
        ).status_code == 428
        changed = [{"code": "preparation", "weight": 15}, {"code": "attendance", "weight": 25}, *CRITERIA[2:]]
        updated = await mt.client.put(
            url, headers={**organiser, "If-Match": '"1"'}, json={"criteria": changed, "bands": BANDS}
        )
        assert updated.headers["etag"] == '"2"'
        assert updated.json()["criteria"][1] == {"code": "attendance", "weight": 25}
        listed = (await mt.client.get("/api/v1/rubrics", headers=organiser)).json()
        assert len(listed["items"]) == 1
        assert (await mt.client.get(url, headers=w.as_(w.other_province, "admin"))).status_code == 404


async def test_a_rubric_that_does_not_add_up_or_is_set_below_a_province_is_refused(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=0)
        bad = await mt.client.post(
            "/api/v1/rubrics",
            headers=w.admin,
            json={
                "org_id": w.province,
                "effective_from": "2025-06-01",
                "criteria": [*CRITERIA[:3], {"code": "closing", "weight": 10}],
                "bands": BANDS,
            },
        )
        assert bad.status_code == 422
        assert bad.json()["rule"] == "evaluation.weights_sum"
        assert bad.json()["values"] == {"total": 90, "expected": 100}
        gap = await mt.client.post(
            "/api/v1/rubrics",
            headers=w.admin,
            json={
                "org_id": w.province,
                "effective_from": "2025-06-01",
                "criteria": CRITERIA,
                "bands": [{**BANDS[0], "min_score": 86}, *BANDS[1:]],
            },
        )
        assert gap.json()["rule"] == "evaluation.bands_not_contiguous"
        district = await mt.client.post(
            "/api/v1/rubrics",
            headers=w.admin,
            json={"org_id": w.district, "effective_from": "2025-06-01", "criteria": CRITERIA, "bands": BANDS},
        )
        assert district.json()["rule"] == "rubric.org_not_province"
        secretary = await mt.client.post(
            "/api/v1/rubrics",
            headers=w.as_(w.province, "secretary"),
            json={"org_id": w.province, "effective_from": "2025-06-01", "criteria": CRITERIA, "bands": BANDS},
        )
        assert secretary.status_code == 403


async def test_the_secretary_fills_the_form_and_only_the_attending_superior_confirms_it(
    services: ServiceFactory, world_of: Callable[..., Awaitable[Any]]
) -> None:
    async with services.run("meetings") as mt:
        w = await world_of(mt, members=2)
        meeting = await w.notified("2025-03-05T14:00:00+07:00")
        url = f"/api/v1/meetings/{meeting['id']}/evaluation"
        secretary = w.as_(w.branch)
        early = await mt.client.put(url, headers=secretary, json={"scores": SCORES})
        assert early.status_code == 409
        assert early.json()["rule"] == "evaluation.meeting_not_held"
        assert (await w.record(meeting, superior=True)).status_code == 200
        missing = await mt.client.put(url, headers=secretary, json={"scores": {"preparation": 14}})
        assert missing.json()["rule"] == "evaluation.criterion_missing"
        over = await mt.client.put(url, headers=secretary, json={"scores": {**SCORES, "conduct": 46}})
        assert over.json()["errors"][0]["loc"] == ["body", "scores", "conduct"]
        filled = await mt.client.put(
            url,
            headers=secretary,
            json={
                "scores": SCORES,
                "venue": "Nhà văn hóa",
                "facilities": "Đủ",
                "materials": "Gửi trước 2 ngày",
                "recommendations": "Hỗ trợ tài liệu",
            },
        )
        assert filled.status_code == 201, filled.text
        assert (filled.json()["total"], filled.json()["grade"]) == (87, "fair")
        assert (await mt.client.put(url, headers=secretary, json={"scores": SCORES})).status_code == 428
        corrected = await mt.client.put(
            url, headers={**secretary, "If-Match": filled.headers["etag"]}, json={"scores": {**SCORES, "closing": 18}}
        )
        assert corrected.status_code == 200
        assert (corrected.json()["total"], corrected.json()["grade"]) == (90, "good")
        confirm = f"{url}/confirm"
        by_branch = await mt.client.post(confirm, headers=secretary, json={})
        assert by_branch.status_code == 422
        assert by_branch.json()["rule"] == "evaluation.confirmer_not_attending"
        by_district = await mt.client.post(confirm, headers=w.as_(w.district, "organiser"), json={})
        assert by_district.json()["rule"] == "evaluation.confirmer_not_attending"
        by_other = await mt.client.post(confirm, headers=w.as_(w.other_province, "organiser"), json={})
        assert by_other.status_code == 404
        confirmed = await mt.client.post(
            confirm, headers=w.as_(w.commune, "organiser"), json={"observations": "Sinh hoạt nền nếp"}
        )
        assert confirmed.status_code == 200, confirmed.text
        assert confirmed.json()["status"] == "confirmed"
        again = await mt.client.post(confirm, headers=w.as_(w.commune, "organiser"), json={})
        assert again.status_code == 409
        locked = await mt.client.put(
            url, headers={**secretary, "If-Match": confirmed.headers["etag"]}, json={"scores": SCORES}
        )
        assert locked.json()["rule"] == "evaluation.already_confirmed"
        got = await mt.client.get(url, headers=w.as_(w.branch, "viewer"))
        assert got.json()["observations"] == "Sinh hoạt nền nếp"
        evaluated = await mt.outbox_envelopes("vn.party.meetings.meeting.evaluated.v1")
        assert [(e["data"]["score"], e["data"]["grade"]) for e in evaluated] == [(90, "good")]
