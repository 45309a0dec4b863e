"""Vietnamese and English texts for the programme rule codes, and labels for kinds and states."""

from __future__ import annotations

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
