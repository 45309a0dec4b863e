"""Recording dues: a member's month collected (or excused) with its receipt, and a level's month remitted.

Each write goes with its audit row and event in one unit of work. Unpaid dues raise and clear the member's
removal-review flag through the member's write path (``dues.arrears``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update

from membership.badges.queries import badge_facts
from membership.badges.rules import party_age_months
from membership.dues.arrears import close_branch_month, review_after_payment
from membership.dues.models import DuesMonth, DuesPayment, PaymentIn, RemittanceIn
from membership.dues.policies import RATES, RETAINED_SHARES
from membership.dues.rules import Income, monthly_amount, retained_percent, split
from membership.events import DuesCollected, DuesRemitted
from membership.members.history import changing_member
from membership.members.rules import ACTIVE, MemberStatus
from membership.orgs.rules import MEMBER_HOLDING_KINDS, OrgKind
from shared import orgtree
from shared.auth import Principal
from shared.db import Context, Database, UnitOfWork
from shared.errors import RuleViolation
from shared.eventfacts import facts_from
from shared.faults import register_unique_rule

register_unique_rule("uq_dues_payments_member_month", "dues.already_recorded", field="month")
register_unique_rule("uq_dues_months_org_month", "dues.month_already_remitted", field="month")


def first_day(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)


async def record_payment(db: Database, ctx: Context, principal: Principal, body: PaymentIn) -> DuesPayment:
    """The amount due by the rule of the month's first day; the member pays at least that (more is welcome),
    or nothing with a valid reason. A paid month may clear a flag that unpaid dues raised."""
    month = first_day(body.month)
    rates = RATES.at(month)
    async with changing_member(db, ctx, principal, body.member_id) as (uow, member):
        if MemberStatus(member.status) not in ACTIVE:
            raise RuleViolation("dues.not_a_member", field="member_id", status=member.status)
        spans = (await badge_facts(uow.session, [member]))[member.id].spans
        income = Income(body.category, body.basis, body.declared, body.reduction_percent, body.reduction_month)
        due = monthly_amount(income, rates, party_age_months=party_age_months(spans, month))
        if body.excused_reason is None and body.amount_paid < due:
            raise RuleViolation("dues.amount_below_due", field="amount_paid", amount_due=due)
        if body.amount_paid > 0 and not body.receipt_number:
            raise RuleViolation("dues.receipt_required", field="receipt_number")
        payment = DuesPayment(
            member_id=member.id,
            org_id=member.org_id,
            month=month,
            category=body.category.value,
            basis=body.basis,
            amount_due=due,
            amount_paid=body.amount_paid,
            reduction_percent=body.reduction_percent,
            receipt_number=body.receipt_number,
            paid_on=body.paid_on,
            excused_reason=body.excused_reason,
        )
        uow.session.add(payment)
        await uow.session.flush()
        await _collected(uow, payment)
        await review_after_payment(uow, member, month.year, body.paid_on)
        await uow.commit()
    return payment


async def _collected(uow: UnitOfWork, payment: DuesPayment) -> None:
    node = await orgtree.get_node(uow.session, payment.org_id)
    event = DuesCollected(
        **facts_from(payment, DuesCollected, leave=("excused",), effective_date="paid_on"),
        excused=payment.excused_reason is not None,
    )
    uow.publish(
        event,
        subject=f"dues/{payment.member_id}",
        aggregate_id=f"dues:{payment.org_id}",
        orgpath=node.path if node else None,
    )
    after = {"month": payment.month.isoformat(), "amount_paid": payment.amount_paid, "receipt": payment.receipt_number}
    await uow.audit("dues.collected", "member", payment.member_id, org_id=payment.org_id, after=after)


async def remit(db: Database, ctx: Context, principal: Principal, body: RemittanceIn) -> DuesMonth:
    """A level's month: what it collected from its own members plus what its units remitted to it, each carried
    once — a late payment, or a unit's remittance after this level closed that month, is carried by its next
    month (serialised per organisation); it keeps its share and remits the rest to its parent. A branch's
    remittance closes its month (arrears are counted)."""
    month = first_day(body.month)
    async with db.uow(ctx) as uow:
        node = await orgtree.node_in_scope(uow.session, principal, body.org_id)
        percent = retained_percent(node.kind, RETAINED_SHARES.at(month))
        await uow.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"dues:{node.id}"))))
        own = (DuesPayment.org_id == node.id, DuesPayment.included_in.is_(None), DuesPayment.month <= month)
        units = (DuesMonth.parent_id == node.id, DuesMonth.included_in.is_(None), DuesMonth.month <= month)
        collected = await _sum(uow, select(func.sum(DuesPayment.amount_paid)).where(*own))
        from_units = await _sum(uow, select(func.sum(DuesMonth.remitted)).where(*units))
        parts = split(collected + from_units, percent)
        arrears = 0
        if OrgKind(node.kind) in MEMBER_HOLDING_KINDS:
            arrears = await close_branch_month(uow, node.id, month, body.remitted_on)
        figures = {
            "org_id": node.id,
            "parent_id": node.parent_id,
            "month": month,
            "collected": collected,
            "received": parts.received,
            "retained": parts.retained,
            "remitted": parts.remitted,
            "arrears_members": arrears,
        }
        row = DuesMonth(
            **figures, retained_percent=percent, receipt_number=body.receipt_number, remitted_on=body.remitted_on
        )
        uow.session.add(row)
        await uow.session.flush()
        await uow.session.execute(update(DuesPayment).where(*own).values(included_in=row.id))
        await uow.session.execute(update(DuesMonth).where(*units, DuesMonth.id != row.id).values(included_in=row.id))
        event = DuesRemitted(**figures, effective_date=body.remitted_on)
        uow.publish(event, subject=f"dues/{node.id}", aggregate_id=f"dues:{node.id}", orgpath=node.path)
        await uow.audit("dues.remitted", "org", node.id, org_id=node.id, after=event.model_dump(mode="json"))
        await uow.commit()
    return row


async def _sum(uow: UnitOfWork, query: object) -> int:
    value = await uow.session.scalar(query)  # type: ignore[call-overload]
    return int(value or 0)
