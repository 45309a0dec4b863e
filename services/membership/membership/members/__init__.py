"""Members: the member record, its status machine and its status rules."""

from membership.members import rule_messages  # registers the vi/en texts of the status rule codes

__all__ = ["rule_messages"]
