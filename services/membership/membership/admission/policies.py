"""Admission rule values, each effective-dated and citing the regulation it comes from.

The Party Charter (2011) sets the votes and the probation; its implementing regulations (45-QĐ/TW 2011,
29-QĐ/TW 2016, 24-QĐ/TW 2021, 232-QĐ/TW 2025, 294-QĐ/TW from 1 Jul 2025) set the details, and every one of them
kept the values below: each regulation is recorded as a version (``membership.regulations``), so that a vote of
2016 and one of 2025 each find the rule of their own day, and a date before 2011 is refused, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from fractions import Fraction
from typing import Any

from membership.admission.readmission import EXCLUDED, ExitReason
from membership.regulations import charter, kept_since
from shared.policy import Policy

# "Từ đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng)" at the branch's consideration: both ends inclusive, so a
# candidate of exactly 60 years 0 months is admissible and one of 60 years 1 month is not — unless a committee
# directly under the Central Committee decided to admit them (the same point 1.1).
AGE_MIN_MONTHS = kept_since("admission.age_min_months", 216, "điểm 1.1: từ đủ 18 tuổi, tính theo tháng")
AGE_MAX_MONTHS = kept_since(
    "admission.age_max_months", 720, "điểm 1.1: đến đủ 60 tuổi; trên 60 tuổi do cấp ủy trực thuộc Trung ương quyết định"
)
# Youth Union age: "thanh niên Việt Nam tuổi từ 16 đến 30" (Điều lệ Đoàn TNCS Hồ Chí Minh, Điều 1); an applicant
# of that age may be introduced by the Youth Union's grassroots executive committee (Điều lệ Đảng Điều 4.1).
YOUTH_UNION_MAX_AGE_YEARS = charter(
    "admission.youth_union_max_age_years",
    30,
    "Điều 4.1 (Ban Chấp hành Đoàn cơ sở giới thiệu người trong độ tuổi thanh niên); Điều lệ Đoàn Điều 1: 16–30 tuổi",
)
CERTIFICATE_VALIDITY_MONTHS = kept_since(
    "admission.certificate_validity_months", 60, "giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng: 60 tháng"
)
INTRODUCERS_REQUIRED = charter("admission.introducers_required", 2, "Điều 4.1: hai đảng viên chính thức giới thiệu")
INTRODUCER_MIN_MONTHS_TOGETHER = kept_since(
    "admission.introducer_min_months_together", 12, "điểm 3.3: cùng công tác ít nhất 12 tháng"
)
# "Được hai phần ba số đảng viên chính thức trở lên đồng ý": at least two thirds of *all* official members.
BRANCH_VOTE_SHARE = charter(
    "admission.branch_vote_share", Fraction(2, 3), "Điều 4.3: hai phần ba số đảng viên chính thức trở lên"
)
# Where the branch is under a grassroots committee, that committee reviews the branch's resolution first.
COMMITTEE_REVIEW_SHARE = charter(
    "admission.committee_review_share", Fraction(2, 3), "Điều 4.3: đảng ủy cơ sở xét, hai phần ba số cấp ủy viên"
)
DECISION_DEADLINE_WORKING_DAYS = kept_since("admission.decision_working_days", 60, "cấp ủy có thẩm quyền quyết định")
CEREMONY_DEADLINE_WORKING_DAYS = kept_since("admission.ceremony_working_days", 30, "lễ kết nạp sau quyết định")
PROBATION_MONTHS = charter("admission.probation_months", 12, "Điều 5.1: thời kỳ dự bị 12 tháng từ lễ kết nạp")
RECOGNITION_VOTE_SHARE = charter(
    "admission.recognition_vote_share", Fraction(2, 3), "Điều 5.3: hai phần ba số đảng viên chính thức trở lên"
)
RECOGNITION_REVIEW_WORKING_DAYS = kept_since("admission.recognition_working_days", 30, "xét công nhận sau dự bị")
READMISSION_MIN_MONTHS_OUT = kept_since(
    "admission.readmission_min_months_out", 36, "điểm 3.5.1 b: ít nhất 36 tháng kể từ khi ra khỏi Đảng"
)
READMISSION_MIN_MONTHS_AFTER_RECORD_CLEARED = kept_since(
    "admission.readmission_min_months_after_record_cleared",
    60,
    "điểm 3.5.1 b: người bị án hình sự về tội ít nghiêm trọng, 60 tháng kể từ khi được xóa án tích",
)

READMISSION_EXCLUDED = kept_since(
    "admission.readmission_excluded",
    EXCLUDED,
    "điểm 3.5.2: tự bỏ sinh hoạt đảng; làm đơn xin ra Đảng (trừ lý do gia đình đặc biệt khó khăn); gây mất đoàn "
    "kết nội bộ nghiêm trọng; bị kết án vì tội tham nhũng; bị kết án về tội nghiêm trọng trở lên",
)


@dataclass(frozen=True)
class AdmissionValues:
    """Every admission value in force on one day, for a command that checks several rules at once."""

    age_min_months: int
    age_max_months: int
    youth_union_max_age_years: int
    certificate_validity_months: int
    introducers_required: int
    introducer_min_months_together: int
    branch_vote_share: Fraction
    committee_review_share: Fraction
    decision_working_days: int
    ceremony_working_days: int
    probation_months: int
    recognition_vote_share: Fraction
    recognition_working_days: int
    readmission_min_months_out: int
    readmission_min_months_after_record_cleared: int
    readmission_excluded: frozenset[ExitReason]


@dataclass(frozen=True)
class AdmissionPolicies:
    """The admission policies; a province or a test can replace any of them."""

    age_min_months: Policy[int] = AGE_MIN_MONTHS
    age_max_months: Policy[int] = AGE_MAX_MONTHS
    youth_union_max_age_years: Policy[int] = YOUTH_UNION_MAX_AGE_YEARS
    certificate_validity_months: Policy[int] = CERTIFICATE_VALIDITY_MONTHS
    introducers_required: Policy[int] = INTRODUCERS_REQUIRED
    introducer_min_months_together: Policy[int] = INTRODUCER_MIN_MONTHS_TOGETHER
    branch_vote_share: Policy[Fraction] = BRANCH_VOTE_SHARE
    committee_review_share: Policy[Fraction] = COMMITTEE_REVIEW_SHARE
    decision_working_days: Policy[int] = DECISION_DEADLINE_WORKING_DAYS
    ceremony_working_days: Policy[int] = CEREMONY_DEADLINE_WORKING_DAYS
    probation_months: Policy[int] = PROBATION_MONTHS
    recognition_vote_share: Policy[Fraction] = RECOGNITION_VOTE_SHARE
    recognition_working_days: Policy[int] = RECOGNITION_REVIEW_WORKING_DAYS
    readmission_min_months_out: Policy[int] = READMISSION_MIN_MONTHS_OUT
    readmission_min_months_after_record_cleared: Policy[int] = READMISSION_MIN_MONTHS_AFTER_RECORD_CLEARED
    readmission_excluded: Policy[frozenset[ExitReason]] = READMISSION_EXCLUDED

    def at(self, day: date) -> AdmissionValues:
        """The values in force on ``day`` (raises ``PolicyNotInForce`` before the earliest regulation, 2011)."""
        values: dict[str, Any] = {f.name: getattr(self, f.name).at(day) for f in fields(self)}
        return AdmissionValues(**values)


DEFAULT_POLICIES = AdmissionPolicies()
