"""Imports every table module so the metadata is complete (for alembic and tests)."""

from reporting.facts.models import EntityContribution, Fact, FactVersion, MemberFact, OrgTarget, Progress, TreeVersion
from reporting.ingest.unit_types import OrgUnitTypeCopy

__all__ = [
    "EntityContribution",
    "Fact",
    "FactVersion",
    "MemberFact",
    "OrgTarget",
    "OrgUnitTypeCopy",
    "Progress",
    "TreeVersion",
]
