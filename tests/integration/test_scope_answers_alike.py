"""An organisation or member of another subtree answers exactly as an id nobody knows, on every route that takes
one from the path or the body, in every service: the same status, the same problem (but the id the request
itself sent, and the request id), the same headers that matter. A caller of district A cannot tell whether an id
of province B exists. Real services over real PostgreSQL and NATS; each service's copy has caught up first, so
the answer is the service's own, not "not here yet"."""

from __future__ import annotations

import json
import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import pytest

from shared.freshness import copy_lag
from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
FED_BY = [f"vn.party.membership.{t}.v1" for t in ("org.created", "member.registered")]


@dataclass(frozen=True)
class Probe:
    """``{target}`` in the path or any body value is replaced by the id probed; ``{member}`` / ``{commune}`` /
    ``{branch}`` by the caller's own member / grassroots committee / branch."""

    service: str
    role: str
    method: str
    path: str
    body: dict[str, Any] | None = None
    target: str = "branch"  # what of province B is probed: "branch", "province" or "member"


def person(org: str) -> dict[str, Any]:
    return {
        "full_name": "Vi Văn Thử",
        "gender": "male",
        "birth_date": "1985-01-01",
        "national_id": f"{uuid.uuid4().int % 10**12:012d}",
        "org_id": org,
        "status": "official",
        "admission_date": "2010-01-01",
        "effective_date": "2020-01-01",
    }


def discipline(target_type: str) -> dict[str, Any]:
    return {
        "target_type": target_type,
        "target_id": "{target}",
        "measure": "reprimand",
        "decision_number": "7-QĐ/UBKT",
        "decision_date": "2026-04-01",
        "issuing_org_id": "{commune}",
        "violation_date": "2026-01-15",
    }


PROBES = {
    "membership: registration branch": Probe("membership", "organiser", "POST", "/api/v1/members", person("{target}")),
    "membership: transfer target": Probe(
        "membership",
        "organiser",
        "POST",
        "/api/v1/members/{member}/transfer-out",
        {"transfer_kind": "permanent", "to_org_id": "{target}", "effective_date": "2026-01-10"},
        target="province",  # a branch of province B may receive a transfer; anything else of B answers as unknown
    ),
    "membership: internal transfer target": Probe(
        "membership",
        "organiser",
        "POST",
        "/api/v1/members/{member}/transfer-out",
        {"transfer_kind": "internal", "to_org_id": "{target}", "effective_date": "2026-01-10"},
    ),
    "membership: candidate branch": Probe(
        "membership",
        "organiser",
        "POST",
        "/api/v1/candidates",
        {
            "org_id": "{target}",
            "full_name": "Lò Văn Thử",
            "gender": "male",
            "birth_date": "1995-02-01",
            "national_id": "009911000001",
            "introduced_by": "Đoàn Thanh niên",
            "introduced_on": "2026-03-01",
        },
    ),
    "membership: webhook subscription org": Probe(
        "membership", "integration", "POST", "/api/v1/webhooks", {"org_id": "{target}", "url": "http://127.0.0.1:9/h"}
    ),
    "membership: member": Probe("membership", "organiser", "GET", "/api/v1/members/{target}", target="member"),
    "membership: org": Probe("membership", "organiser", "GET", "/api/v1/orgs/{target}"),
    "meetings: meeting branch": Probe(
        "meetings",
        "organiser",
        "POST",
        "/api/v1/meetings",
        {"org_id": "{target}", "kind": "thematic", "starts_at": "2026-03-20T08:00:00+07:00", "topic": "Chuyên đề"},
    ),
    "meetings: compliance": Probe("meetings", "viewer", "GET", "/api/v1/compliance/{target}?period=2026"),
    "inspection: discipline of an organisation": Probe(
        "inspection", "inspector", "POST", "/api/v1/disciplines", discipline("organisation")
    ),
    "inspection: discipline of a member": Probe(
        "inspection", "inspector", "POST", "/api/v1/disciplines", discipline("member"), target="member"
    ),
    "reporting: summary": Probe("reporting", "viewer", "GET", "/api/v1/reports/{target}/summary?period=2026"),
    "reporting: organisations under": Probe("reporting", "viewer", "GET", "/api/v1/reports/orgs?parent={target}"),
}


