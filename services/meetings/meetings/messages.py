"""Vietnamese and English texts for the codes the commands and queries raise (the pure rules' codes are in
each feature's ``messages.py``)."""

from __future__ import annotations

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
