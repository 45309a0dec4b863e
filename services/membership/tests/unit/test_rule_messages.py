"""Every rule code the domain raises has a Vietnamese and an English text whose placeholders it fills."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import membership.admission
import membership.members
from shared.i18n import has_message, translate

PACKAGES = [Path(membership.admission.__file__).parent, Path(membership.members.__file__).parent]
RAISING = {"RuleViolation", "InvalidTransition"}
RULE_MODULES = {"rules.py", "timing.py", "pipeline.py", "limits.py"}


def _raised_codes() -> dict[str, set[str]]:
    """``{code: keyword names}`` of each ``RuleViolation`` or ``InvalidTransition`` in the rule modules."""
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for module in package.glob("*.py"):
            if module.name not in RULE_MODULES:
                continue
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in RAISING:
                    code = node.args[0]
                    assert isinstance(code, ast.Constant), f"{module.name}:{node.lineno} code must be a literal"
                    keywords = {k.arg for k in node.keywords if k.arg}
                    found.setdefault(str(code.value), set()).update(keywords - {"field", "overridable"})
    return found


CODES = _raised_codes()


def test_the_scan_finds_the_rules() -> None:
    assert {"admission.age_range", "admission.invalid_transition", "member.invalid_transition"} <= set(CODES)
    assert len(CODES) >= 25


@pytest.mark.parametrize("code", sorted(CODES))
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_raised_code_has_a_message_its_values_fill(code: str, language: str) -> None:
    assert has_message(code), code
    template = translate(code, language)
    placeholders = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    assert placeholders <= CODES[code], f"{code} ({language}) needs {placeholders - CODES[code]}"
    filled = translate(code, language, **{name: "X" for name in CODES[code]})
    assert "{" not in filled


def test_vietnamese_texts_are_written_with_diacritics() -> None:
    for code in CODES:
        assert any(ord(ch) > 127 for ch in translate(code, "vi")), code
