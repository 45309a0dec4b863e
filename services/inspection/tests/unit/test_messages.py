"""Inspection's messages render their values, and every enum value has a label in both languages (the rule codes'
messages are checked for all services by tests/architecture/test_rule_messages.py)."""

from __future__ import annotations

from enum import StrEnum

import pytest

from inspection.app import MESSAGES
from inspection.appeals import AppealOutcome, FinalAuthority
from inspection.classification import CapBasis, Condition, Grade
from inspection.discipline import Measure, TargetKind, ViolationCategory
from inspection.programmes import ItemKind, ItemState
from shared.i18n import has_message, register_messages, translate

for catalogue in MESSAGES:  # as the service's spec does when it builds the app
    register_messages(catalogue)


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
