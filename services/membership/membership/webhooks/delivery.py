"""The webhook dispatcher: each enabled subscription reads its subtree's events from the event log (the same read
as the change feed) from its cursor and POSTs them one by one, in commit order, signed per Standard Webhooks.

A failure stops that subscription where it is (later events wait: the receiver gets every event once it recovers,
in order) and schedules a retry with exponential backoff; an endpoint failing without a success for
``webhook_disable_after_seconds`` is disabled. Each attempt is kept in the delivery log. Replicas claim
subscriptions with ``SKIP LOCKED`` and a lease, so two never send to one endpoint at once."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import httpx
import structlog
from fastapi import FastAPI
from sqlalchemy import Table, exists, func, insert, select, update

from membership.settings import Settings
from membership.webhooks import rules
from membership.webhooks.commands import host_of, resolve
from membership.webhooks.models import WebhookDelivery, WebhookSubscription
from shared.changes import Batch, CommitSignal, read_batch
from shared.db import Database
from shared.redaction import describe
from shared.schema import org_nodes, outbox

log = structlog.get_logger(__name__)
SUBSCRIPTIONS = cast(Table, WebhookSubscription.__table__)
DELIVERIES = cast(Table, WebhookDelivery.__table__)
LEASE = timedelta(minutes=2)
CLAIM = 20
BATCH = 100
WAKE_DELAY_SECONDS = 0.1
"""Woken by a commit, the dispatcher waits this long before its round: every commit woke a claim transaction
(~5 % of membership's CPU under POST /members, with no subscription at all); now at most ten rounds a second."""


@dataclass(frozen=True)
class Attempt:
    event: dict[str, Any]
    seq: int
    status_code: int | None
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.error is None


class Dispatcher:
    def __init__(self, db: Database, settings: Settings, stopping: asyncio.Event, commits: CommitSignal) -> None:
        self.db = db
        self.settings = settings
        self.stopping = stopping
        self.commits = commits
        self._enabled: tuple[bool, float] | None = None
        """Whether some subscription was enabled, and when that was read (``time.monotonic``)."""
        self._changes = 0

    def subscriptions_changed(self) -> None:
        """A subscription of this process was created or changed: look again before the next round."""
        self._enabled = None
        self._changes += 1

    async def _any_enabled(self) -> bool:
        """Whether any subscription is enabled, read at most once per ``webhook_poll_seconds`` (and again after
        ``subscriptions_changed``): with none, a commit's wake-up costs no claim transaction (3–4 % of membership's
        CPU under ``POST /members``, issue 13). One enabled on another replica is seen within the poll interval."""
        known, now = self._enabled, time.monotonic()
        if known is not None and now - known[1] < self.settings.webhook_poll_seconds:
            return known[0]
        changes = self._changes
        async with self.db.engine.connect() as conn:
            enabled = bool((await conn.execute(select(exists().where(SUBSCRIPTIONS.c.enabled.is_(True))))).scalar())
        if changes == self._changes:  # a change while reading: read again next time
            self._enabled = (enabled, now)
        return enabled

    async def run(self) -> None:
        async with httpx.AsyncClient(timeout=self.settings.webhook_timeout_seconds, follow_redirects=False) as client:
            while not self.stopping.is_set():
                armed = self.commits.armed()
                try:
                    busy = await self.round(client)
                except Exception as exc:  # database down: try again after the poll interval
                    log.warning("webhooks.round_failed", error=describe(exc))
                    busy = False
                if not busy:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(armed.wait(), timeout=self.settings.webhook_poll_seconds)
                        await asyncio.sleep(WAKE_DELAY_SECONDS)  # the commits of the next moments, one round

    async def round(self, client: httpx.AsyncClient) -> bool:
        """Serve every due subscription once; True when something was sent (there may be more)."""
        if not await self._any_enabled():
            return False
        due = await self._claim()
        sent = await asyncio.gather(*(self._serve(client, row) for row in due))
        return any(sent)

    async def _claim(self) -> list[Any]:
        s = SUBSCRIPTIONS.c
        now = datetime.now(UTC)
        end = select(func.coalesce(func.max(outbox.c.seq), 0)).scalar_subquery()  # caught-up ones are left alone
        due = (
            select(s.id)
            .where(s.enabled.is_(True), s.next_attempt_at <= now, s.cursor < end)
            .order_by(s.next_attempt_at)
            .limit(CLAIM)
            .with_for_update(skip_locked=True)
        )
        async with self.db.engine.begin() as conn:
            result = await conn.execute(
                update(SUBSCRIPTIONS)
                .where(s.id.in_(due.scalar_subquery()))
                .values(next_attempt_at=now + LEASE)
                .returning(SUBSCRIPTIONS)
            )
            return list(result.all())

    async def _serve(self, client: httpx.AsyncClient, sub: Any) -> bool:
        async with self.db.read_session() as session:
            path = (await session.execute(select(org_nodes.c.path).where(org_nodes.c.id == sub.org_id))).scalar()
            if path is None:  # the organisation is gone from the tree: nothing of it to send
                batch = Batch([], sub.cursor, [])
            else:
                batch = await read_batch(session, after=sub.cursor, org_path=path, types=sub.types, limit=BATCH)
        attempts = await self._send(client, sub, batch) if batch.envelopes else []
        await self._record(sub, batch, attempts)
        return any(a.succeeded for a in attempts)

    async def _send(self, client: httpx.AsyncClient, sub: Any, batch: Batch) -> list[Attempt]:
        refusal = await self._target_refusal(sub.url)
        attempts: list[Attempt] = []
        for event, seq in zip(batch.envelopes, batch.seqs, strict=True):
            attempt = Attempt(event, seq, None, refusal) if refusal else await self._post(client, sub, event, seq)
            attempts.append(attempt)
            if not attempt.succeeded:
                break  # later events wait for this one: order is kept
        return attempts

    async def _target_refusal(self, url: str) -> str | None:
        host = host_of(url)
        if host in self.settings.webhook_allowed_hosts:
            return None
        addresses = await resolve(host, 443)
        refused = sorted(a for a in addresses if rules.refused_address(a))
        if not addresses:
            return f"{host} does not resolve"
        return f"{host} resolves to the internal address {refused[0]}" if refused else None

    async def _post(self, client: httpx.AsyncClient, sub: Any, event: dict[str, Any], seq: int) -> Attempt:
        body = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()
        now = datetime.now(UTC)
        timestamp = int(now.timestamp())
        keys = rules.secrets_in_force(sub.secret, sub.previous_secret, sub.previous_secret_until, now)
        headers = {
            "content-type": "application/cloudevents+json",
            "webhook-id": str(event["id"]),
            "webhook-timestamp": str(timestamp),
            "webhook-signature": rules.signature_header(keys, str(event["id"]), timestamp, body),
        }
        try:
            response = await client.post(sub.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return Attempt(event, seq, None, describe(exc))
        if 200 <= response.status_code < 300:
            return Attempt(event, seq, response.status_code, None)
        return Attempt(event, seq, response.status_code, f"answered {response.status_code}")

    async def _record(self, sub: Any, batch: Batch, attempts: list[Attempt]) -> None:
        """The delivery log and the subscription's new position, failures and next attempt, in one transaction."""
        now = datetime.now(UTC)
        values = outcome(sub, batch, attempts, now, self.settings)
        async with self.db.engine.begin() as conn:
            if attempts:
                await conn.execute(insert(DELIVERIES), [_log_row(sub.id, a) for a in attempts])
            s = SUBSCRIPTIONS.c  # unless its owner changed it meanwhile (a redelivery's rewind, a re-enabling)
            mine = (s.id == sub.id) & (s.cursor == sub.cursor) & (s.version == sub.version)
            await conn.execute(update(SUBSCRIPTIONS).where(mine).values(**values))
        if values.get("enabled") is False:
            log.warning("webhooks.disabled", webhook=sub.id, reason=values["disabled_reason"])


def outcome(sub: Any, batch: Batch, attempts: list[Attempt], now: datetime, settings: Settings) -> dict[str, Any]:
    """Where the subscription stands after a round: past every delivered event (past the whole batch if all were),
    and on failure its retry time, or disabled once it has failed long enough."""
    failed = attempts[-1] if attempts and not attempts[-1].succeeded else None
    if failed is None:
        return {"cursor": batch.cursor, "failures": 0, "failing_since": None, "next_attempt_at": now}
    delivered = [a.seq for a in attempts if a.succeeded]
    cursor = delivered[-1] if delivered else sub.cursor
    failures = 0 if delivered else sub.failures
    failing_since = None if delivered else sub.failing_since
    failing_since = failing_since or now
    values: dict[str, Any] = {
        "cursor": cursor,
        "failures": failures + 1,
        "failing_since": failing_since,
        "next_attempt_at": now
        + rules.retry_delay(
            failures + 1,
            base_seconds=settings.webhook_retry_base_seconds,
            cap_seconds=settings.webhook_retry_cap_seconds,
        ),
    }
    if rules.should_disable(failing_since, now, after_seconds=settings.webhook_disable_after_seconds):
        values["enabled"] = False
        values["disabled_reason"] = f"failing since {failing_since.isoformat()}: {failed.error}"
    return values


def _log_row(subscription_id: str, attempt: Attempt) -> dict[str, Any]:
    return {
        "subscription_id": subscription_id,
        "event_id": str(attempt.event["id"]),
        "event_type": str(attempt.event["type"]),
        "succeeded": attempt.succeeded,
        "status_code": attempt.status_code,
        "error": attempt.error,
    }


def start(app: FastAPI) -> None:
    """Startup hook: the dispatcher runs beside the relay and consumers (not in API-only replicas)."""
    settings: Settings = app.state.settings
    if not settings.run_background_workers:
        return
    runtime = app.state.runtime
    dispatcher = Dispatcher(runtime.db, settings, runtime.stopping, runtime.commits)
    app.state.webhook_dispatcher = dispatcher
    runtime.tasks.append(asyncio.create_task(dispatcher.run(), name="webhooks"))
