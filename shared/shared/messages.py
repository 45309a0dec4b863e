"""Generic vi/en messages: problem titles, auth refusals, and pydantic validation error types."""

from shared.glossary import TERMS
from shared.i18n import catalogue, register_messages, register_terms

register_terms(TERMS)

register_messages(catalogue(__file__))
