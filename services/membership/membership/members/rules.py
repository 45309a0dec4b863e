"""A member's status and the commands that change it, as one transition table.

A member's *standing* is probationary, official or exempt (exemption from party work and meetings). While a
permanent transfer is pending, while away on a temporary transfer, and once expelled, the member keeps the
standing they will return to in ``previous_status`` (the column of the same name): the receiving branch, the
return, or an appeal that annuls the expulsion brings them back to it.

Decisions taken where the regulations leave room:
- only an official member can be exempted: a probationary member's probation is judged on party work, so an
  exempt probationary member could never be recognised; ending the exemption returns them to official;
- a probationary member cannot be expelled (Quy định 69-QĐ/TW: reprimand or warning only); a branch that
  finds them unworthy removes them from the rolls instead;
- a probationary member away on a temporary transfer can be recognised by their home branch, which keeps them
  on its rolls; they stay away, now official;
- an exempt member can move permanently or between branches, but not on a temporary transfer;
- exemption has a scope (Charter Điều 7, "giảm, miễn"): ``reduce`` lightens party work and meetings, ``exempt``
  lifts them; both are the status ``exempt`` — the scope says how much;
- a transfer abroad (to a party organisation abroad, outside this system) is pending like a permanent transfer
  until a branch here receives the member back; a temporary transfer puts the member in the host's roster only
  once the host accepts them (``check_host_accept``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from shared.errors import InvalidTransition, RuleViolation


class MemberStatus(StrEnum):
    PROBATIONARY = "probationary"
    OFFICIAL = "official"
    EXEMPT = "exempt"
    TRANSFER_PENDING = "transfer_pending"
    TEMPORARILY_AWAY = "temporarily_away"
    REMOVED = "removed"  # xóa tên
    RESIGNED = "resigned"
    EXPELLED = "expelled"
    DECEASED = "deceased"


class MemberCommand(StrEnum):
    RECOGNISE = "recognise"
    REMOVE_FROM_ROLLS = "remove_from_rolls"
    EXEMPT = "exempt"
    END_EXEMPTION = "end_exemption"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    RETURN_FROM_TEMPORARY = "return_from_temporary"
    RESIGN = "resign"
    EXPEL = "expel"
    RESTORE = "restore"
    DIE = "die"


class TransferKind(StrEnum):
    PERMANENT = "permanent"  # chuyển sinh hoạt đảng chính thức: to another grassroots organisation
    TEMPORARY = "temporary"  # chuyển sinh hoạt đảng tạm thời: 3 months to under a year (2 years for study)
    INTERNAL = "internal"  # chuyển sinh hoạt nội bộ: between branches of one grassroots organisation
    ABROAD = "abroad"  # chuyển sinh hoạt đảng ra nước ngoài: to a party organisation abroad, outside this system


class ExemptionScope(StrEnum):
    """The branch may reduce or exempt ("giảm, miễn") a member's party work and meetings (Charter Điều 7)."""

    REDUCE = "reduce"
    EXEMPT = "exempt"


class RemovalReason(StrEnum):
    NOT_RECOGNISED = "not_recognised"  # probation failed
    ABSENCE_3_MONTHS = "absence_3_months"  # missed meetings 3 months in a year without good reason
    DUES_3_MONTHS = "dues_3_months"  # unpaid dues 3 months in a year without good reason
    OTHER = "other"


S, C = MemberStatus, MemberCommand

STANDINGS = frozenset({S.PROBATIONARY, S.OFFICIAL, S.EXEMPT})
ACTIVE = STANDINGS | {S.TRANSFER_PENDING, S.TEMPORARILY_AWAY}
LEFT = frozenset({S.REMOVED, S.RESIGNED, S.EXPELLED, S.DECEASED})
_RETURNS = {
    S.TRANSFER_PENDING: C.TRANSFER_IN,
    S.TEMPORARILY_AWAY: C.RETURN_FROM_TEMPORARY,
    S.EXPELLED: C.RESTORE,
}
_LEAVING: Mapping[MemberCommand, MemberStatus] = {
    C.REMOVE_FROM_ROLLS: S.REMOVED,
    C.RESIGN: S.RESIGNED,
    C.EXPEL: S.EXPELLED,
    C.DIE: S.DECEASED,
}
_STANDING_CHANGES: Mapping[tuple[MemberStatus, MemberCommand], MemberStatus] = {
    (S.PROBATIONARY, C.RECOGNISE): S.OFFICIAL,
    (S.OFFICIAL, C.EXEMPT): S.EXEMPT,
    (S.EXEMPT, C.END_EXEMPTION): S.OFFICIAL,
}
_TRANSFERS_FROM: Mapping[TransferKind, frozenset[MemberStatus]] = {
    TransferKind.PERMANENT: STANDINGS,
    TransferKind.INTERNAL: STANDINGS,
    TransferKind.TEMPORARY: frozenset({S.PROBATIONARY, S.OFFICIAL}),
    TransferKind.ABROAD: STANDINGS,
}


@dataclass(frozen=True)
class MemberState:
    """The status, and the standing to return to while pending, away or expelled."""

    status: MemberStatus
    previous_status: MemberStatus | None = None

    @property
    def standing(self) -> MemberStatus | None:
        """Probationary, official or exempt: the member's own grade, wherever they are."""
        return self.status if self.status in STANDINGS else self.previous_status


def state_from(status: str, previous_status: str | None) -> MemberState:
    """The state of a stored row (status and previous_status columns)."""
    return MemberState(MemberStatus(status), MemberStatus(previous_status) if previous_status else None)


