"""Vietnamese and English texts for the codes the service layer raises (the pure rules register their own)."""

from __future__ import annotations

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
