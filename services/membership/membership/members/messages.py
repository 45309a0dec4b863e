"""Vietnamese and English texts of the member commands' own codes (the status rules' texts are in rule_messages)."""

from shared.faults import register_unique_rule
from shared.i18n import catalogue

MESSAGES: dict[str, dict[str, str]] = catalogue(__file__)

# a concurrent registration that passes the check above meets the constraint: the same rule, not a generic one
register_unique_rule("uq_members_national_id", "member.national_id_taken", field="national_id")
register_unique_rule("uq_members_external_ref", "member.external_id_taken", field="external_id")
