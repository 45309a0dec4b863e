"""Routes of webhook subscriptions: an administrator or an integration client of an organisation subscribes an
endpoint to its subtree's events, rotates the secret, reads the delivery log and asks for redelivery."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response, status
from sqlalchemy import select

from membership import scope
from membership.common import IfMatch, Integrator
from membership.settings import Settings
from membership.webhooks import commands
from membership.webhooks.models import (
    DeliveryOut,
    Redeliver,
    WebhookChange,
    WebhookDelivery,
    WebhookIn,
    WebhookOut,
    WebhookSubscription,
    WebhookWithSecret,
)
from shared.deps import DB, Ctx
from shared.errors import NotFound
from shared.etag import set_etag
from shared.openapi import creates, sends
from shared.pagination import Page, PageRequest, page_of, page_params

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])
WebhookId = Annotated[str, Path(min_length=1, max_length=36)]


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


Config = Annotated[Settings, Depends(_settings)]


def _changed(request: Request) -> None:
    """This process's dispatcher looks for enabled subscriptions again (it skips its rounds while none is)."""
    dispatcher = getattr(request.app.state, "webhook_dispatcher", None)
    if dispatcher is not None:
        dispatcher.subscriptions_changed()


def _with_secret(webhook: WebhookSubscription, secret: str) -> WebhookWithSecret:
    return WebhookWithSecret.model_validate({**WebhookOut.model_validate(webhook).model_dump(), "secret": secret})


@router.post("", **creates("createWebhook", WebhookWithSecret))
async def create_webhook(
    body: WebhookIn, principal: Integrator, db: DB, ctx: Ctx, settings: Config, response: Response, request: Request
) -> WebhookWithSecret:
    """Events committed from now on are sent; the secret is shown here once (and on rotation)."""
    webhook, secret = await commands.create(db, ctx, principal, body, settings)
    _changed(request)
    response.headers["Location"] = f"/api/v1/webhooks/{webhook.id}"
    set_etag(response, webhook.version)
    return _with_secret(webhook, secret)


@router.get("", operation_id="listWebhooks", response_model=Page[WebhookOut])
async def list_webhooks(
    principal: Integrator, db: DB, page: Annotated[PageRequest, Depends(page_params)]
) -> Page[WebhookOut]:
    query = select(WebhookSubscription).where(scope.in_scope(WebhookSubscription.org_id, principal))
    async with db.read_session() as session:
        return await page_of(session, query, [WebhookSubscription.id.expression], page, WebhookOut)


@router.get("/{webhook_id}", operation_id="getWebhook", response_model=WebhookOut, responses=sends("ETag"))
async def get_webhook(webhook_id: WebhookId, principal: Integrator, db: DB, response: Response) -> WebhookOut:
    async with db.read_session() as session:
        webhook = (
            await session.execute(
                select(WebhookSubscription).where(
                    WebhookSubscription.id == webhook_id, scope.in_scope(WebhookSubscription.org_id, principal)
                )
            )
        ).scalar_one_or_none()
    if webhook is None:
        raise NotFound("resource.not_found", resource="webhook", id=webhook_id)
    set_etag(response, webhook.version)
    return WebhookOut.model_validate(webhook)


@router.patch("/{webhook_id}", operation_id="changeWebhook", response_model=WebhookOut, responses=sends("ETag"))
async def change_webhook(
    webhook_id: WebhookId,
    body: WebhookChange,
    principal: Integrator,
    db: DB,
    ctx: Ctx,
    settings: Config,
    response: Response,
    expected: IfMatch,
    request: Request,
) -> WebhookOut:
    webhook = await commands.change(db, ctx, principal, webhook_id, body, expected, settings)
    _changed(request)
    set_etag(response, webhook.version)
    return WebhookOut.model_validate(webhook)


@router.post("/{webhook_id}/rotate-secret", operation_id="rotateWebhookSecret", response_model=WebhookWithSecret)
async def rotate_secret(
    webhook_id: WebhookId, principal: Integrator, db: DB, ctx: Ctx, settings: Config
) -> WebhookWithSecret:
    """A new secret; the old one still signs deliveries during the overlap (`webhook_secret_overlap_seconds`)."""
    webhook, secret = await commands.rotate_secret(db, ctx, principal, webhook_id, settings)
    return _with_secret(webhook, secret)


@router.post("/{webhook_id}/redeliver", operation_id="redeliverWebhook", response_model=WebhookOut)
async def redeliver(webhook_id: WebhookId, body: Redeliver, principal: Integrator, db: DB, ctx: Ctx) -> WebhookOut:
    """Send again from an event on (the receiver de-duplicates by `webhook-id`, the event id)."""
    return WebhookOut.model_validate(await commands.redeliver(db, ctx, principal, webhook_id, body))


@router.delete("/{webhook_id}", operation_id="deleteWebhook", status_code=status.HTTP_204_NO_CONTENT)
async def delete_webhook(webhook_id: WebhookId, principal: Integrator, db: DB, ctx: Ctx) -> Response:
    await commands.delete(db, ctx, principal, webhook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{webhook_id}/deliveries", operation_id="listWebhookDeliveries", response_model=Page[DeliveryOut])
async def list_deliveries(
    webhook_id: WebhookId, principal: Integrator, db: DB, page: Annotated[PageRequest, Depends(page_params)]
) -> Page[DeliveryOut]:
    """Every attempt, newest first: what was sent and what the endpoint answered."""
    owned = select(WebhookSubscription.id).where(
        WebhookSubscription.id == webhook_id, scope.in_scope(WebhookSubscription.org_id, principal)
    )
    async with db.read_session() as session:
        if (await session.execute(owned)).scalar_one_or_none() is None:
            raise NotFound("resource.not_found", resource="webhook", id=webhook_id)
        query = select(WebhookDelivery).where(WebhookDelivery.subscription_id == webhook_id)
        return await page_of(session, query, [WebhookDelivery.id.expression], page, DeliveryOut, descending=True)
