"""Vietnamese and English texts for the compliance rule codes (placeholders match the raised values)."""

from __future__ import annotations

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
