"""Two dates (or times) of a record that must come in order: a decision before it takes effect, a vote before the
decision, a start before the end. Every service's rules check it, and the refusal names both values the same way."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.errors import RuleViolation


def check_order(rule: str, /, *, field: str, same_allowed: bool = True, **dates: date) -> None:
    """Refuse with ``rule`` when the two named ``dates``, given in the order they must come, are the other way
    round (or equal, unless ``same_allowed``). The refusal names both in ISO form under the names given (its
    message's placeholders) and points at ``field``, the one the caller should correct."""
    (earlier_name, earlier), (later_name, later) = dates.items()
    if later < earlier or (later == earlier and not same_allowed):
        named: dict[str, Any] = {earlier_name: earlier.isoformat(), later_name: later.isoformat()}
        raise RuleViolation(rule, field=field, **named)
