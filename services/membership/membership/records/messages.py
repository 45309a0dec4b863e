"""Vietnamese and English texts of the member record's rules."""

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
