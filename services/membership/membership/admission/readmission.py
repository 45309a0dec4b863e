"""Readmission of a former member (kết nạp lại), point 3.5 of every regulation implementing the Charter since 2011.

A former member may be admitted again only when every condition holds (29-QĐ/TW 3.5.1, kept by 24-QĐ/TW,
232-QĐ/TW and 294-QĐ/TW): at least 36 months out of the party — 60 months after the criminal record is cleared
for one convicted of a less serious crime —, the provincial standing committee's written consent before the
competent committee decides, once only in a lifetime (3.5.3), and never for those who left for a reason of 3.5.2
(abandoning party life, resigning without a family hardship, serious disunity, a conviction for corruption or
for a serious crime or worse). Pure rules: the caller passes the dates and the policy values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from shared.calendar import add_months, full_months_between
from shared.errors import RuleViolation


class ExitReason(StrEnum):
    """Why a former member left the party, as 3.5.2 distinguishes it."""

    ABANDONED = "abandoned"  # tự bỏ sinh hoạt đảng
    RESIGNED = "resigned"  # làm đơn xin ra khỏi Đảng
    RESIGNED_FAMILY_HARDSHIP = "resigned_family_hardship"  # … vì lý do gia đình đặc biệt khó khăn
    SERIOUS_DISUNITY = "serious_disunity"  # gây mất đoàn kết nội bộ nghiêm trọng
    CONVICTED_CORRUPTION = "convicted_corruption"  # bị kết án vì tội tham nhũng
    CONVICTED_SERIOUS = "convicted_serious"  # bị kết án về tội nghiêm trọng trở lên
    CONVICTED_LESS_SERIOUS = "convicted_less_serious"  # án hình sự về tội ít nghiêm trọng: 60 months after clearing
    REMOVED = "removed"  # xóa tên for another reason
    EXPELLED = "expelled"  # khai trừ for other conduct
    OTHER = "other"


EXCLUDED = frozenset(
    {
        ExitReason.ABANDONED,
        ExitReason.RESIGNED,
        ExitReason.SERIOUS_DISUNITY,
        ExitReason.CONVICTED_CORRUPTION,
        ExitReason.CONVICTED_SERIOUS,
    }
)
"""The categories of 3.5.2 never readmitted (the value of the policy ``admission.readmission_excluded``)."""

# What the member record says (``left_reason``, else the status): removal for missing meetings three months in a
# year is "tự bỏ sinh hoạt đảng" (Điều lệ Đảng Điều 8.2), one of the excluded categories; unpaid dues is not.
_BY_RECORD = {
    "absence_3_months": ExitReason.ABANDONED,
    "dues_3_months": ExitReason.REMOVED,
    "not_recognised": ExitReason.REMOVED,
    "other": ExitReason.REMOVED,
    "removed": ExitReason.REMOVED,
    "resigned": ExitReason.RESIGNED,
    "expelled": ExitReason.EXPELLED,
}


def exit_reason_of(left_status: str | None, given: ExitReason | None, left_reason: str | None = None) -> ExitReason:
    """The reason recorded for readmission: the one given, else what the member record says."""
    if given is not None:
        return given
    return _BY_RECORD.get(left_reason or left_status or "", ExitReason.OTHER)


@dataclass(frozen=True)
class Consent:
    """The provincial standing committee's written consent (văn bản đồng ý của Ban Thường vụ tỉnh ủy)."""

    number: str
    date: date
    committee: str


def check_readmissible(
    reason: ExitReason, *, excluded: frozenset[ExitReason], readmitted_before: bool, record_cleared_on: date | None
) -> None:
    """Refused at introduction: readmitted once already (3.5.3), an excluded category (3.5.2), or a less serious
    conviction whose clearing date is unknown (the 60 months run from it)."""
    if readmitted_before:
        raise RuleViolation("admission.readmitted_before", field="national_id")
    if reason in excluded:
        raise RuleViolation("admission.readmission_excluded", field="exit_reason", exit_reason=reason.value)
    if reason is ExitReason.CONVICTED_LESS_SERIOUS and record_cleared_on is None:
        raise RuleViolation("admission.record_cleared_date_required", field="record_cleared_on")


def check_readmission(left_on: date, vote_date: date, *, min_months_out: int) -> None:
    """A former member may be admitted again only after ``min_months_out`` months out of the party."""
    _check_waited("admission.readmission_too_soon", "left_on", left_on, vote_date, min_months_out, "months_out")


def check_record_cleared(record_cleared_on: date, vote_date: date, *, min_months: int) -> None:
    """After a less serious conviction: ``min_months`` (60) from the day the criminal record was cleared."""
    _check_waited(
        "admission.readmission_too_soon_after_record", "record_cleared_on", record_cleared_on, vote_date, min_months
    )


def _check_waited(
    rule: str, field: str, since: date, vote_date: date, min_months: int, months_name: str = "months"
) -> None:
    """A readmission waits ``min_months`` full months from the date in ``field`` to the vote (3.5.1 b); the
    refusal names that date, the months waited (as ``months_name``), the minimum and the day the wait ends."""
    waited = full_months_between(since, vote_date)
    if waited < min_months:
        params: dict[str, Any] = {
            field: since.isoformat(),
            months_name: waited,
            "min_months": min_months,
            "eligible_from": add_months(since, min_months).isoformat(),
        }
        raise RuleViolation(rule, field=field, **params)


def check_consent(consent: Consent | None, decision_date: date) -> None:
    """The competent committee decides a readmission only on the provincial standing committee's written consent."""
    if consent is None:
        raise RuleViolation("admission.readmission_consent_required", field="readmission_consent")
    if consent.date > decision_date:
        raise RuleViolation(
            "admission.consent_after_decision",
            field="readmission_consent",
            consent_date=consent.date.isoformat(),
            decision_date=decision_date.isoformat(),
        )
