"""Events membership consumes from other services (inspection's discipline, meetings' absence alerts)."""

from __future__ import annotations

from shared.consumer import EventConsumer


def consumers() -> list[EventConsumer]:
    return []
