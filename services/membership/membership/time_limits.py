"""Time limits between two steps (the decision after the branch vote, a transfer letter presented after its issue).

Taking the later step *before* the earlier one is an impossible record, always refused. Taking it late is the
organisation's breach of procedure, not a fault of the member or candidate: refusing a real late step would only
falsify the record, so lateness passes with a recorded reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.dateorder import check_order
from shared.errors import RuleViolation


def overridden(override_reason: str | None) -> bool:
    """Whether a reason was recorded: a blank one is no reason."""
    return bool(override_reason and override_reason.strip())


@dataclass(frozen=True)
class TimeLimit:
    """One limit: the names of its earlier and later dates (the later one is the field refused) and its rules."""

    earlier: str
    later: str
    too_early: str
    late: str


def check_time_limit(
    limit: TimeLimit, earlier: date, later: date, deadline: date, override_reason: str | None, **values: int
) -> None:
    """``later`` is refused before ``earlier`` (``too_early``, ``shared.dateorder``) and after ``deadline`` unless a
    reason is recorded (``late``, overridable); both refusals name the two dates, the late one also the deadline
    and ``values`` (the limit and what was taken)."""
    dates: dict[str, Any] = {limit.earlier: earlier, limit.later: later}
    check_order(limit.too_early, field=limit.later, **dates)
    if later > deadline and not overridden(override_reason):
        named = {name: day.isoformat() for name, day in dates.items()}
        raise RuleViolation(
            limit.late, field=limit.later, overridable=True, **named, deadline=deadline.isoformat(), **values
        )
