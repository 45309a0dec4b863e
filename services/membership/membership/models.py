"""Imports every table module so the metadata is complete (for alembic and tests)."""

from membership.admission.models import Candidate
from membership.badges.models import MemberBadge, MemberDiscipline
from membership.dues.models import DuesMonth, DuesPayment
from membership.holidays.models import Holiday
from membership.imports.models import ImportJob, ImportMapping
from membership.members.models import Member, MemberChange
from membership.orgs.unit_types import OrgUnitType
from membership.records.models import CardEvent, MemberRecord, RecordAttachment, RecordSupplement
from membership.targets.models import AdmissionTarget
from membership.webhooks.models import WebhookDelivery, WebhookSubscription

__all__ = [
    "AdmissionTarget",
    "Candidate",
    "CardEvent",
    "DuesMonth",
    "DuesPayment",
    "Holiday",
    "ImportJob",
    "ImportMapping",
    "Member",
    "MemberBadge",
    "MemberChange",
    "MemberDiscipline",
    "MemberRecord",
    "OrgUnitType",
    "RecordAttachment",
    "RecordSupplement",
    "WebhookDelivery",
    "WebhookSubscription",
]
