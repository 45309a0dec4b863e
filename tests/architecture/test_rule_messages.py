"""Every code a service raises has a Vietnamese and an English message, with the same placeholders in both and
none that the raise does not fill; every message a service registers is raised (or used) somewhere.

One test for the four services: the codes are found by reading each service's source (every call of a
``shared.errors.DomainError`` subclass with a literal code), the messages are the catalogues the service's
spec registers (``<service>.app.MESSAGES``) plus the platform's generic ones. A rule whose code a helper is given
as data (a ``TimeLimit`` row, say) is raised instead by calling the service's check with values that break it, and
its refusal's params checked the same way. A new rule without a message, a renamed parameter or a message left
behind by a removed rule fails here rather than in front of a user.
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
from datetime import date
from fractions import Fraction
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from membership.admission import readmission, timing, votes
from membership.members import limits
from shared.errors import DomainError, RuleViolation
from shared.workdays import WorkingCalendar

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("membership", "meetings", "inspection", "reporting")
NOT_PARAMS = {"field", "overridable", "same_allowed"}
RAISING_HELPERS = {"check_order"}  # shared.dateorder: raises RuleViolation(code, **the dates it is given by name)
# Helpers given their rules' codes as data (a TimeLimit or _ShareRule row, or a code and parameter names): the scan
# cannot see what they pass, so HELPER_CASES below raises each of those codes by a call with values that break it.
DECLARING_HELPERS = {"TimeLimit", "_ShareRule", "_check_waited"}
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
    assert {"admission.decision_late", "admission.vote_counts_invalid"} <= _declared_codes("membership")


def _check_messages(raised: Raise) -> None:
    texts = _texts(raised.service, raised.code)
    assert texts is not None, f"{raised.where}: {raised.code} has no message in {raised.service}'s catalogues"
    vi, en = _placeholders(texts["vi"]), _placeholders(texts["en"])
    assert vi == en, f"{raised.code}: vi needs {sorted(vi)}, en needs {sorted(en)}"
    assert vi <= raised.params, f"{raised.where}: {raised.code} needs {sorted(vi - raised.params)}"
    assert VIETNAMESE & set(texts["vi"].lower()), f"{raised.code}: the Vietnamese text has no diacritics"


@pytest.mark.parametrize("raised", RAISES, ids=[f"{r.where}:{r.code}" for r in RAISES])
def test_every_raised_code_has_both_languages_with_placeholders_it_fills(raised: Raise) -> None:
    _check_messages(raised)


@dataclass(frozen=True)
class HelperCase:
    """A rule raised through a helper: the code, and a call of the service's public check with values that break
    the rule (the helper is then given the code and its parameters as the service gives them)."""

    code: str
    breaks: partial[Any]

    @property
    def service(self) -> str:
        return self.breaks.func.__module__.partition(".")[0]

    @property
    def where(self) -> str:
        return f"{self.breaks.func.__module__}.{self.breaks.func.__qualname__}"


DAY, BEFORE, MONTH_AFTER, YEARS_AFTER = date(2025, 3, 3), date(2025, 3, 2), date(2025, 4, 2), date(2027, 3, 3)
NO_HOLIDAYS = WorkingCalendar()
TWO_THIRDS = Fraction(2, 3)
VOTE_TOO_MANY, VOTE_TOO_FEW = votes.BranchVote(5, 6, 9), votes.BranchVote(5, 4, 9)
REVIEW_TOO_MANY, REVIEW_TOO_FEW = votes.CommitteeReview(5, 6, 9), votes.CommitteeReview(5, 4, 9)
HELPER_CASES = [
    HelperCase(
        "admission.decision_before_vote",
        partial(timing.check_step_date, timing.DECISION, DAY, BEFORE, NO_HOLIDAYS, working_days=60),
    ),
    HelperCase(
        "admission.decision_late",
        partial(timing.check_step_date, timing.DECISION, DAY, YEARS_AFTER, NO_HOLIDAYS, working_days=60),
    ),
    HelperCase(
        "admission.ceremony_before_decision",
        partial(timing.check_step_date, timing.CEREMONY, DAY, BEFORE, NO_HOLIDAYS, working_days=30),
    ),
    HelperCase(
        "admission.ceremony_late",
        partial(timing.check_step_date, timing.CEREMONY, DAY, YEARS_AFTER, NO_HOLIDAYS, working_days=30),
    ),
    HelperCase(
        "admission.probation_not_over",
        partial(
            timing.check_recognition_vote, DAY, MONTH_AFTER, NO_HOLIDAYS, probation_months=12, review_working_days=30
        ),
    ),
    HelperCase(
        "admission.recognition_late",
        partial(
            timing.check_recognition_vote, DAY, YEARS_AFTER, NO_HOLIDAYS, probation_months=12, review_working_days=30
        ),
    ),
    HelperCase(
        "member.transfer_presented_before_issue",
        partial(limits.check_transfer_presentation, DAY, BEFORE, presentation_days=30),
    ),
    HelperCase(
        "member.transfer_presented_late",
        partial(limits.check_transfer_presentation, DAY, YEARS_AFTER, presentation_days=30),
    ),
    HelperCase("admission.vote_counts_invalid", partial(votes.check_branch_vote, VOTE_TOO_MANY, share=TWO_THIRDS)),
    HelperCase("admission.branch_vote_not_passed", partial(votes.check_branch_vote, VOTE_TOO_FEW, share=TWO_THIRDS)),
    HelperCase(
        "admission.vote_counts_invalid", partial(votes.check_recognition_votes, VOTE_TOO_MANY, share=TWO_THIRDS)
    ),
    HelperCase(
        "admission.recognition_vote_not_passed",
        partial(votes.check_recognition_votes, VOTE_TOO_FEW, share=TWO_THIRDS),
    ),
    HelperCase(
        "admission.review_counts_invalid", partial(votes.check_committee_review, REVIEW_TOO_MANY, share=TWO_THIRDS)
    ),
    HelperCase(
        "admission.committee_review_not_passed",
        partial(votes.check_committee_review, REVIEW_TOO_FEW, share=TWO_THIRDS),
    ),
    HelperCase(
        "admission.readmission_too_soon", partial(readmission.check_readmission, DAY, MONTH_AFTER, min_months_out=36)
    ),
    HelperCase(
        "admission.readmission_too_soon_after_record",
        partial(readmission.check_record_cleared, DAY, MONTH_AFTER, min_months=60),
    ),
]


@pytest.mark.parametrize("case", HELPER_CASES, ids=[f"{c.where}:{c.code}" for c in HELPER_CASES])
def test_every_code_raised_through_a_helper_has_both_languages_with_placeholders_it_fills(case: HelperCase) -> None:
    with pytest.raises(RuleViolation) as refused:
        case.breaks()
    assert refused.value.code == case.code
    _check_messages(Raise(case.service, case.code, frozenset(refused.value.params) - NOT_PARAMS, case.where))


def _declared_codes(service: str) -> set[str]:
    """The codes written as arguments of a DECLARING_HELPERS call (a rule's code is dotted, a field name is not)."""
    return {
        arg.value
        for path in _sources(service)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and _called_name(node) in DECLARING_HELPERS
        for arg in [*node.args, *(k.value for k in node.keywords)]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "." in arg.value
    }


@pytest.mark.parametrize("service", SERVICES)
def test_every_code_a_helper_is_given_is_raised_by_a_helper_case(service: str) -> None:
    """A new TimeLimit (or _ShareRule, _check_waited call) needs its HELPER_CASES, or its params go unchecked."""
    raised = {c.code for c in HELPER_CASES if c.service == service}
    assert sorted(_declared_codes(service) - raised) == []


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
