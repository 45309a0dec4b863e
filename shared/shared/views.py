"""The base of every consumer's view of another service's event payload.

Services share a contract, never code: a consumer reads a payload with its own model of the fields it needs
(``tests/contracts`` checks each against the producer's registered schema). The model ignores the fields it does
not name, so a producer's additive change never breaks a consumer, and is frozen, because an event is a fact.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class PayloadView(BaseModel):
    """A tolerant, immutable reading of the fields a consumer needs from an event's ``data``."""

    model_config = ConfigDict(extra="ignore", frozen=True)
