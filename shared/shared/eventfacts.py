"""An event's common facts read from the row the event is about, field by field as the payload declares them.

An aggregate's events share a base of facts (meetings' ``MeetingFacts``, inspection's ``DisciplineFacts`` and
``InspectionFacts``), and each command module copied those fields out of its row by hand: a field added to the
base had to be added to the copy too, or the events went out without it (membership's import once published
members without their posts that way). ``facts_from`` reads every field of the base from the row's attribute of
the same name, or of the name ``renamed`` gives; the fields the command decides itself are named in ``leave``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pydantic import BaseModel


def facts_from(row: object, facts: type[BaseModel], *, leave: Collection[str] = (), **renamed: str) -> dict[str, Any]:
    """``{field: row.<field>}`` for each field of ``facts`` not in ``leave`` (``row.<renamed[field]>`` if renamed)."""
    return {name: getattr(row, renamed.get(name, name)) for name in facts.model_fields if name not in leave}
