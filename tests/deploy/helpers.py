"""Helpers for the deployment tests: run what docker-compose.yml declares as plain processes on this machine.

There is no Docker engine here, so a container becomes a process and compose's wiring becomes a mapping:
- host names and ports of the compose network (``postgres:5432``, ``nats:4222`` …) map to servers on 127.0.0.1;
- bind mounts map to the repository files they mount, named volumes to temporary folders;
- a container's fixed listen port (8000, 80) maps to a free port, since processes share one network namespace;
- compose secrets become a per-container folder of files named like their targets (``GRASSROOTS_SECRETS_DIR``),
  which is where pydantic-settings reads them, exactly as from /run/secrets.
Everything else (commands, arguments, environment, secrets) is taken from the compose file unchanged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]

# The ENV lines of deploy/Dockerfile's runtime stage (part of every service container's environment).
IMAGE_ENV = {"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def find_caddy() -> str | None:
    """The gateway binary: Caddy from the distribution's packages (`apt-get install -y caddy`)."""
    return (
        os.environ.get("GRASSROOTS_CADDY")
        or shutil.which("caddy")
        or ("/usr/bin/caddy" if Path("/usr/bin/caddy").exists() else None)
    )


CADDY_MISSING = (
    "caddy is not installed: the gateway tests need Debian's package (`apt-get install -y caddy`, "
    "which .ci/run does) or GRASSROOTS_CADDY=/path/to/caddy"
)


def venv_binary(name: str) -> str:
    """A console script of this environment (uvicorn, grassroots, nats-server), else one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found beside {sys.executable} or on PATH")
    return found


def base_env(**extra: str) -> dict[str, str]:
    """A minimal process environment: no inherited GRASSROOTS_/service variables can leak into a container."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(extra)
    return env


def remap(value: str, hosts: Mapping[str, str]) -> str:
    for compose_address, local_address in hosts.items():
        value = value.replace(compose_address, local_address)
    return value


def mounts(service: Mapping[str, Any], volumes_root: Path) -> dict[str, Path]:
    """Container path -> host path for a service's ``volumes`` (short syntax)."""
    result: dict[str, Path] = {}
    for item in service.get("volumes") or []:
        source, target = item.split(":")[:2]
        if source.startswith("."):
            result[target] = (REPO / source).resolve()
        else:
            path = volumes_root / source
            path.mkdir(parents=True, exist_ok=True)
            result[target] = path
    return result


def map_paths(args: list[str], mapping: Mapping[str, Path]) -> list[str]:
    out = []
    for arg in args:
        for target in sorted(mapping, key=len, reverse=True):
            if arg == target or arg.startswith(target + "/"):
                arg = str(mapping[target]) + arg[len(target) :]
                break
        out.append(arg)
    return out


def write_secrets(service: Mapping[str, Any], generated: Path, folder: Path, hosts: Mapping[str, str]) -> Path:
    """The container's /run/secrets: each declared secret under its target name, hosts remapped."""
    from grassroots_cli import compose_check as cc

    folder.mkdir(parents=True, exist_ok=True)
    for target, source in cc.service_secrets(service).items():
        (folder / target).write_text(remap((generated / source).read_text(), hosts))
    return folder


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def stop(process: subprocess.Popen[bytes] | None, timeout: float = 15.0) -> int | None:
    if process is None or process.poll() is not None:
        return None if process is None else process.returncode
    process.terminate()
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None
