"""Vietnamese and English texts of the member status rule codes (``members.rules`` and ``members.limits``).

Kept apart from ``messages.py`` (the texts of the member commands) so that the pure rules and their texts
travel together; ``membership.members`` imports it, so the texts are registered wherever a rule can raise.
"""

from __future__ import annotations

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
