"""Reporting's own views of the events it reads, parsed from ``envelope.data`` by CloudEvents ``type``.

A service never imports another: these models name only the fields reporting uses and ignore the rest, so a
publisher's additive changes never break them.
"""

from __future__ import annotations

from datetime import date

from shared.meeting_targets import TargetsFacts
from shared.views import PayloadView

# ---- membership -------------------------------------------------------------------------------------------
# Created, renamed, moved, merged, dissolved and restored organisations are read with shared.orgcopy's views, as
# every tree copy reads them.


class BadgeAwardedView(PayloadView):
    member_id: str
    org_id: str
    milestone: int
    effective_date: date


class DuesCollectedView(PayloadView):
    org_id: str
    month: date
    amount_due: int
    amount_paid: int


class DuesRemittedView(PayloadView):
    org_id: str
    month: date
    received: int
    retained: int
    remitted: int
    arrears_members: int = 0


class MemberView(PayloadView):
    member_id: str
    org_id: str
    status: str
    gender: str
    birth_date: date
    ethnic_minority: bool = False
    previous_status: str | None = None
    previous_org_id: str | None = None
    transfer_kind: str | None = None
    to_org_id: str | None = None  # member.transferred_out: the receiving branch, when in this system
    from_org_id: str | None = None  # member.transferred_in: the sending branch
    effective_date: date
    version: int | None = None
    admission_date: date | None = None
    recognition_date: date | None = None
    decision_date: date | None = None  # member.admitted: admissions count in the decision's period
    data_as_of: date | None = None  # member.registered by an import: the date its data is true as of
    # The categories the statistical forms count (codes; absent from events published before they existed).
    ethnicity: str | None = None
    ethnic_group: str | None = None
    general_education: str | None = None
    professional_level: str | None = None
    political_theory: str | None = None
    occupation: str | None = None
    religion: str | None = None


class TargetSetView(PayloadView):
    org_id: str
    year: int
    target: int


class CandidateView(PayloadView):
    candidate_id: str
    org_id: str
    effective_date: date


# ---- meetings -----------------------------------------------------------------------------------------------


class MeetingView(PayloadView):
    org_id: str
    meeting_id: str
    kind: str
    effective_date: date


class MeetingHeldView(MeetingView):
    expected: int
    present: int
    excused: int = 0
    unexcused: int = 0
    superior_present: bool = False
    duration_short: bool = False
    notice_late: bool = False
    materials_late: bool = False
    materials_missing: bool = False
    resolutions: int = 0
    good_meeting: bool | None = None


class MeetingTargetsView(TargetsFacts, PayloadView):
    """An organisation's own meeting targets for a year, in percent (meetings' ``targets.set``, whose fields
    ``shared.meeting_targets`` declares for both sides)."""

    version: int = 1


class MeetingEvaluatedView(MeetingView):
    score: float
    max_score: float = 100
    grade: str


class OrgEventView(PayloadView):
    """Anything else that happened at an organisation on a date (resolutions, alerts, cancellations)."""

    org_id: str
    effective_date: date


# ---- inspection ---------------------------------------------------------------------------------------------


class InspectionView(PayloadView):
    inspection_id: str
    kind: str
    org_id: str
    violation: bool = False
    effective_date: date


class DisciplineView(PayloadView):
    discipline_id: str
    target_type: str
    org_id: str
    measure: str
    effective_date: date


class AppealLodgedView(PayloadView):
    appeal_id: str
    discipline_id: str
    org_id: str
    effective_date: date


class AppealDecidedView(PayloadView):
    appeal_id: str
    discipline_id: str
    outcome: str
    measure_in_force: str | None = None
    target_type: str
    org_id: str
    effective_date: date


class ClassificationView(PayloadView):
    target_type: str
    target_id: str
    subject_org_id: str
    year: int
    grade: str
