"""Every service gets the same platform: idempotent POSTs, request ids, body limits, NFC text, problem and fault
handlers, admin routes."""

from __future__ import annotations

import importlib
import re
from datetime import date

import httpx
import pytest
from sqlalchemy.exc import DBAPIError

from shared.bodylimit import BodyLimitMiddleware
from shared.faults import handle_infrastructure_error
from shared.idempotency import IdempotencyMiddleware
from shared.observability import RequestContextMiddleware
from shared.policy import Policy
from shared.testing.harness import TEST_SECRET
from shared.text import TextBoundaryMiddleware

SERVICES = ("membership", "meetings", "inspection", "reporting")


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_built_on_the_shared_platform(service: str) -> None:
    settings = importlib.import_module(f"{service}.settings").Settings(jwt_secret=TEST_SECRET)
    app = importlib.import_module(f"{service}.app").create_app(settings)
    middleware = {m.cls for m in app.user_middleware}
    assert {IdempotencyMiddleware, RequestContextMiddleware, BodyLimitMiddleware, TextBoundaryMiddleware} <= middleware
    for failure in (DBAPIError, ConnectionError, TimeoutError, OverflowError):  # 503 / 409 / 422, never a 500
        assert app.exception_handlers[failure] is handle_infrastructure_error
    paths = set(app.openapi()["paths"])
    assert {
        "/healthz",
        "/readyz",
        "/api/v1/admin/dead-letters",
        "/api/v1/admin/outbox",
        "/api/v1/admin/parked",
        "/api/v1/changes",
    } <= paths


@pytest.mark.parametrize("service", SERVICES)
async def test_a_date_before_the_earliest_regulation_is_a_422_naming_the_rule_in_every_service(service: str) -> None:
    """The platform maps ``PolicyNotInForce`` once, so no service can leak it as a 500 (a history load from 2005)."""
    settings = importlib.import_module(f"{service}.settings").Settings(jwt_secret=TEST_SECRET)
    app = importlib.import_module(f"{service}.app").create_app(settings)
    rule = Policy.of("admission.applicant_age", [(date(2011, 11, 1), 18, "45-QĐ/TW")])

    @app.get("/probe-policy")
    async def probe() -> int:
        return rule.at(date(2005, 3, 1))

    # No lifespan: the exception handler alone is under test.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        responses = {
            lang: await client.get("/probe-policy", headers={"Accept-Language": lang}) for lang in ("en", "vi")
        }
    for language, word in (("en", "precedes"), ("vi", "trước")):
        response = responses[language]
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        body = response.json()
        assert body["rule"] == "policy.not_in_force"
        assert body["values"] == {"policy": "admission.applicant_age", "date": "2005-03-01", "earliest": "2011-11-01"}
        assert word in body["detail"]


@pytest.mark.parametrize("service", SERVICES)
async def test_api_docs_load_their_assets_from_the_service_itself_not_a_cdn(service: str) -> None:
    """An intranet without internet still gets /docs and /redoc: every script and style is served by the service."""
    settings = importlib.import_module(f"{service}.settings").Settings(jwt_secret=TEST_SECRET)
    app = importlib.import_module(f"{service}.app").create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for page in ("/docs", "/redoc"):
            html = (await client.get(page)).text
            assets = re.findall(r'(?:src|href)="([^"]+)"', html)
            assert assets, html
            for asset in assets:
                assert asset.startswith("/docs/assets/"), f"{page} loads {asset} from elsewhere"
                response = await client.get(asset)
                assert response.status_code == 200, asset
                assert len(response.content) > 1000, asset


@pytest.mark.parametrize("service", SERVICES)
async def test_a_cross_origin_front_end_can_read_the_headers_it_needs(service: str) -> None:
    settings = importlib.import_module(f"{service}.settings").Settings(
        jwt_secret=TEST_SECRET, cors_origins=["https://app.example.vn"]
    )
    app = importlib.import_module(f"{service}.app").create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/healthz", headers={"Origin": "https://app.example.vn"})
        refused = await client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert response.headers["access-control-allow-origin"] == "https://app.example.vn"
    exposed = {h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")}
    assert {"etag", "location", "idempotent-replayed", "last-event-at", "content-disposition"} <= exposed
    assert "access-control-allow-origin" not in refused.headers
