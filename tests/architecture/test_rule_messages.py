"""Every code a service raises has a Vietnamese and an English message, with the same placeholders in both and
none that the raise does not fill; every message a service registers is raised (or used) somewhere.

One test for the four services: the codes are found by reading each service's source (every call of a
``shared.errors.DomainError`` subclass with a literal code), the messages are the catalogues the service's
spec registers (``<service>.app.MESSAGES``) plus the platform's generic ones. A new rule without a message,
a renamed parameter or a message left behind by a removed rule fails here rather than in front of a user.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import string
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from shared.errors import DomainError

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("membership", "meetings", "inspection", "reporting")
NOT_PARAMS = {"field", "overridable", "same_allowed"}
RAISING_HELPERS = {"check_order"}  # shared.dateorder: raises RuleViolation(code, **the dates it is given by name)
VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


@dataclass(frozen=True)
class Raise:
    service: str
    code: str
    params: frozenset[str]
    where: str


def _import_all(package: ModuleType) -> None:
    """Import every module so that the service's own DomainError subclasses are known."""
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)


def _error_names() -> set[str]:
    for service in SERVICES:
        _import_all(importlib.import_module(service))
    names, todo = set(), [DomainError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _sources(service: str) -> Iterator[Path]:
    for path in sorted((ROOT / "services" / service / service).rglob("*.py")):
        if "messages" not in path.name:
            yield path


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _raises(service: str, errors: set[str]) -> list[Raise]:
    found = []
    for path in _sources(service):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called_name(node) in errors and node.args:
                code = node.args[0]
                if isinstance(code, ast.Constant) and isinstance(code.value, str):
                    params = frozenset(str(k.arg) for k in node.keywords if k.arg) - NOT_PARAMS
                    where = f"{path.relative_to(ROOT / 'services')}:{node.lineno}"
                    found.append(Raise(service, code.value, params, where))
    return found


def _string_constants(service: str) -> set[str]:
    return {
        node.value
        for path in _sources(service)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def _generic_catalogue() -> dict[str, dict[str, str]]:
    """The platform's own messages, read in a fresh interpreter so no service catalogue can hide a gap."""
    script = "import json, shared.app, shared.i18n as i; print(json.dumps(i._catalogue))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    catalogue: dict[str, dict[str, str]] = json.loads(result.stdout)
    return catalogue


def _service_catalogue(service: str) -> dict[str, Mapping[str, str]]:
    merged: dict[str, Mapping[str, str]] = {}
    for catalogue in importlib.import_module(f"{service}.app").MESSAGES:
        merged.update(catalogue)
    return merged


ERRORS = _error_names() | RAISING_HELPERS
GENERIC = _generic_catalogue()
CATALOGUES = {s: _service_catalogue(s) for s in SERVICES}
RAISES = [r for s in SERVICES for r in _raises(s, ERRORS)]


def _placeholders(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _texts(service: str, code: str) -> Mapping[str, str] | None:
    return CATALOGUES[service].get(code) or GENERIC.get(code)


def test_the_scan_finds_each_services_rules() -> None:
    codes = {r.code for r in RAISES}
    assert {"admission.age_range", "attendance.duplicate_mark", "discipline.limitation_expired"} <= codes
    assert {r.service for r in RAISES} == set(SERVICES)


@pytest.mark.parametrize("raised", RAISES, ids=[f"{r.where}:{r.code}" for r in RAISES])
def test_every_raised_code_has_both_languages_with_placeholders_it_fills(raised: Raise) -> None:
    texts = _texts(raised.service, raised.code)
    assert texts is not None, f"{raised.where}: {raised.code} has no message in {raised.service}'s catalogues"
    vi, en = _placeholders(texts["vi"]), _placeholders(texts["en"])
    assert vi == en, f"{raised.code}: vi needs {sorted(vi)}, en needs {sorted(en)}"
    assert vi <= raised.params, f"{raised.where}: {raised.code} needs {sorted(vi - raised.params)}"
    assert VIETNAMESE & set(texts["vi"].lower()), f"{raised.code}: the Vietnamese text has no diacritics"


@pytest.mark.parametrize("service", SERVICES)
def test_every_registered_message_is_used_by_the_service(service: str) -> None:
    """A code counts as used when the source names it (raised, or picked by a rule and raised through a
    variable), names its prefix (built as ``f"{prefix}.{value}"``) or, for a problem title, its kind. Enum
    labels (``*.label.*``) are a catalogue for clients, checked against the enums by the service's own test."""
    constants = _string_constants(service)

    def used(code: str) -> bool:
        prefixed = any(code.startswith(c) and c.endswith(".") for c in constants)
        return code in constants or prefixed or code.removeprefix("title.") in constants or ".label." in code

    assert sorted(code for code in CATALOGUES[service] if not used(code)) == []


@pytest.mark.parametrize("service", SERVICES)
def test_the_service_spec_registers_its_catalogues(service: str) -> None:
    source = (ROOT / "services" / service / service / "app.py").read_text(encoding="utf-8")
    assert "messages=MESSAGES" in source
