"""The states and outcomes of an appeal."""

from __future__ import annotations

from enum import StrEnum


class AppealState(StrEnum):
    LODGED = "lodged"
    DECIDED = "decided"


class AppealOutcome(StrEnum):
    UPHELD = "upheld"
    REDUCED = "reduced"
    ANNULLED = "annulled"
    INCREASED = "increased"


CHANGES = frozenset({AppealOutcome.REDUCED, AppealOutcome.INCREASED})
"""The outcomes that name a new measure."""
