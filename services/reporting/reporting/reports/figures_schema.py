"""The figures' JSON schema: one named property per figure, so a generated client reads them typed."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import WithJsonSchema

from reporting.reports.figures import Totals, Value, figures
from shared.calendar import Period


def figures_schema() -> dict[str, Any]:
    """Counts are integers, rates and averages decimal strings, any of them null when unknown. Every property
    is optional: ``figures=`` asks for some of them."""
    count = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    decimal = {"anyOf": [{"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}, {"type": "null"}]}
    sample = figures(Totals(), Period.whole_year(2000))
    properties = {name: count if isinstance(value, int) else decimal for name, value in sample.items()}
    return {"title": "Figures", "type": "object", "properties": properties, "additionalProperties": False}


FiguresOut = Annotated[dict[str, Value], WithJsonSchema(figures_schema())]
