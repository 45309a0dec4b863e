"""Webhook subscription commands: create, change, rotate the secret, rewind, delete. Each is audited; a
subscription belongs to an organisation of the caller's subtree and sees only that subtree's events."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from pydantic import AnyHttpUrl
from sqlalchemy import func, select

from membership import scope
from membership.settings import Settings
from membership.webhooks import rules
from membership.webhooks.models import Redeliver, WebhookChange, WebhookIn, WebhookSubscription
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import NotFound, RuleViolation
from shared.etag import check_version
from shared.filters import one_or_404
from shared.schema import outbox


async def check_target(url: AnyHttpUrl, settings: Settings) -> None:
    """https to a public address, unless the operator's allow-list names the host (checked again at delivery, as
    a name may resolve elsewhere later)."""
    host = (url.host or "").strip("[]")  # an IPv6 literal comes bracketed
    if host in settings.webhook_allowed_hosts:
        return
    if url.scheme != "https":
        raise RuleViolation("webhook.https_required", field="url", url=str(url))
    addresses = await resolve(host, url.port or 443)
    if not addresses:
        raise RuleViolation("webhook.target_unresolvable", field="url", host=host)
    refused = sorted(a for a in addresses if rules.refused_address(a))
    if refused:
        raise RuleViolation("webhook.target_not_public", field="url", host=host, address=refused[0])


async def resolve(host: str, port: int) -> set[str]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port)
    except (OSError, ValueError):  # no such name, or not a name at all (an invalid IDNA label)
        return set()
    return {str(info[4][0]) for info in infos}


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


async def load(uow: UnitOfWork, principal: Principal, webhook_id: str) -> WebhookSubscription:
    """The subscription, locked, if its organisation is in the caller's subtree; 404 otherwise."""
    query = select(WebhookSubscription).where(
        WebhookSubscription.id == webhook_id, scope.in_scope(WebhookSubscription.org_id, principal)
    )
    not_found = NotFound("resource.not_found", resource="webhook", id=webhook_id)
    return await one_or_404(uow.session, query, not_found, for_update=True)


async def create(
    db: Database, ctx: Context, principal: Principal, body: WebhookIn, settings: Settings
) -> tuple[WebhookSubscription, str]:
    """A new subscription starts at the log's end: it receives what commits from now on."""
    await check_target(body.url, settings)
    async with db.uow(ctx) as uow:
        node = await orgtree.node_in_scope(uow.session, principal, body.org_id)
        end = (await uow.session.execute(select(func.coalesce(func.max(outbox.c.seq), 0)))).scalar_one()
        secret = rules.new_secret()
        webhook = WebhookSubscription(
            id=str(uuid.uuid4()),
            org_id=node.id,
            url=str(body.url),
            types=sorted(set(body.types)),
            description=body.description,
            secret=secret,
            cursor=int(end),
            created_by=principal.actor,
        )
        uow.session.add(webhook)
        await uow.session.flush()
        await uow.audit("webhook.created", "webhook", webhook.id, org_id=node.id, after={"url": webhook.url})
        await uow.commit()
    return webhook, secret


async def change(
    db: Database,
    ctx: Context,
    principal: Principal,
    webhook_id: str,
    body: WebhookChange,
    expected: int | None,
    settings: Settings,
) -> WebhookSubscription:
    if body.url is not None:
        await check_target(body.url, settings)
    async with db.uow(ctx) as uow:
        webhook = await load(uow, principal, webhook_id)
        check_version(webhook.version, expected)
        before = {"url": webhook.url, "types": webhook.types, "enabled": webhook.enabled}
        if body.url is not None:
            webhook.url = str(body.url)
        if body.types is not None:
            webhook.types = sorted(set(body.types))
        if body.description is not None:
            webhook.description = body.description
        if body.enabled is not None:
            _set_enabled(webhook, body.enabled)
        await uow.session.flush()
        after = {"url": webhook.url, "types": webhook.types, "enabled": webhook.enabled}
        await uow.audit("webhook.changed", "webhook", webhook.id, org_id=webhook.org_id, before=before, after=after)
        await uow.commit()
    return webhook


def _set_enabled(webhook: WebhookSubscription, enabled: bool) -> None:
    """Re-enabling forgets the failures and tries at once, from where delivery stopped (nothing is lost)."""
    webhook.enabled = enabled
    if enabled:
        webhook.disabled_reason = None
        webhook.failures = 0
        webhook.failing_since = None
        webhook.next_attempt_at = datetime.now(UTC)
    else:
        webhook.disabled_reason = "disabled by its owner"


async def rotate_secret(
    db: Database, ctx: Context, principal: Principal, webhook_id: str, settings: Settings
) -> tuple[WebhookSubscription, str]:
    """A new secret; deliveries carry signatures by both until the overlap ends, so the receiver can switch."""
    async with db.uow(ctx) as uow:
        webhook = await load(uow, principal, webhook_id)
        webhook.previous_secret = webhook.secret
        webhook.previous_secret_until = datetime.now(UTC) + timedelta(seconds=settings.webhook_secret_overlap_seconds)
        secret = webhook.secret = rules.new_secret()
        await uow.session.flush()
        await uow.audit("webhook.secret_rotated", "webhook", webhook.id, org_id=webhook.org_id)
        await uow.commit()
    return webhook, secret


async def redeliver(
    db: Database, ctx: Context, principal: Principal, webhook_id: str, body: Redeliver
) -> WebhookSubscription:
    """Rewind to just before an event: it and everything after it (of the subscription's kind) are sent again."""
    async with db.uow(ctx) as uow:
        webhook = await load(uow, principal, webhook_id)
        seq = (
            await uow.session.execute(select(outbox.c.seq).where(outbox.c.event_id == body.from_event_id))
        ).scalar_one_or_none()
        if seq is None:
            raise NotFound("resource.not_found", field="from_event_id", resource="event", id=body.from_event_id)
        webhook.cursor = min(webhook.cursor, seq - 1)
        webhook.next_attempt_at = datetime.now(UTC)
        await uow.session.flush()
        await uow.audit(
            "webhook.redelivery", "webhook", webhook.id, org_id=webhook.org_id, after={"from": body.from_event_id}
        )
        await uow.commit()
    return webhook


async def delete(db: Database, ctx: Context, principal: Principal, webhook_id: str) -> None:
    async with db.uow(ctx) as uow:
        webhook = await load(uow, principal, webhook_id)
        await uow.session.delete(webhook)
        await uow.audit("webhook.deleted", "webhook", webhook.id, org_id=webhook.org_id, before={"url": webhook.url})
        await uow.commit()
