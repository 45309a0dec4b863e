"""Every service gets the same platform: idempotent POSTs, request ids, problem handlers, admin routes."""

from __future__ import annotations

import importlib

import pytest

from shared.idempotency import IdempotencyMiddleware
from shared.observability import RequestContextMiddleware
from shared.testing.harness import TEST_SECRET

SERVICES = ("membership", "meetings", "inspection", "reporting")


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_built_on_the_shared_platform(service: str) -> None:
    settings = importlib.import_module(f"{service}.settings").Settings(jwt_secret=TEST_SECRET)
    app = importlib.import_module(f"{service}.app").create_app(settings)
    middleware = {m.cls for m in app.user_middleware}
    assert {IdempotencyMiddleware, RequestContextMiddleware} <= middleware
    paths = set(app.openapi()["paths"])
    assert {"/healthz", "/readyz", "/api/v1/admin/dead-letters", "/api/v1/admin/outbox"} <= paths