def transition(
    current: MemberState,
    command: MemberCommand,
    *,
    transfer_kind: TransferKind | None = None,
    removal_reason: RemovalReason | None = None,
) -> MemberState:
    """The state after ``command``; ``InvalidTransition`` naming the rule when the status does not allow it.

    ``transfer_kind`` is required by ``TRANSFER_OUT`` and ``removal_reason`` by ``REMOVE_FROM_ROLLS``.
    """
    if command is C.TRANSFER_OUT:
        return _transfer_out(current, _required(transfer_kind, "transfer_kind"))
    if command in _LEAVING and current.status in ACTIVE:
        return _leave(current, command, removal_reason)
    if _RETURNS.get(current.status) is command and current.previous_status is not None:
        return MemberState(current.previous_status)
    if (current.status, command) in _STANDING_CHANGES:
        return MemberState(_STANDING_CHANGES[(current.status, command)])
    if current.status is S.TEMPORARILY_AWAY and command is C.RECOGNISE and current.standing is S.PROBATIONARY:
        return MemberState(S.TEMPORARILY_AWAY, S.OFFICIAL)
    if command is C.EXEMPT and current.status is S.PROBATIONARY:
        raise InvalidTransition("member.exemption_requires_official", current=current.status.value)
    raise InvalidTransition("member.invalid_transition", current=current.status.value, command=command.value)


def _required(value: TransferKind | None, name: str) -> TransferKind:
    if value is None:
        raise ValueError(f"{name} is required for this command")
    return value


def _transfer_out(current: MemberState, kind: TransferKind) -> MemberState:
    if current.status not in _TRANSFERS_FROM[kind]:
        raise InvalidTransition("member.transfer_not_allowed", current=current.status.value, transfer_kind=kind.value)
    if kind is TransferKind.INTERNAL:
        return current
    target = S.TEMPORARILY_AWAY if kind is TransferKind.TEMPORARY else S.TRANSFER_PENDING
    return MemberState(target, current.status)


def _leave(current: MemberState, command: MemberCommand, reason: RemovalReason | None) -> MemberState:
    standing = current.standing
    if command is C.EXPEL and standing is S.PROBATIONARY:
        raise InvalidTransition("member.expel_probationary", current=current.status.value)
    if command is C.REMOVE_FROM_ROLLS:
        if reason is None:
            raise ValueError("removal_reason is required to remove a member from the rolls")
        check_removal_reason(standing, reason)
    return MemberState(_LEAVING[command], standing)


def check_removal_reason(standing: MemberStatus | None, reason: RemovalReason) -> None:
    """Failed probation applies only to probationary members; missed meetings never to exempt ones."""
    not_recognised = reason is RemovalReason.NOT_RECOGNISED and standing is not S.PROBATIONARY
    absent_while_exempt = reason is RemovalReason.ABSENCE_3_MONTHS and standing is S.EXEMPT
    if not_recognised or absent_while_exempt:
        raise InvalidTransition(
            "member.removal_reason_not_applicable",
            reason=reason.value,
            standing=standing.value if standing else None,
        )


def check_host_accept(current: MemberState, host_org_id: str | None, org_id: str, accepted_on: date | None) -> None:
    """Only the host named by a temporary transfer accepts the member, once; until then the member is in no
    host's roster (they still count at home, as every temporary transfer does)."""
    if current.status is not S.TEMPORARILY_AWAY:
        raise InvalidTransition("member.invalid_transition", current=current.status.value, command="host_accept")
    if accepted_on is not None:
        raise InvalidTransition("member.host_already_accepted", accepted_on=accepted_on.isoformat())
    if host_org_id != org_id:
        raise RuleViolation("member.transfer_wrong_branch", field="org_id", org_id=org_id, expected=host_org_id)


def allowed_commands(current: MemberState) -> frozenset[MemberCommand]:
    """The commands a client may offer for ``current`` (with some transfer kind or removal reason)."""
    allowed: set[MemberCommand] = set()
    for command in MemberCommand:
        for kind in TransferKind:
            try:
                transition(current, command, transfer_kind=kind, removal_reason=RemovalReason.OTHER)
            except InvalidTransition:
                continue
            allowed.add(command)
    return frozenset(allowed)


@dataclass(frozen=True)
class MemberDates:
    """The dates on a member's record that say when they were an official member."""

    admission_date: date | None = None  # the admission decision
    recognition_date: date | None = None  # official from here
    left_on: date | None = None  # out of the party from here


def official_on(state: MemberState, dates: MemberDates, day: date) -> bool:
    """Whether the record shows an official member on ``day`` (an introducer, or one counted in a branch vote).

    History is loaded through the pipeline, so a vote of 2016 is judged with the members official in 2016: a
    member who has since died counts, one admitted since does not. Where the record has no recognition date the
    present standing decides; an exempt member is never counted (the record does not say since when).
    """
    if state.status in LEFT and (dates.left_on is None or dates.left_on <= day):
        return False
    if dates.admission_date is not None and dates.admission_date > day:
        return False
    standing = state.standing
    if standing is S.EXEMPT:
        return False
    if dates.recognition_date is not None:
        return dates.recognition_date <= day
    return standing is S.OFFICIAL


def is_active(status: MemberStatus) -> bool:
    """Still a member of the party (whatever their branch is doing with them)."""
    return status in ACTIVE


def counts_in_headcount(status: MemberStatus, is_temporary_guest: bool) -> bool:
    """Whether the member counts in the headcount of the branch holding this record.

    A member on a temporary transfer counts at home, never at the host (the host's record is a guest
    record). A member whose permanent transfer is pending counts nowhere until the receiving branch takes them
    in, because the sending branch has already struck them from its list.
    """
    if is_temporary_guest:
        return False
    return status in STANDINGS or status is S.TEMPORARILY_AWAY
