"""PostgreSQL stopped hard (``pg_ctl -m immediate``, durable settings) while requests run: each answers a 503
problem with Retry-After, nothing acknowledged is lost, the service serves again once PostgreSQL is back; and
across conflicts and the outage, no log line holds SQL, parameters or the personal data the requests carried."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from shared.devservers import EmbeddedPostgres
from shared.migrate import upgrade
from shared.testing.builders import a_branch
from shared.testing.harness import ServiceFactory, auth, service_dir
from shared.testing.polling import eventually
from shared.testing.servers import PostgresForTests, with_database

NATIONAL_ID = "001088012345"
OTHER_ID = "001088054321"
PHONE = "0987654321"
ADDRESS = "Số 17 ngõ Hòa Bình, phường Trúc Bạch"
PERSONAL = (NATIONAL_ID, OTHER_ID, PHONE, ADDRESS, "Trúc Bạch")
SQL_MARKERS = ("INSERT INTO", "SELECT ", "UPDATE ", "[parameters", "DETAIL:")


def person(branch: str, national_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "full_name": "Phạm Thị Hồng",
        "gender": "female",
        "birth_date": "1988-02-03",
        "national_id": national_id,
        "org_id": branch,
        "effective_date": "2026-01-05",
        "phone": PHONE,
        "address": ADDRESS,
        **extra,
    }


async def until_served(client: httpx.AsyncClient, timeout: float = 60.0) -> None:
    async def served() -> bool:
        return (await client.get("/api/v1/members", headers=auth())).status_code == 200

    await eventually(served, "membership to serve again after PostgreSQL came back", timeout=timeout, interval=0.2)


async def test_an_outage_answers_503_then_recovers_and_no_log_line_holds_personal_data(
    services: ServiceFactory, durable_postgres: EmbeddedPostgres, capfd: pytest.CaptureFixture[str]
) -> None:
    admin = PostgresForTests.__new__(PostgresForTests)
    admin.admin_url = durable_postgres.url
    url = await admin.create_database("grassroots_membership")
    assert url == with_database(durable_postgres.url, "grassroots_membership")
    await asyncio.to_thread(upgrade, service_dir("membership"), url)
    async with services.run("membership", database_url=url, log_level="INFO") as m:
        branch = await a_branch(m.client)
        first = await m.client.post("/api/v1/members", headers=auth(), json=person(branch, NATIONAL_ID))
        assert first.status_code == 201, first.text
        again = await m.client.post("/api/v1/members", headers=auth(), json=person(branch, NATIONAL_ID))
        assert again.status_code == 409
        ref = {"source_system": "hr", "external_id": "E-1"}
        await m.client.post("/api/v1/members", headers=auth(), json=person(branch, OTHER_ID, **ref))
        same_ref = await m.client.post("/api/v1/members", headers=auth(), json=person(branch, "001088099999", **ref))
        assert same_ref.status_code == 409, same_ref.text

        durable_postgres.kill()
        during = [
            await m.client.get("/api/v1/members", headers=auth()),
            await m.client.post("/api/v1/members", headers=auth(), json=person(branch, "001088077777")),
            await m.client.post(
                "/api/v1/members", headers={**auth(), "Idempotency-Key": "k-1"}, json=person(branch, "001088077777")
            ),
        ]
        for response in during:
            assert response.status_code == 503, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["retry-after"].isdigit()
            assert response.json()["rule"] == "database.unavailable"

        durable_postgres.start()
        await until_served(m.client)
        listed = (await m.client.get("/api/v1/members", headers=auth())).json()["items"]
        assert {item["id"] for item in listed} >= {first.json()["id"]}
        retried = await m.client.post(
            "/api/v1/members", headers={**auth(), "Idempotency-Key": "k-1"}, json=person(branch, "001088077777")
        )
        assert retried.status_code == 201, retried.text

    out, err = capfd.readouterr()
    logged = out + err
    assert '"http.request"' in logged  # the service did log, at INFO, through the redacting pipeline
    for secret in PERSONAL + SQL_MARKERS:
        assert secret not in logged, f"{secret!r} reached a log line"


async def test_writes_running_through_a_crash_answer_201_or_503_and_every_201_survives(
    services: ServiceFactory, durable_postgres: EmbeddedPostgres
) -> None:
    admin = PostgresForTests.__new__(PostgresForTests)
    admin.admin_url = durable_postgres.url
    url = await admin.create_database("grassroots_membership")
    await asyncio.to_thread(upgrade, service_dir("membership"), url)
    async with services.run("membership", database_url=url) as m:
        branch = await a_branch(m.client)
        answers: list[httpx.Response] = []
        stop = asyncio.Event()
        serial = iter(range(10**6))
        progress = asyncio.Event()

        async def writer() -> None:
            while not stop.is_set():
                body = person(branch, f"0020{next(serial):08d}")
                answers.append(await m.client.post("/api/v1/members", headers=auth(), json=body))
                progress.set()

        async def until(condition: Any, what: str) -> None:
            try:
                async with asyncio.timeout(90):
                    while not condition():
                        progress.clear()
                        await progress.wait()
            except TimeoutError:
                raise AssertionError(f"no {what} within 90 s") from None

        writers = [asyncio.create_task(writer()) for _ in range(4)]
        await until(lambda: sum(a.status_code == 201 for a in answers) >= 8, "writes before the crash")
        durable_postgres.kill()
        await until(lambda: sum(a.status_code == 503 for a in answers) >= 4, "503s during the outage")
        durable_postgres.start()
        before = len(answers)
        await until(lambda: any(a.status_code == 201 for a in answers[before:]), "writes after the restart")
        stop.set()
        await asyncio.gather(*writers)

        assert {a.status_code for a in answers} <= {201, 503}, sorted({a.status_code for a in answers})
        acknowledged = [a.json()["id"] for a in answers if a.status_code == 201]
        for member_id in acknowledged:
            found = await m.client.get(f"/api/v1/members/{member_id}", headers=auth())
            assert found.status_code == 200, f"acknowledged member {member_id} was lost"