@dataclass
class Country:
    province: str
    commune: str
    branch: str
    member: str
    other_province: str
    other_branch: str
    other_member: str


async def org(m: RunningService, name: str, kind: str, parent: str | None) -> str:
    body = {"name": name, "kind": kind, "parent_id": parent, "effective_date": "2020-01-01"}
    response = await m.client.post("/api/v1/orgs", headers=ADMIN, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def member(m: RunningService, branch: str) -> str:
    response = await m.client.post("/api/v1/members", headers=ADMIN, json=person(branch))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def country(m: RunningService) -> Country:
    province = await org(m, "Tỉnh Tuyên Quang", "province", None)
    district = await org(m, "Huyện Sơn Dương", "district", province)
    commune = await org(m, "Đảng ủy xã Xuân Lôi", "grassroots_committee", district)
    branch = await org(m, "Chi bộ thôn Đồng Tâm", "branch", commune)
    other_province = await org(m, "Tỉnh Điện Biên", "province", None)
    other_commune = await org(m, "Đảng ủy xã Mường Nhé", "grassroots_committee", other_province)
    other_branch = await org(m, "Chi bộ bản Nậm Kè", "branch", other_commune)
    return Country(
        province, commune, branch, await member(m, branch), other_province, other_branch, await member(m, other_branch)
    )


async def caught_up(m: RunningService, service: RunningService) -> None:
    await m.outbox_drained()

    async def applied() -> bool:
        lags = [await copy_lag(service.runtime, fed_by) for fed_by in FED_BY]
        return all(lag is None or not lag.behind for lag in lags) and any(lag is not None for lag in lags)

    if service is not m:
        await eventually(applied, f"{service.name}'s copy of membership to catch up")


def filled(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: filled(v, ids) for k, v in value.items()}
    if isinstance(value, str):
        for key, id_ in ids.items():
            value = value.replace("{" + key + "}", id_)
    return value


async def ask(service: RunningService, probe: Probe, headers: dict[str, str], ids: dict[str, str]) -> Any:
    body = filled(probe.body, ids)
    return await service.client.request(probe.method, filled(probe.path, ids), headers=headers, json=body)


def shape(answer: Any, target: str) -> tuple[int, dict[str, Any], str | None]:
    """The answer with the probed id (which the request itself sent) and the request id taken out."""
    problem = answer.json()
    problem.pop("request_id", None)
    return (
        answer.status_code,
        json.loads(json.dumps(problem).replace(target, "<id>")),
        answer.headers.get("retry-after"),
    )


@pytest.mark.parametrize("name", list(PROBES))
async def test_an_id_of_another_subtree_answers_as_an_unknown_id(services: ServiceFactory, name: str) -> None:
    probe = PROBES[name]
    overrides = {"webhook_allowed_hosts": ["127.0.0.1"]}
    async with services.run("membership", **overrides) as m:
        c = await country(m)
        async with services.run(probe.service) if probe.service != "membership" else nullcontext(m) as service:
            await caught_up(m, service)
            headers = {**auth(c.province, probe.role), "Accept-Language": "en"}
            own = {"member": c.member, "commune": c.commune, "branch": c.branch}
            elsewhere = {"branch": c.other_branch, "province": c.other_province, "member": c.other_member}
            theirs = elsewhere[probe.target]
            unknown = str(uuid.uuid4())
            answers = [await ask(service, probe, headers, {**own, "target": t}) for t in (theirs, unknown)]
            assert answers[0].status_code in (404, 422), answers[0].text  # refused, not served
            assert shape(answers[0], theirs) == shape(answers[1], unknown), [a.text for a in answers]
            assert "Điện Biên" not in answers[0].text
            assert "Nậm Kè" not in answers[0].text
