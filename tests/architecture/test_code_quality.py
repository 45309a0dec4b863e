"""The code stays as the style guide asks: ruff clean everywhere, mypy --strict clean on every package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PACKAGES = [
    "shared/shared",
    "tools/grassroots_cli",
    *(f"services/{s}/{s}" for s in ("membership", "meetings", "inspection", "reporting")),
]


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def test_one_code_format() -> None:
    """One format (``ruff format``) for every module, so a diff shows what changed, never whose editor saved it."""
    result = subprocess.run([str(BIN / "ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def test_mypy_strict_finds_nothing() -> None:
    result = subprocess.run([str(BIN / "mypy"), *PACKAGES], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]
