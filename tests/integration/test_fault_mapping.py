"""The platform maps failures to problems in every service (no route has to remember): a unique violation is a
409 naming the rule and none of the row's values, a value the calendar cannot hold is a 422, a tampered cursor a
400, a token with malformed claims a 401, a body over the limit a 413 before it is read, and none of these logs
SQL, parameters or personal data."""

from __future__ import annotations

import asyncio
import base64
import json
import unicodedata
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import jwt
import pytest
from fastapi import APIRouter
from sqlalchemy import insert

from shared.deps import DB
from shared.schema import org_nodes
from shared.testing.builders import a_branch
from shared.testing.harness import TEST_SECRET, ServiceFactory, auth

PROBLEM = "application/problem+json"
SERVICES = ("membership", "meetings", "inspection", "reporting")
LIST_ROUTES = {
    "membership": "/api/v1/orgs",
    "meetings": "/api/v1/admin/dead-letters",
    "inspection": "/api/v1/admin/dead-letters",
    "reporting": "/api/v1/admin/dead-letters",
}

probe = APIRouter(prefix="/probe")


@probe.post("/org-twice")
async def insert_an_org_twice(db: DB) -> None:
    for _ in range(2):
        async with db.uow() as uow:
            row = {"id": "dup-1", "kind": "branch", "name": "x", "path": "/dup-1/", "depth": 0}
            await uow.session.execute(insert(org_nodes).values(**row, established_on=date(2020, 1, 1)))
            await uow.commit()


@probe.post("/echo")
async def echo(body: dict[str, Any]) -> dict[str, Any]:
    return body


@probe.get("/day-after")
async def day_after(day: date) -> dict[str, str]:
    return {"next": (day + timedelta(days=1)).isoformat()}


def assert_problem(response: httpx.Response, status: int, rule: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    if rule is not None:
        assert body["rule"] == rule
    return body


async def test_an_unregistered_unique_constraint_is_a_409_naming_the_key_columns(services: ServiceFactory) -> None:
    async with services.run_probe([probe]) as p:
        client = p.client
        response = await client.post("/probe/org-twice", headers=auth(lang="vi"))
        body = assert_problem(response, 409, "conflict.duplicate")
        assert body["values"] == {"fields": "id", "constraint": "org_nodes_pkey"}
        assert body["errors"][0]["loc"] == ["body", "id"]
        assert "dup-1" not in response.text


async def test_a_date_the_calendar_cannot_hold_is_a_422_not_a_500(services: ServiceFactory) -> None:
    async with services.run_probe([probe]) as p:
        client = p.client
        fine = await client.get("/probe/day-after?day=2026-12-31", headers=auth())
        assert fine.json() == {"next": "2027-01-01"}
        response = await client.get("/probe/day-after?day=9999-12-31", headers=auth(lang="en"))
        assert_problem(response, 422, "input.date_out_of_range")


async def test_a_body_over_the_limit_is_refused_before_it_is_read(services: ServiceFactory) -> None:
    async with services.run_probe([probe], body_limits={"/probe/upload": 4096}, max_body_bytes=1024) as p:
        client = p.client
        big = json.dumps({"name": "x" * 2000})
        declared = await client.post("/probe/echo", headers=auth(), content=big)
        body = assert_problem(declared, 413, "request.too_large")
        assert body["values"] == {"max_bytes": 1024}

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it streams
            for _ in range(10):
                yield b"x" * 512

        streamed = await client.post("/probe/echo", headers=auth(), content=chunks())
        assert_problem(streamed, 413, "request.too_large")
        upload = await client.post("/probe/upload", headers=auth(), content=b"x" * 3000)
        assert upload.status_code == 404  # over the default, under the route's declared limit: reaches routing


@pytest.mark.parametrize("service", SERVICES)
async def test_a_tampered_cursor_is_a_400_in_every_service(services: ServiceFactory, service: str) -> None:
    forged = [
        {"v": ["not-a-number"], "d": False},
        {"v": [10**30], "d": False},
        {"v": [{"__d": "9999-12-31", "t": "d"}], "d": False},
        {"v": [{"x": 1}], "d": False},
        ["v"],
    ]
    async with services.run(service) as s:
        for data in forged:
            cursor = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
            response = await s.client.get(LIST_ROUTES[service], params={"cursor": cursor}, headers=auth())
            assert_problem(response, 400, "pagination.bad_cursor")
        garbage = await s.client.get(LIST_ROUTES[service], params={"cursor": "%%%"}, headers=auth())
        assert_problem(garbage, 400, "pagination.bad_cursor")


@pytest.mark.parametrize(
    "claims",
    [
        {"roles": {"admin": True}, "org": "*"},
        {"roles": [["admin"]], "org": "*"},
        {"roles": ["admin"], "org": {"id": "x"}},
        {"roles": ["admin"], "org": ["*"]},
    ],
)
async def test_a_signed_token_with_malformed_claims_is_a_401(services: ServiceFactory, claims: dict[str, Any]) -> None:
    token = jwt.encode({"sub": "mallory", "exp": 4102444800, **claims}, TEST_SECRET, algorithm="HS256")
    async with services.run("membership") as m:
        response = await m.client.get("/api/v1/orgs", headers={"Authorization": f"Bearer {token}"})
        assert_problem(response, 401, "auth.malformed_claims")


async def test_concurrent_registrations_of_one_national_id_answer_201_then_409s(services: ServiceFactory) -> None:
    async with services.run("membership") as m:
        branch = await a_branch(m.client)
        body = {
            "full_name": "Trần Thị Bích",
            "gender": "female",
            "birth_date": "1990-01-01",
            "national_id": "079190001234",
            "org_id": branch,
            "effective_date": "2026-01-01",
        }
        answers = await asyncio.gather(*(m.client.post("/api/v1/members", headers=auth(), json=body) for _ in range(4)))
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [201, 409, 409, 409], [a.text for a in answers]
        for answer in answers:
            if answer.status_code == 409:
                assert_problem(answer, 409)
                assert "079190001234" not in answer.text


async def test_names_and_searches_are_nfc_and_localised_answers_vary_by_language(services: ServiceFactory) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    async with services.run("membership") as m:
        branch = await a_branch(m.client)
        body = {
            "full_name": nfd,
            "gender": "female",
            "birth_date": "1990-01-01",
            "national_id": "079190005678",
            "org_id": branch,
            "effective_date": "2026-01-01",
            "address": unicodedata.normalize("NFD", "Phường Trúc Bạch"),
        }
        created = await m.client.post("/api/v1/members", headers=auth(), json=body)
        assert created.status_code == 201, created.text
        assert created.json()["full_name"] == "Nguyễn Thị Hồng"
        found = await m.client.get("/api/v1/members", params={"q": nfd}, headers=auth())
        assert [item["id"] for item in found.json()["items"]] == [created.json()["id"]]
        problem = await m.client.get("/api/v1/members/nobody", headers=auth(lang="en"))
        assert problem.status_code == 404
        assert "accept-language" in problem.headers["vary"].lower()
