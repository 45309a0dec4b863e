"""Meetings' copy of the organisation tree before its consumer has read anything: just after a start, the
consumer waits for membership's stream and only then creates its durable consumer, while the API already
answers. An organisation membership has published meanwhile is not in the copy yet, and the broker has no
consumer to ask how far behind it is: that is a copy that has applied nothing of the stream, so the lookup
answers 404 ``copy.not_known_yet`` with ``Retry-After`` (the demo waits on it), never ``org.not_found``. Once
the consumer has caught up, a wrong id is ``org.not_found``."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

import httpx
import pytest
from nats.js.errors import NotFoundError

from shared.consumer import ConsumerRunner
from shared.testing.harness import RunningService, ServiceFactory, auth

from .test_roster_not_here_yet import create_org

ADMIN = auth()
CONSUMER = "meetings-membership"


async def in_force(mt: RunningService, org_id: str) -> httpx.Response:
    return await mt.client.get("/api/v1/rubrics/in-force", headers=ADMIN, params={"org_id": org_id, "on": "2026-01-01"})


async def stop_consumer(mt: RunningService) -> ConsumerRunner:
    """Stop the runner before membership's stream exists, so the broker never gets its durable consumer."""
    runner = mt.runtime.runners[CONSUMER]
    runner.stop()
    task = next(t for t in mt.runtime.tasks if t.get_name() == f"consumer-{CONSUMER}")
    with contextlib.suppress(Exception):  # stopped while subscribing to a stream that does not exist: it raises
        await asyncio.wait_for(task, timeout=30)
    return runner


async def test_an_organisation_published_before_the_consumer_subscribed_is_not_known_yet(
    services: ServiceFactory,
) -> None:
    async with services.run("meetings") as mt:
        stopped = await stop_consumer(mt)
        async with services.run("membership") as m:
            province = await create_org(m, "Tỉnh Q", "province", None)
            await m.outbox_drained()
            with pytest.raises(NotFoundError):  # no durable consumer: the copy cannot have read anything
                await mt.runtime.js.consumer_info("MEMBERSHIP", CONSUMER)

            late = await in_force(mt, province)
            assert late.status_code == 404, late.text
            problem = late.json()
            assert problem["rule"] == "copy.not_known_yet", problem
            assert problem["values"]["id"] == province
            assert problem["values"]["pending_events"] >= 1
            assert problem["values"]["last_applied_at"] == "—"  # it never applied anything
            assert late.headers["retry-after"] == "5"

            runner = ConsumerRunner(mt.runtime.db, mt.runtime.js, stopped.consumer, stopped.settings)
            mt.runtime.runners[CONSUMER] = runner
            mt.runtime.tasks.append(asyncio.create_task(runner.run(), name=f"consumer-{CONSUMER}"))
            for _ in range(600):
                known = await in_force(mt, province)
                if known.status_code == 200:
                    break
                assert known.json()["rule"] == "copy.not_known_yet", known.text  # never "not found" meanwhile
                await asyncio.sleep(0.1)
            assert known.status_code == 200, known.text

            wrong = await in_force(mt, str(uuid.uuid4()))
            assert wrong.status_code == 404, wrong.text
            assert wrong.json()["rule"] == "org.not_found"
            assert "retry-after" not in wrong.headers
