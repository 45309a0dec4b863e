"""Every rule code the domain raises has a Vietnamese and an English message whose placeholders are exactly
the values raised with it; every enum value has a label in both languages.

The codes are found by reading the source (every ``RuleViolation(...)`` and ``InvalidTransition(...)``
call), so a new rule without a message, or a renamed parameter, fails here rather than in front of a user.
"""

from __future__ import annotations

import ast
import string
from enum import StrEnum
from pathlib import Path

import pytest

import inspection.appeals
import inspection.classification
import inspection.discipline
import inspection.programmes
from inspection.appeals import AppealOutcome, FinalAuthority
from inspection.classification import CapBasis, Condition, Grade
from inspection.discipline import Measure, TargetKind, ViolationCategory
from inspection.programmes import ItemKind, ItemState
from shared.i18n import has_message, translate

PACKAGES = [inspection.appeals, inspection.classification, inspection.discipline, inspection.programmes]
ERRORS = {"RuleViolation", "InvalidTransition"}
NOT_PARAMS = {"field", "overridable"}
VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def _raised() -> list[tuple[str, frozenset[str], str]]:
    """(code, parameter names, where) for every error raised in the four feature packages."""
    found = []
    for package in PACKAGES:
        assert package.__file__ is not None
        for path in sorted(Path(package.__file__).parent.glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS:
                    where = f"{path.name}:{node.lineno}"
                    code = node.args[0]
                    assert isinstance(code, ast.Constant), where
                    assert isinstance(code.value, str), where
                    assert all(k.arg is not None for k in node.keywords), f"{where}: no **kwargs"
                    names = frozenset(str(k.arg) for k in node.keywords) - NOT_PARAMS
                    found.append((code.value, names, where))
    return found


RAISED = _raised()


def _placeholders(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def test_the_scan_finds_the_rules() -> None:
    codes = {code for code, _, _ in RAISED}
    assert {"discipline.limitation_expired", "appeals.window_expired", "classification.cap_exceeded"} <= codes
    assert "programmes.invalid_transition" in codes


@pytest.mark.parametrize(("code", "params", "where"), RAISED, ids=[w for _, _, w in RAISED])
def test_every_raised_code_has_both_languages_with_matching_placeholders(
    code: str, params: frozenset[str], where: str
) -> None:
    assert has_message(code), f"{where}: {code} has no message"
    for language in ("vi", "en"):
        template = translate(code, language)
        assert template != code
        assert _placeholders(template) == params, f"{where}: {code} [{language}]"


def test_a_code_is_raised_with_the_same_parameters_everywhere() -> None:
    by_code: dict[str, set[frozenset[str]]] = {}
    for code, params, _ in RAISED:
        by_code.setdefault(code, set()).add(params)
    assert {code: shapes for code, shapes in by_code.items() if len(shapes) > 1} == {}


def test_vietnamese_messages_are_written_with_diacritics() -> None:
    for code, _, where in RAISED:
        text = translate(code, "vi").lower()
        assert VIETNAMESE_LETTERS & set(text), f"{where}: {code} reads like unaccented Vietnamese"


def test_a_message_renders_its_values() -> None:
    text = translate(
        "discipline.limitation_expired",
        "vi",
        measure="reprimand",
        years=5,
        violation_on="2020-02-29",
        deadline="2025-02-28",
        decided_on="2025-03-01",
    )
    assert "{" not in text
    assert "2025-02-28" in text
    assert "thời hiệu" in text


@pytest.mark.parametrize(
    ("prefix", "enum"),
    [
        ("measure", Measure),
        ("target_kind", TargetKind),
        ("appeal_outcome", AppealOutcome),
        ("grade", Grade),
        ("cap_basis", CapBasis),
        ("grade_condition", Condition),
        ("final_authority", FinalAuthority),
        ("violation_category", ViolationCategory),
        ("item_kind", ItemKind),
        ("item_state", ItemState),
    ],
)
def test_every_enum_value_has_a_label_in_both_languages(prefix: str, enum: type[StrEnum]) -> None:
    for member in enum:
        code = f"inspection.label.{prefix}.{member.value}"
        assert has_message(code), code
        assert translate(code, "vi").strip()
        assert translate(code, "en").strip()


def test_no_message_is_left_for_a_rule_that_is_no_longer_raised() -> None:
    raised = {code for code, _, _ in RAISED}
    registered = set()
    for package in PACKAGES:
        assert package.__file__ is not None
        tree = ast.parse((Path(package.__file__).parent / "messages.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                registered |= {k.value for k in node.keys if isinstance(k, ast.Constant) and "." in str(k.value)}
    rule_codes = {code for code in registered if not code.startswith("inspection.label.")}
    assert rule_codes == raised
