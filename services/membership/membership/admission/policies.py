"""Admission rule values, each effective-dated and citing the regulation it comes from.

Quy định 24-QĐ/TW (30 Jul 2021) on implementing the Party Charter was replaced by Quy định 232-QĐ/TW
(20 Jan 2025). Where 232 kept a value, both versions are recorded, so that a decision of 2022 and one of 2025
each find the rule of their own day. Voting and probation come from the Party Charter (Điều lệ Đảng) itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TypeVar

from shared.policy import Policy

QD_24_2021 = date(2021, 7, 30)
QD_232_2025 = date(2025, 1, 20)
SRC_24 = "Quy định 24-QĐ/TW, 30/7/2021"
SRC_232 = "Quy định 232-QĐ/TW, 20/01/2025"

T = TypeVar("T")


def _kept_by_232(name: str, value: T, clause: str) -> Policy[T]:
    """A value set by 24-QĐ/TW and kept unchanged by 232-QĐ/TW."""
    return Policy.of(name, [(QD_24_2021, value, f"{SRC_24}; {clause}"), (QD_232_2025, value, f"{SRC_232}; {clause}")])


# "Từ đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng)" at the branch's consideration: both ends inclusive, so a
# candidate of exactly 60 years 0 months is admissible and one of 60 years 1 month is not.
AGE_MIN_MONTHS = _kept_by_232("admission.age_min_months", 216, "Điều lệ Đảng art. 1: from full 18 years, in months")
AGE_MAX_MONTHS = _kept_by_232("admission.age_max_months", 720, "full 60 years, counted in months; older: Secretariat")
CERTIFICATE_VALIDITY_MONTHS = _kept_by_232("admission.certificate_validity_months", 60, "awareness class certificate")
INTRODUCERS_REQUIRED = _kept_by_232(
    "admission.introducers_required", 2, "Điều lệ Đảng art. 4: two official members introduce"
)
INTRODUCER_MIN_MONTHS_TOGETHER = _kept_by_232("admission.introducer_min_months_together", 12, "worked together a year")
DECISION_DEADLINE_WORKING_DAYS = _kept_by_232("admission.decision_working_days", 60, "the competent committee decides")
CEREMONY_DEADLINE_WORKING_DAYS = _kept_by_232("admission.ceremony_working_days", 30, "ceremony after the decision")
PROBATION_MONTHS = _kept_by_232("admission.probation_months", 12, "Điều lệ Đảng art. 5: 12 months from the ceremony")
RECOGNITION_REVIEW_WORKING_DAYS = _kept_by_232("admission.recognition_working_days", 30, "review after probation")
READMISSION_MIN_MONTHS_OUT = _kept_by_232("admission.readmission_min_months_out", 36, "readmission after 36 months out")
# "Được quá nửa số đảng viên chính thức tán thành": strictly more than this share of the official members.
BRANCH_VOTE_MAJORITY = _kept_by_232(
    "admission.branch_vote_majority",
    Fraction(1, 2),
    "Điều lệ Đảng art. 4: more than half of official members",
)


@dataclass(frozen=True)
class AdmissionValues:
    """Every admission value in force on one day, for a command that checks several rules at once."""

    age_min_months: int
    age_max_months: int
    certificate_validity_months: int
    introducers_required: int
    introducer_min_months_together: int
    branch_vote_majority: Fraction
    decision_working_days: int
    ceremony_working_days: int
    probation_months: int
    recognition_working_days: int
    readmission_min_months_out: int


@dataclass(frozen=True)
class AdmissionPolicies:
    """The admission policies; a province or a test can replace any of them."""

    age_min_months: Policy[int] = AGE_MIN_MONTHS
    age_max_months: Policy[int] = AGE_MAX_MONTHS
    certificate_validity_months: Policy[int] = CERTIFICATE_VALIDITY_MONTHS
    introducers_required: Policy[int] = INTRODUCERS_REQUIRED
    introducer_min_months_together: Policy[int] = INTRODUCER_MIN_MONTHS_TOGETHER
    branch_vote_majority: Policy[Fraction] = BRANCH_VOTE_MAJORITY
    decision_working_days: Policy[int] = DECISION_DEADLINE_WORKING_DAYS
    ceremony_working_days: Policy[int] = CEREMONY_DEADLINE_WORKING_DAYS
    probation_months: Policy[int] = PROBATION_MONTHS
    recognition_working_days: Policy[int] = RECOGNITION_REVIEW_WORKING_DAYS
    readmission_min_months_out: Policy[int] = READMISSION_MIN_MONTHS_OUT

    def at(self, day: date) -> AdmissionValues:
        """The values in force on ``day`` (raises ``PolicyNotInForce`` before 30 Jul 2021)."""
        return AdmissionValues(
            age_min_months=self.age_min_months.at(day),
            age_max_months=self.age_max_months.at(day),
            certificate_validity_months=self.certificate_validity_months.at(day),
            introducers_required=self.introducers_required.at(day),
            introducer_min_months_together=self.introducer_min_months_together.at(day),
            branch_vote_majority=self.branch_vote_majority.at(day),
            decision_working_days=self.decision_working_days.at(day),
            ceremony_working_days=self.ceremony_working_days.at(day),
            probation_months=self.probation_months.at(day),
            recognition_working_days=self.recognition_working_days.at(day),
            readmission_min_months_out=self.readmission_min_months_out.at(day),
        )


DEFAULT_POLICIES = AdmissionPolicies()
