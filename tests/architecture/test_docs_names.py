"""The architecture document names only things that exist: every dotted Python name it quotes resolves."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
NAME = re.compile(r"`((?:shared|membership|meetings|inspection|reporting|grassroots_cli)(?:\.\w+)+)")
PLACEHOLDERS = {"shared.x"}  # "import as shared.x": a pattern, not a name


def _resolves(name: str) -> bool:
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attribute in parts[i:]:
            if not hasattr(obj, attribute):
                return False
            obj = getattr(obj, attribute)
        return True
    return False


NAMES = sorted(set(NAME.findall(DOC.read_text(encoding="utf-8"))) - PLACEHOLDERS)


def test_the_document_quotes_names() -> None:
    assert "shared.pagination.page_of" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_quoted_name_exists(name: str) -> None:
    assert _resolves(name), f"docs/architecture.md names {name}, which does not exist"
