"""Vietnamese and English texts of the admission commands' own codes (the rules' texts are in ``messages``)."""

from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)
