"""Inspection and supervision programmes (Điều lệ Đảng, Điều 30; Quy định 22-QĐ/TW 2021)."""

from inspection.programmes.rules import (
    ORGANISATION_ONLY_KINDS,
    TRANSITIONS,
    Conclusion,
    InspectionItem,
    ItemKind,
    ItemState,
    check_conclusion,
    conclude_item,
    plan_item,
    start_item,
)

__all__ = [
    "ORGANISATION_ONLY_KINDS",
    "TRANSITIONS",
    "Conclusion",
    "InspectionItem",
    "ItemKind",
    "ItemState",
    "check_conclusion",
    "conclude_item",
    "plan_item",
    "start_item",
]
