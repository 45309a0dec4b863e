"""Membership's party badge and dues events: flows counted at the organisation and every ancestor.

``member.badge_awarded`` counts a badge (and its milestone) in the month of the award; ``dues.collected`` adds
what a member paid in the month the dues are for; ``dues.remitted`` adds what a level received, kept and
remitted (and, at a branch, the members three months in arrears) in its month. A report sums a subtree's
records: its collection, what its levels retained, what they remitted (remittances inside the subtree included).
"""

from __future__ import annotations

from reporting.ingest.inspection import flow
from reporting.ingest.views import BadgeAwardedView, DuesCollectedView, DuesRemittedView
from shared.consumer import EventConsumer
from shared.db import UnitOfWork
from shared.events import Envelope

T = "vn.party.membership"


TYPES = (f"{T}.member.badge_awarded.v1", f"{T}.dues.collected.v1", f"{T}.dues.remitted.v1")


def register(consumer: EventConsumer) -> None:
    for event_type, handler in zip(TYPES, (badge_awarded, dues_collected, dues_remitted), strict=True):
        consumer.on(event_type)(handler)


async def badge_awarded(uow: UnitOfWork, envelope: Envelope) -> None:
    event = BadgeAwardedView.model_validate(envelope.data)
    flows = {"badges.awarded": 1, f"badges.awarded.{event.milestone}": 1}
    flow(uow, envelope, event.org_id, event.effective_date, flows)


async def dues_collected(uow: UnitOfWork, envelope: Envelope) -> None:
    event = DuesCollectedView.model_validate(envelope.data)
    flows = {"dues.collected": event.amount_paid, "dues.due": event.amount_due, "dues.payments": 1}
    flow(uow, envelope, event.org_id, event.month, flows)


async def dues_remitted(uow: UnitOfWork, envelope: Envelope) -> None:
    event = DuesRemittedView.model_validate(envelope.data)
    flows = {
        "dues.received": event.received,
        "dues.retained": event.retained,
        "dues.remitted": event.remitted,
        "dues.arrears_members": event.arrears_members,
    }
    flow(uow, envelope, event.org_id, event.month, flows)
