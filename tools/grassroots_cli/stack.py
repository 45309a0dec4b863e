"""The development stack: embedded PostgreSQL and nats-server (unless the environment names servers), one
database per service migrated to head, and the four services as separate uvicorn processes."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

from shared.devservers import EmbeddedNats, EmbeddedPostgres, free_port
from shared.migrate import upgrade

SERVICES = ("membership", "meetings", "inspection", "reporting")
DEFAULT_PORTS = {"membership": 8001, "meetings": 8002, "inspection": 8003, "reporting": 8004}
ROOT = Path(__file__).resolve().parents[2]


def service_dir(service: str) -> Path:
    return ROOT / "services" / service


def database_url_for(server_url: str, service: str, prefix: str = "grassroots") -> str:
    base, _, _ = server_url.rpartition("/")
    return f"{base}/{prefix}_{service}"


async def ensure_database(server_url: str, name: str) -> None:
    dsn = server_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def port_is_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


DEV_CORS_ORIGINS = '["http://localhost:5173", "http://127.0.0.1:5173"]'


def dev_accounts(folder: Path) -> str:
    """The accounts include ``grassroots nats-accounts --out <folder>/accounts.conf`` last wrote (the province
    users survive a restart), or only the services' user before it ever ran."""
    from shared.natsaccounts import render_accounts

    existing = folder / "accounts.conf"
    return existing.read_text(encoding="utf-8") if existing.exists() else render_accounts([], {})


@dataclass
class Stack:
    data_dir: Path
    host: str = "127.0.0.1"
    postgres: EmbeddedPostgres | None = None
    nats: EmbeddedNats | None = None
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    # Instance name -> service, for replicas started beside a service's first process ("reporting-2" -> reporting).
    replicas: dict[str, str] = field(default_factory=dict)
    # Settings every service process gets, without its prefix ({"CONSUMER_ACK_WAIT_SECONDS": "10"}).
    settings: dict[str, str] = field(default_factory=dict)
    database_server_url: str = ""
    nats_url: str = ""
    jwt_secret: str = ""
    db_prefix: str = "grassroots"

    def start_servers(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.database_server_url = os.environ.get("DATABASE_URL", "")
        if not self.database_server_url:
            self.postgres = EmbeddedPostgres(self.data_dir / "postgres").start()
            self.database_server_url = self.postgres.url
        elif self.database_server_url.startswith("postgresql://"):
            self.database_server_url = self.database_server_url.replace("postgresql://", "postgresql+asyncpg://", 1)
        self.nats_url = os.environ.get("NATS_URL", "")
        if not self.nats_url:
            self.nats = EmbeddedNats(self.data_dir / "nats", accounts=dev_accounts(self.data_dir / "nats")).start()
            self.nats_url = self.nats.url
        self.jwt_secret = self._dev_secret()

    def _dev_secret(self) -> str:
        if os.environ.get("GRASSROOTS_JWT_SECRET"):
            return os.environ["GRASSROOTS_JWT_SECRET"]
        path = self.data_dir / "dev-jwt-secret"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    def migrate(self) -> None:
        for service in SERVICES:
            asyncio.run(ensure_database(self.database_server_url, f"{self.db_prefix}_{service}"))
            upgrade(service_dir(service), self.database_url(service))

    def database_url(self, service: str) -> str:
        return database_url_for(self.database_server_url, service, self.db_prefix)

    def env_for(self, service: str) -> dict[str, str]:
        prefix = service.upper() + "_"
        env = dict(os.environ)
        env.update(
            {
                prefix + "DATABASE_URL": self.database_url(service),
                prefix + "NATS_URL": self.nats_url,
                prefix + "JWT_SECRET": self.jwt_secret,
                # A front end's dev server (Vite's default port) may call the APIs directly; override for others.
                prefix + "CORS_ORIGINS": os.environ.get("GRASSROOTS_CORS_ORIGINS", DEV_CORS_ORIGINS),
            }
        )
        env.update({prefix + name: value for name, value in self.settings.items()})
        return env

    def start_services(self, *, default_ports: bool = True) -> None:
        """``default_ports=False`` (benchmarks, tests) never takes 8001–8004, which a developer's stack may want."""
        for service in SERVICES:
            wanted = DEFAULT_PORTS[service]
            port = wanted if default_ports and port_is_free(wanted) else free_port()
            self.ports[service] = port
            self._spawn(service)

    def start_replica(self, service: str) -> str:
        """Another process of ``service`` on a free port and the same database and NATS (the runbook's way to scale
        out); returns its instance name (``reporting-2``, ``reporting-3``…), which ``url``/``kill``/``start`` take."""
        number = 2 + sum(1 for s in self.replicas.values() if s == service)
        name = f"{service}-{number}"
        self.replicas[name] = service
        self.ports[name] = free_port()
        self._spawn(name)
        return name

    def service_of(self, instance: str) -> str:
        return self.replicas.get(instance, instance)

    def _spawn(self, instance: str) -> None:
        service = self.service_of(instance)
        log = open(self.data_dir / f"{instance}.log", "ab")  # noqa: SIM115 - owned by the child process
        self.processes[instance] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                f"{service}.app:create_app",
                "--factory",
                "--host",
                self.host,
                "--port",
                str(self.ports[instance]),
                "--timeout-graceful-shutdown",
                "20",
                "--no-access-log",
            ],
            env=self.env_for(service),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def url(self, service: str) -> str:
        return f"http://{self.host}:{self.ports[service]}"

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        pending = set(self.processes)
        while pending and time.monotonic() < deadline:
            for service in list(pending):
                process = self.processes[service]
                if process.poll() is not None:
                    raise RuntimeError(f"{service} exited ({process.returncode}); see {self.data_dir}/{service}.log")
                try:
                    if httpx.get(self.url(service) + "/readyz", timeout=2).status_code == 200:
                        pending.discard(service)
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
        if pending:
            raise TimeoutError(f"not ready after {timeout}s: {sorted(pending)}")

    def stop_service(self, service: str) -> None:
        process = self.processes.pop(service, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart_service(self, service: str) -> None:
        self.stop_service(service)
        self._spawn(service)

    def kill(self, instance: str) -> None:
        """SIGKILL, as the kernel's OOM killer or a lost machine would: no shutdown hook runs."""
        process = self.processes.pop(instance)
        process.kill()
        process.wait()

    def start(self, instance: str) -> None:
        """Start a stopped or killed instance again on its port (``wait_ready`` waits for it)."""
        self._spawn(instance)

    def stop(self) -> None:
        for service in list(self.processes):
            self.stop_service(service)
        if self.nats is not None:
            self.nats.stop()
        if self.postgres is not None:
            self.postgres.stop()
