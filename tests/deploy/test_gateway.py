"""The gateway's configuration (deploy/caddy/Caddyfile) run by a real Caddy in front of stub upstreams that echo
what they receive: every route of the route table reaches its owner with the path it should, the admin prefix is
rewritten, docs and OpenAPI documents are served per service, and nothing else gets through.

Independent of the services' code, so it pins the gateway's behaviour even while a service is broken; the
runtime test (test_compose_runtime.py) sends requests through the same gateway to the real services."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from grassroots_cli import compose_check as cc
from tests.deploy.helpers import CADDY_MISSING, REPO, base_env, find_caddy, map_paths, mounts, stop, tail


class _Echo(BaseHTTPRequestHandler):
    service = ""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.dumps(
            {
                "service": self.service,
                "method": self.command,
                "path": self.path,
                "forwarded_for": self.headers.get("X-Forwarded-For"),
                "body": self.rfile.read(length).decode() if length else "",
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, *args: object) -> None:
        pass


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
    for service in cc.SERVICES:
        handler = type(f"Echo_{service}", (_Echo,), {"service": service})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        env[f"{service.upper()}_HOST"] = "127.0.0.1"
        env[f"{service.upper()}_PORT"] = str(server.server_address[1])
    tmp = tmp_path_factory.mktemp("gateway")
    spec = cc.load()["services"]["gateway"]
    port = free_port()
    env |= {k: str(v) for k, v in spec["environment"].items()}
    env |= {
        "GATEWAY_SITE": f"http://127.0.0.1:{port}",
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
        wait_for_port(port, timeout=20, process=process)
        yield Gateway(f"http://127.0.0.1:{port}", log)
    finally:
        stop(process)
        for server in servers:
            server.shutdown()


def _echo(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(("service", "prefix"), [(s, p) for s, ps in cc.ROUTES.items() for p in ps])
def test_every_area_reaches_its_owner_unchanged(gateway: Gateway, service: str, prefix: str) -> None:
    with httpx.Client(base_url=gateway.url) as client:
        assert _echo(client.get(prefix))["service"] == service
        echoed = _echo(client.post(f"{prefix}/some-id/action?x=1&y=%C4%90", content=b'{"a":1}'))
    assert echoed == echoed | {
        "service": service,
        "method": "POST",
        "path": f"{prefix}/some-id/action?x=1&y=%C4%90",
        "body": '{"a":1}',
    }
    assert echoed["forwarded_for"] == "127.0.0.1"


@pytest.mark.parametrize("service", cc.SERVICES)
def test_admin_routes_are_exposed_per_service_with_the_prefix_rewritten(gateway: Gateway, service: str) -> None:
    with httpx.Client(base_url=gateway.url) as client:
        listed = _echo(client.get(f"/api/v1/admin/{service}/dead-letters?pending=false&limit=5"))
        replayed = _echo(client.post(f"/api/v1/admin/{service}/dead-letters/42/replay"))
    assert (listed["service"], listed["path"]) == (service, "/api/v1/admin/dead-letters?pending=false&limit=5")
    assert (replayed["service"], replayed["path"]) == (service, "/api/v1/admin/dead-letters/42/replay")


@pytest.mark.parametrize("service", cc.SERVICES)
def test_docs_and_openapi_are_served_per_service(gateway: Gateway, service: str) -> None:
    with httpx.Client(base_url=gateway.url) as client:
        assert client.get(f"/docs/{service}").headers["location"] == f"/docs/{service}/"
        docs = _echo(client.get(f"/docs/{service}/"))
        assert (docs["service"], docs["path"]) == (service, "/docs")
        assert _echo(client.get(f"/openapi/{service}.json"))["path"] == "/openapi.json"
        # The Swagger UI page of /docs/<svc>/ asks for "/openapi.json": the Referer tells whose it is.
        own = _echo(client.get("/openapi.json", headers={"Referer": f"{gateway.url}/docs/{service}/"}))
    assert (own["service"], own["path"]) == (service, "/openapi.json")


@pytest.mark.parametrize(
    "path",
    [
        "/metrics",
        "/readyz",
        "/healthz/x",
        "/api/v1/admin/dead-letters",
        "/api/v1/membersx",
        "/api/v2/members",
        "/openapi.json",
        "/docs/unknown/",
    ],
)
def test_nothing_else_reaches_a_service(gateway: Gateway, path: str) -> None:
    response = httpx.get(gateway.url + path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_gateway_health_index_and_headers(gateway: Gateway) -> None:
    with httpx.Client(base_url=gateway.url) as client:
        assert client.get("/healthz").text == "ok"
        index = client.get("/docs/")
        response = client.get("/api/v1/members")
    assert all(f'href="/docs/{s}/"' in index.text for s in cc.SERVICES)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "server" not in response.headers
    errors = [line for line in tail(gateway.log, 400).splitlines() if '"level":"error"' in line]
    assert errors == [], errors


def test_caddyfile_is_formatted() -> None:
    caddy = find_caddy()
    if caddy is None:
        pytest.skip(CADDY_MISSING)
    path = REPO / "deploy" / "caddy" / "Caddyfile"
    formatted = subprocess.run([caddy, "fmt", str(path)], capture_output=True, text=True, check=True).stdout
    assert formatted == path.read_text(), "run `caddy fmt --overwrite deploy/caddy/Caddyfile`"
