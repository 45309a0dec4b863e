"""Helpers for reporting's API tests: membership's API builds the tree and members; other events are published
to JetStream directly (with ``Nats-Msg-Id``) to choose their order; reporting's API is polled, bounded."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from nats.js.errors import NotFoundError

from shared.events import Envelope
from shared.testing.harness import RunningService, ServiceFactory, auth
from shared.testing.polling import eventually

ADMIN = auth()
_ids = itertools.count(100_000_000_000)


class Reports:
    """Drives membership and reads reporting."""

    async def org(self, m: RunningService, name: str, kind: str, parent: str | None, on: str = "2025-01-01") -> str:
        response = await m.client.post(
            "/api/v1/orgs", headers=ADMIN, json={"name": name, "kind": kind, "parent_id": parent, "effective_date": on}
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def member(
        self,
        m: RunningService,
        org: str,
        *,
        gender: str = "male",
        birth: str = "1990-05-01",
        ethnicity: str = "Kinh",
        status: str = "official",
        on: str = "2025-02-10",
    ) -> str:
        response = await m.client.post(
            "/api/v1/members",
            headers=ADMIN,
            json={
                "full_name": "Nguyễn Văn A",
                "gender": gender,
                "birth_date": birth,
                "ethnicity": ethnicity,
                "national_id": str(next(_ids)),
                "org_id": org,
                "status": status,
                "effective_date": on,
            },
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def org_action(self, m: RunningService, org: str, action: str, body: dict[str, Any]) -> None:
        response = await m.client.post(f"/api/v1/orgs/{org}/{action}", headers=ADMIN, json=body)
        assert response.status_code == 200, response.text

    async def publish(
        self,
        js: Any,
        event_type: str,
        data: dict[str, Any],
        *,
        event_id: str | None = None,
    ) -> Envelope:
        service = event_type.split(".")[2]
        envelope = Envelope(
            id=event_id or str(uuid.uuid4()),
            source=f"/grassroots/{service}",
            type=event_type,
            subject="test",
            data=data,
            time=datetime.now(UTC),
        )
        await js.publish(envelope.nats_subject, envelope.to_bytes(), headers={"Nats-Msg-Id": envelope.id})
        return envelope

    async def ensure_stream(self, js: Any, service: str) -> None:
        from shared.bus import ensure_stream

        await ensure_stream(js, service)

    async def summary(
        self,
        r: RunningService,
        org: str,
        period: str,
        headers: dict[str, str] = ADMIN,
    ) -> dict[str, Any]:
        response = await r.client.get(f"/api/v1/reports/{org}/summary", params={"period": period}, headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def wait(
        self, r: RunningService, org: str, period: str, check: Callable[[dict[str, Any]], bool], timeout: float = 30.0
    ) -> dict[str, Any]:
        """Poll the summary until ``check(figures)`` holds (bounded); returns the figures."""
        last = ""

        async def matched() -> dict[str, Any] | None:
            nonlocal last
            response = await r.client.get(f"/api/v1/reports/{org}/summary", params={"period": period}, headers=ADMIN)
            last = response.text[:2000]
            figures: dict[str, Any] = response.json()["figures"] if response.status_code == 200 else {}
            return figures if response.status_code == 200 and check(figures) else None

        try:
            return await eventually(matched, f"the figures of {org} {period}", timeout=timeout)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; last response: {last}") from None

    async def settle(self, r: RunningService, timeout: float = 30.0) -> None:
        """Wait until every consumer has nothing pending and nothing parked."""
        from sqlalchemy import func, select

        from shared.schema import parked_events

        async def settled() -> bool:
            pending = 0
            for runner in r.runtime.runners.values():
                try:
                    stream = await r.runtime.js.stream_info(runner.consumer.stream)
                except NotFoundError:  # a stream nobody has created yet: nothing to wait for
                    continue
                try:
                    info = await r.runtime.js.consumer_info(runner.consumer.stream, runner.consumer.name)
                    pending += (info.num_pending or 0) + (info.num_ack_pending or 0)
                except Exception:  # the consumer is not subscribed yet
                    pending += stream.state.messages or 1
            async with r.db.read_session() as session:
                parked = (await session.execute(select(func.count()).select_from(parked_events))).scalar_one()
            return pending == 0 and parked == 0

        await eventually(settled, "reporting to settle (nothing pending, nothing parked)", timeout=timeout)


@pytest.fixture
def reports() -> Reports:
    return Reports()


@pytest.fixture(autouse=True)
async def streams(services: ServiceFactory) -> None:
    """The three streams exist before reporting starts (their owners create them in production), so its
    consumers subscribe at once instead of backing off while they wait for them."""
    from shared.bus import connect, ensure_stream

    nc = await connect(services.nats.url, "reporting-tests")
    try:
        for service in ("membership", "meetings", "inspection"):
            await ensure_stream(nc.jetstream(), service)
    finally:
        await nc.close()
