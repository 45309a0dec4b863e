"""Idempotency-Key belongs to the whole principal and its "done" commits with the command: a retry never replays
another principal's answer, a claim whose process died is taken over, a slow original that lost its claim rolls
back instead of doing the work twice, and a committed request whose response was lost says so."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter
from sqlalchemy import func, insert, select

from shared.deps import DB, Ctx
from shared.schema import audit_log, idempotency_keys
from shared.testing.harness import RunningService, ServiceFactory, token
from shared.testing.polling import eventually

probe = APIRouter(prefix="/probe")
gate = asyncio.Event()


@probe.post("/work", status_code=201)
async def do_work(db: DB, ctx: Ctx, wait: bool = False) -> dict[str, str]:
    """Records one audit row per execution (the 'work'); may wait for the test before committing."""
    async with db.uow(ctx) as uow:
        await uow.audit("probe.work", "probe", "1")
        if wait:
            await gate.wait()
        await uow.commit()
    return {"actor": ctx.actor}


def headers(org: str = "*", *roles: str, subject: str = "hr-bot", key: str = "k-1") -> dict[str, str]:
    return {"Authorization": f"Bearer {token(org, *roles, subject=subject)}", "Idempotency-Key": key}


async def stale_claim(p: RunningService, key: str, state: dict[str, Any]) -> None:
    """A claim five minutes old on ``key`` for the same principal and request as the one already stored."""
    async with p.db.engine.begin() as conn:
        stored = (await conn.execute(select(idempotency_keys.c.client, idempotency_keys.c.request_hash))).one()
        await conn.execute(
            insert(idempotency_keys).values(
                client=stored.client,
                key=key,
                request_hash=stored.request_hash,
                response_headers=state,
                created_at=datetime.now(UTC) - timedelta(minutes=5),
            )
        )


async def executions(p: RunningService) -> int:
    async with p.db.read_session() as session:
        query = select(func.count()).select_from(audit_log).where(audit_log.c.action == "probe.work")
        return int((await session.execute(query)).scalar_one())


async def test_the_same_subject_with_another_org_or_roles_is_another_principal(services: ServiceFactory) -> None:
    async with services.run_probe([probe]) as p:
        first = await p.client.post("/probe/work", headers=headers("*", "admin"))
        again = await p.client.post("/probe/work", headers=headers("*", "admin"))
        assert again.headers.get("idempotent-replayed") == "true"
        other_org = await p.client.post("/probe/work", headers=headers("org-a", "organiser"))
        other_roles = await p.client.post("/probe/work", headers=headers("org-a", "organiser", "inspector"))
        assert [r.status_code for r in (first, other_org, other_roles)] == [201, 201, 201]
        assert "idempotent-replayed" not in other_org.headers
        assert "idempotent-replayed" not in other_roles.headers
        assert await executions(p) == 3


async def test_a_claim_that_never_committed_is_taken_over_after_the_lease(services: ServiceFactory) -> None:
    async with services.run_probe([probe], idempotency_lease_seconds=60) as p:
        first = await p.client.post("/probe/work", headers=headers(key="dead"))
        assert first.status_code == 201
        await stale_claim(p, "crashed", {"claim": "gone"})  # its process died after claiming, before any commit
        retried = await p.client.post("/probe/work", headers=headers(key="crashed"))
        assert retried.status_code == 201, retried.text
        assert await executions(p) == 2


async def test_a_key_past_its_time_to_live_is_claimed_again_even_for_another_request(
    services: ServiceFactory,
) -> None:
    """A day after its use a key is as if never used (the claim is one upsert: the expired row is replaced)."""
    async with services.run_probe([probe]) as p:
        await p.client.post("/probe/work", headers=headers(key="seed"))
        async with p.db.engine.begin() as conn:
            client = (await conn.execute(select(idempotency_keys.c.client))).scalar_one()
            await conn.execute(
                insert(idempotency_keys).values(
                    client=client,
                    key="yesterday",
                    request_hash="another request",
                    status_code=201,
                    response_body="{}",
                    response_headers={},
                    created_at=datetime.now(UTC) - timedelta(hours=25),
                )
            )
        reused = await p.client.post("/probe/work", headers=headers(key="yesterday"))
        assert reused.status_code == 201, reused.text
        assert "idempotent-replayed" not in reused.headers
        assert await executions(p) == 2
        replayed = await p.client.post("/probe/work", headers=headers(key="yesterday"))
        assert replayed.headers.get("idempotent-replayed") == "true"
        assert await executions(p) == 2


async def test_a_committed_request_whose_response_was_lost_is_not_done_again(services: ServiceFactory) -> None:
    async with services.run_probe([probe], idempotency_lease_seconds=60) as p:
        await p.client.post("/probe/work", headers=headers(key="seed"))
        await stale_claim(p, "lost", {"claim": "gone", "committed": True})  # committed, then its process died
        retried = await p.client.post("/probe/work", headers=headers(key="lost"))
        assert retried.status_code == 409
        assert retried.json()["rule"] == "idempotency.done_response_lost"
        assert await executions(p) == 1


async def test_a_slow_original_that_lost_its_claim_rolls_back_so_the_work_is_done_once(
    services: ServiceFactory,
) -> None:
    gate.clear()
    async with services.run_probe([probe], idempotency_lease_seconds=0) as p:
        slow = asyncio.create_task(p.client.post("/probe/work?wait=true", headers=headers(key="slow")))
        original_claim = await _claim_of(p, "slow", other_than=None)
        retry_task = asyncio.create_task(p.client.post("/probe/work?wait=true", headers=headers(key="slow")))
        await _claim_of(p, "slow", other_than=original_claim)  # lease 0: the retry took the key over
        gate.set()
        retry = await retry_task
        assert retry.status_code == 201, retry.text
        original = await slow
        assert original.status_code == 409
        assert original.json()["rule"] == "idempotency.in_progress"
        assert await executions(p) == 1
        replay = await p.client.post("/probe/work?wait=true", headers=headers(key="slow"))
        assert replay.headers.get("idempotent-replayed") == "true"


async def _claim_of(p: RunningService, key: str, *, other_than: str | None) -> str:
    """Wait until the key is claimed by someone other than ``other_than``; returns that claim."""

    async def claimed() -> str | None:
        async with p.db.read_session() as session:
            row = (
                await session.execute(select(idempotency_keys.c.response_headers).where(idempotency_keys.c.key == key))
            ).first()
        claim = (row.response_headers or {}).get("claim") if row else None
        return str(claim) if claim is not None and claim != other_than else None

    return await eventually(claimed, f"a claim on {key} other than {other_than}")
