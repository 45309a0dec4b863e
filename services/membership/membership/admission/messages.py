"""Vietnamese and English texts of the admission rule codes; placeholders are the values each rule raises."""

from __future__ import annotations

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
