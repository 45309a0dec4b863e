"""Imports every table module so the metadata is complete (for alembic and tests)."""

from membership.admission.models import Candidate
from membership.badges.models import MemberBadge, MemberDiscipline
from membership.dues.models import DuesMonth, DuesPayment
from membership.holidays.models import Holiday
from membership.imports.models import ImportJob
from membership.members.models import Member, MemberChange
from membership.targets.models import AdmissionTarget

__all__ = [
    "AdmissionTarget",
    "Candidate",
    "DuesMonth",
    "DuesPayment",
    "Holiday",
    "ImportJob",
    "Member",
    "MemberBadge",
    "MemberChange",
    "MemberDiscipline",
]
