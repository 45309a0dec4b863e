"""Vietnamese and English texts for the discipline rule codes, and labels for the measures."""

from __future__ import annotations

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
