"""Every code the service layer raises (commands, queries, routes, scope checks) has a vi and en message whose
placeholders are among the values raised with it (the pure rules have their own test)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import meetings
import meetings.messages
import shared.messages  # noqa: F401  (the generic codes, e.g. org.not_found, etag.mismatch)
from shared.i18n import has_message, translate

ROOT = Path(meetings.__file__).parent
ERRORS = {
    "RuleViolation",
    "InvalidTransition",
    "Conflict",
    "NotFound",
    "Forbidden",
    "PreconditionFailed",
    "PreconditionRequired",
}
NOT_PARAMS = {"field", "overridable"}
FILES = sorted(
    [
        ROOT / "scope.py",
        ROOT / "common.py",
        ROOT / "app.py",
        *ROOT.glob("*/commands.py"),
        *ROOT.glob("*/queries.py"),
        *ROOT.glob("*/api.py"),
        *ROOT.glob("roster/*.py"),
    ]
)


def _raised() -> list[tuple[str, frozenset[str], str]]:
    found = []
    for path in FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS and node.args:
                code = node.args[0]
                if isinstance(code, ast.Constant) and isinstance(code.value, str):
                    names = frozenset(str(k.arg) for k in node.keywords) - NOT_PARAMS
                    found.append((code.value, names, f"{path.parent.name}/{path.name}:{node.lineno}"))
    return found


RAISED = _raised()


def test_the_scan_finds_the_service_codes() -> None:
    codes = {code for code, _, _ in RAISED}
    assert {
        "meeting.org_not_branch",
        "plan.exists",
        "evaluation.confirmer_not_attending",
        "compliance.as_of_invalid",
    } <= codes


@pytest.mark.parametrize(("code", "params", "where"), RAISED, ids=[w for _, _, w in RAISED])
def test_every_service_code_has_both_languages_with_matching_placeholders(
    code: str, params: frozenset[str], where: str
) -> None:
    assert has_message(code), f"{where}: {code} has no message"
    for language in ("vi", "en"):
        template = translate(code, language)
        placeholders = frozenset(n for _, n, _, _ in string.Formatter().parse(template) if n)
        assert placeholders <= params, f"{where}: {code} [{language}] needs {placeholders - params}"


def test_every_service_message_is_raised_somewhere() -> None:
    raised = {code for code, _, _ in RAISED}
    unused = set(meetings.messages.MESSAGES) - raised
    assert not unused, unused
