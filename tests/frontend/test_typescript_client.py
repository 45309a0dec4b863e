"""A front end generates its client from each service's OpenAPI document (openapi-typescript) and type-checks
what it reads with ``tsc --strict``: enums in responses, ETag/Location response headers, Idempotency-Key and
If-Match request headers, JSON-only report operations, file operations with a ``format`` enum, named figures
(usage.ts). The tools are installed with ``npm ci`` from package-lock.json into a cache directory, once per
lock file."""

from __future__ import annotations

import hashlib
import importlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = ROOT / ".grassroots" / "frontend-npm"
SERVICES = ("membership", "meetings", "inspection", "reporting")

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="node and npm are needed to run openapi-typescript and tsc (install Node.js 18+)",
)


def _tools() -> Path:
    """node_modules with the locked openapi-typescript and typescript, installed once per lock file."""
    lock = (HERE / "package-lock.json").read_bytes()
    target = CACHE / hashlib.sha256(lock).hexdigest()[:16]
    if not (target / "node_modules" / ".bin" / "tsc").exists():
        target.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HERE / name, target / name)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--cache", str(CACHE / "npm-cache")],
            cwd=target,
            check=True,
            capture_output=True,
            timeout=600,
        )
    return target / "node_modules" / ".bin"


def _document(service: str) -> dict[str, object]:
    app = importlib.import_module(f"{service}.app").create_app()
    document: dict[str, object] = app.openapi()
    return document


def _type_check(tmp_path: Path, alter: dict[str, object] | None = None) -> subprocess.CompletedProcess[str]:
    """Generate every service's client into ``gen/`` and run ``tsc --strict`` over usage.ts; ``alter`` replaces
    a membership schema first (to show the check can fail)."""
    bin_dir = _tools()
    (tmp_path / "gen").mkdir()
    for service in SERVICES:
        document = _document(service)
        if service == "membership" and alter:
            document["components"]["schemas"].update(alter)  # type: ignore[index]
        spec = tmp_path / f"{service}.json"
        spec.write_text(json.dumps(document))
        generated = subprocess.run(
            [str(bin_dir / "openapi-typescript"), str(spec), "-o", str(tmp_path / "gen" / f"{service}.ts")],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert generated.returncode == 0, generated.stderr[-3000:]
    for name in ("usage.ts", "tsconfig.json"):
        shutil.copy(HERE / name, tmp_path / name)
    return subprocess.run(
        [str(bin_dir / "tsc"), "-p", str(tmp_path / "tsconfig.json")], capture_output=True, text=True, timeout=300
    )


def test_generated_clients_type_check_enums_headers_and_figures_without_casts(tmp_path: Path) -> None:
    checked = _type_check(tmp_path)
    assert checked.returncode == 0, checked.stdout[-6000:]


def test_a_string_state_in_a_response_fails_the_usage_file(tmp_path: Path) -> None:
    """The check can fail: the same usage file against a document whose organisation kind is a plain string."""
    org = _document("membership")["components"]["schemas"]["OrgOut"]  # type: ignore[index]
    loose = {**org, "properties": {**org["properties"], "kind": {"type": "string"}}}
    checked = _type_check(tmp_path, {"OrgOut": loose})
    assert checked.returncode != 0
    assert "Type 'string' is not assignable to type 'never'" in checked.stdout
