"""Vietnamese and English texts for the appeal rule codes, and labels for the outcomes."""

from __future__ import annotations

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
