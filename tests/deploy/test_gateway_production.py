"""The production gateway: deploy/caddy/Caddyfile run by a real Caddy with the environment docker-compose.prod.yml
gives it (site name, TLS mode, Keycloak under /auth/, the request body limit), in front of stub upstreams. The
site answers over HTTPS (Caddy's internal CA stands in for the public one, which needs the internet), Keycloak's
public endpoints are reached under /auth/ while its administration is not, and GATEWAY_MAX_REQUEST_BODY is the
limit the gateway enforces."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from grassroots_cli import compose_check as cc
from grassroots_cli import compose_prod as cp
from tests.deploy.helpers import CADDY_MISSING, base_env, find_caddy, map_paths, mounts, stop, tail
from tests.deploy.test_gateway import _Echo


@dataclass
class Gateway:
    url: str
    log: Path


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    from shared.devservers import free_port, wait_for_port

    caddy = find_caddy()
    if caddy is None:
        pytest.skip(CADDY_MISSING)
    servers: list[ThreadingHTTPServer] = []
    env = base_env()
    for upstream in (*cc.SERVICES, "keycloak"):
        handler = type(f"Echo_{upstream}", (_Echo,), {"service": upstream})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        env[f"{upstream.upper()}_HOST"] = "127.0.0.1"
        env[f"{upstream.upper()}_PORT"] = str(server.server_address[1])
    tmp = tmp_path_factory.mktemp("gateway-prod")
    spec = cp.load_production()["services"]["gateway"]
    assert cc.environment(spec)["GATEWAY_IDP"] == "keycloak"
    port = free_port()
    env |= cc.environment(spec)
    env |= {
        # Network mapping: a local name and free ports instead of the public name and 80/443; the internal CA
        # instead of an ACME one (no internet here). Everything else is the production environment.
        "GATEWAY_SITE": f"localhost:{port}",
        "GATEWAY_TLS": "internal",
        "GATEWAY_HTTPS_PORT": str(port),
        "GATEWAY_HTTP_PORT": str(free_port()),
        "GATEWAY_MAX_REQUEST_BODY": "1KB",
        "GATEWAY_METRICS_SITE": f"http://127.0.0.1:{free_port()}",
        "CADDY_ADMIN": f"127.0.0.1:{free_port()}",
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
    }
    command = map_paths(spec["command"], mounts(spec, tmp))
    log = tmp / "caddy.log"
    with log.open("wb") as out:
        process = subprocess.Popen([caddy, *command[1:]], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, timeout=30, process=process)
        gateway = Gateway(f"https://localhost:{port}", log)
        _wait_for_certificate(gateway, process)
        yield gateway
    finally:
        stop(process)
        for server in servers:
            server.shutdown()


def _wait_for_certificate(gateway: Gateway, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """The port listens before the internal CA has issued the site's certificate: wait for a TLS answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(gateway.url + "/healthz", verify=False, timeout=5).status_code == 200:  # noqa: S501
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the gateway did not answer over HTTPS:\n{tail(gateway.log)}")


def _client(gateway: Gateway) -> httpx.Client:
    return httpx.Client(base_url=gateway.url, verify=False, timeout=20)  # noqa: S501 - Caddy's own test CA


def test_the_site_is_served_over_https_with_the_routes_of_the_development_gateway(gateway: Gateway) -> None:
    with _client(gateway) as client:
        assert client.get("/healthz").text == "ok"
        members = client.get("/api/v1/members")
        assert members.json()["service"] == "membership"
        assert members.http_version in ("HTTP/1.1", "HTTP/2")
        assert client.get("/api/v1/admin/reporting/outbox").json()["path"] == "/api/v1/admin/outbox"


def test_keycloak_is_reached_under_auth_but_not_its_administration(gateway: Gateway) -> None:
    with _client(gateway) as client:
        token = client.post("/auth/realms/grassroots/protocol/openid-connect/token", content=b"grant_type=x")
        assert (token.json()["service"], token.json()["path"]) == (
            "keycloak",
            "/auth/realms/grassroots/protocol/openid-connect/token",
        )
        for hidden in ("/auth/admin/", "/auth/admin/master/console/", "/auth/realms/master/protocol/x"):
            response = client.get(hidden)
            assert response.status_code == 404, hidden
            assert response.headers["content-type"] == "application/problem+json"


def test_the_request_body_limit_comes_from_the_environment(gateway: Gateway) -> None:
    with _client(gateway) as client:
        assert client.post("/api/v1/imports", content=b"x" * 512).json()["service"] == "membership"
        # Caddy 2.10 (the image) answers 413; 2.6 (Debian's, here) fails the proxied upload with 502. Either way
        # the body over the limit never reaches the service.
        assert client.post("/api/v1/imports", content=b"x" * 4096).status_code in (413, 502)
    assert "http: request body too large" in tail(gateway.log, 400)
