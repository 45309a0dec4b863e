"""Membership's events: the tree copy (with the totals moving when units move or merge) and the member counts.

Member events become operations run at flush time (see ``facts.store``); a tree change first flushes what the
batch holds, under the exclusive tree lock, so every delta before it is attributed to the tree before it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

import shared.orgtree as orgtree
from reporting.facts import store
from reporting.facts.rules import (
    BRANCH_KINDS,
    TRAITS,
    MemberState,
    admitted_at,
    ancestors_in,
    diff,
    history_of,
    is_stale,
    member_contribution,
    month_of,
    restated_admission,
    standing_after,
    transfer_deltas,
)
from reporting.facts.store import Attribution, Batch, Op
from reporting.ingest import dues, unit_types
from reporting.ingest.unit_types import CreatedUnitView, UnitTypeSetView
from reporting.ingest.views import (
    CandidateView,
    MemberView,
    TargetSetView,
)
from shared import ethnic_groups
from shared.calendar import Period, first_whole_month, first_whole_quarter
from shared.consumer import EventConsumer, NotReady
from shared.db import UnitOfWork
from shared.events import Envelope
from shared.member_categories import DIMENSIONS
from shared.orgcopy import OrgClosedView, OrgCreatedView, OrgMergedView, OrgMovedView, OrgRenamedView

T = "vn.party.membership"

# The flow each member event counts, beside moving the member between stocks.
MEMBER_FLOWS = {
    f"{T}.member.registered.v1": "members.registered",
    f"{T}.member.admitted.v1": "members.admitted",
    f"{T}.member.recognised.v1": "members.recognised",
    f"{T}.member.removed.v1": "members.removed",
    f"{T}.member.exempted.v1": "members.exempted",
    f"{T}.member.exemption_ended.v1": "members.exemption_ended",
    f"{T}.member.transferred_out.v1": "members.transferred_out",
    f"{T}.member.transferred_in.v1": "members.transferred_in",
    f"{T}.member.resigned.v1": "members.resigned",
    f"{T}.member.expelled.v1": "members.expelled",
    f"{T}.member.restored.v1": "members.restored",
    f"{T}.member.died.v1": "members.died",
    f"{T}.member.updated.v1": "",
    f"{T}.member.record_updated.v1": "",  # the record's categories changed (the member's newer version)
}

# The admission pipeline, counted where it happens (candidates introduced, decided, withdrawn in a period).
CANDIDATE_FLOWS = {
    f"{T}.candidate.introduced.v1": "candidates.introduced",
    f"{T}.candidate.class_completed.v1": "candidates.class_completed",
    f"{T}.candidate.branch_voted.v1": "candidates.branch_voted",
    f"{T}.candidate.decided.v1": "candidates.decided",
    f"{T}.candidate.withdrawn.v1": "candidates.withdrawn",
}


def org_kind_metric(kind: str) -> str:
    return f"orgs.active.{kind}"


def due_metric(kind: str) -> str:
    """Branches owing their meetings in a month: active throughout it (``shared.calendar.active_throughout``)."""
    return f"orgs.due.{kind}"


def _due_from(org_id: str, kind: str, start: date, sign: int = 1) -> list[Attribution]:
    """A branch owes monthly meetings from its first whole month and thematic ones from its first whole quarter
    (``orgs.due_q``, read at each quarter's first month)."""
    if kind not in BRANCH_KINDS:
        return []
    return [
        Attribution(org_id, first_whole_month(start), {due_metric(kind): 1}, sign),
        Attribution(org_id, first_whole_quarter(start), {f"orgs.due_q.{kind}": 1}, sign),
    ]


async def _due_end(uow: UnitOfWork, batch: Batch, node: orgtree.OrgNode, on: date, org_ids: list[str]) -> None:
    """A unit closed on ``on`` stops owing meetings in that month (that quarter), or at its first whole month
    (quarter) when it closes before reaching one, so the two changes cancel."""
    if node.kind not in BRANCH_KINDS:
        return
    established = (
        await uow.session.execute(text("SELECT established_on FROM org_nodes WHERE id = :id"), {"id": node.id})
    ).scalar_one()
    month = max(month_of(on), first_whole_month(established))
    quarter = max(Period.quarter_of(on).start, first_whole_quarter(established))
    batch.deltas.add(org_ids, month, {due_metric(node.kind): 1}, -1)
    batch.deltas.add(org_ids, quarter, {f"orgs.due_q.{node.kind}": 1}, -1)


def register(consumer: EventConsumer) -> None:
    consumer.on(f"{T}.org.created.v1")(org_created)
    consumer.on(f"{T}.org.renamed.v1")(org_renamed)
    consumer.on(f"{T}.org.moved.v1")(org_moved)
    consumer.on(f"{T}.org.merged.v1")(org_merged)
    consumer.on(f"{T}.org.dissolved.v1")(org_dissolved)
    consumer.on(f"{T}.org.restored.v1")(org_restored)
    consumer.on(f"{T}.org.unit_type_set.v1")(org_unit_type_set)
    consumer.on(*MEMBER_FLOWS)(member_changed)
    consumer.on(*CANDIDATE_FLOWS)(store.counted(CandidateView, CANDIDATE_FLOWS))
    consumer.on(f"{T}.target.set.v1")(target_set)
    dues.register(consumer)


# ---- the tree -------------------------------------------------------------------------------------------------


async def _begin_tree_change(uow: UnitOfWork) -> Batch:
    batch = store.batch_of(uow)
    await store.lock_tree(uow.session, batch, exclusive=True)
    await store.flush(uow.session, batch)
    await store.bump_tree_version(uow.session, batch)
    batch.history.clear()
    batch.paths.clear()
    return batch


async def org_created(uow: UnitOfWork, envelope: Envelope) -> None:
    """Queued with the batch's other creations (``store.create``): inserted together before the tree is read."""
    event = OrgCreatedView.model_validate(envelope.data)
    batch = store.batch_of(uow)
    await store.lock_tree(uow.session, batch, exclusive=True)
    await store.bump_tree_version(uow.session, batch)
    batch.saw(envelope.time)
    node = orgtree.NewNode(
        event.org_id, event.parent_id, None, event.kind, event.name, event.code, event.effective_date
    )
    unit_type = CreatedUnitView.model_validate(envelope.data).unit_type
    await unit_types.keep(uow, event.org_id, unit_type)
    counts = [
        Attribution(
            event.org_id, event.effective_date, {org_kind_metric(event.kind): 1, **unit_types.unit_metric(unit_type)}
        ),
        *_due_from(event.org_id, event.kind, event.effective_date),
    ]
    store.create(batch, node, counts)


async def org_renamed(uow: UnitOfWork, envelope: Envelope) -> None:
    event = OrgRenamedView.model_validate(envelope.data)
    batch = await _begin_tree_change(uow)
    batch.saw(envelope.time)
    await orgtree.rename_node(uow.session, event.org_id, event.name, event.effective_date)


async def _node(uow: UnitOfWork, org_id: str) -> orgtree.OrgNode:
    node = await orgtree.get_node(uow.session, org_id)
    if node is None:
        raise NotReady(f"org:{org_id}")
    return node


async def _move_totals(uow: UnitOfWork, source: str, on: date, leave: list[str], join: list[str]) -> None:
    rows = await store.org_rows(uow.session, source)
    await store.write_deltas(uow.session, transfer_deltas(rows, month_of(on), leave, join))


async def org_moved(uow: UnitOfWork, envelope: Envelope) -> None:
    """The subtree's totals leave the old ancestors and join the new ones from the move's month on."""
    event = OrgMovedView.model_validate(envelope.data)
    batch = await _begin_tree_change(uow)
    batch.saw(envelope.time)
    node, parent = await _node(uow, event.org_id), await _node(uow, event.new_parent_id)
    await _move_totals(uow, node.id, event.effective_date, node.ancestor_ids, ancestors_in(parent.path))
    await orgtree.move_node(uow.session, event.org_id, event.new_parent_id, event.effective_date)


async def org_merged(uow: UnitOfWork, envelope: Envelope) -> None:
    """The merged unit's totals (children and members included) join the target from the merge's month on;
    its figures before that stay its own, so a report of an earlier period still shows them."""
    event = OrgMergedView.model_validate(envelope.data)
    batch = await _begin_tree_change(uow)
    batch.saw(envelope.time)
    node, into = await _node(uow, event.org_id), await _node(uow, event.into_id)
    join = ancestors_in(into.path)
    await _move_totals(uow, node.id, event.effective_date, ancestors_in(node.path), join)
    children = (
        await uow.session.execute(
            text("SELECT id FROM org_nodes WHERE parent_id = :org AND status = 'active'"), {"org": node.id}
        )
    ).scalars()
    for child in list(children):
        await orgtree.move_node(uow.session, child, into.id, event.effective_date)
    await orgtree.close_node(uow.session, node.id, event.effective_date, status="merged", merged_into=into.id)
    await uow.session.execute(
        text("UPDATE member_facts SET org_id = :into WHERE org_id = :org"), {"into": into.id, "org": node.id}
    )
    batch.members.clear()
    batch.deltas.add(join, month_of(event.effective_date), await _org_counts(uow, node), -1)
    await _due_end(uow, batch, node, event.effective_date, join)


async def org_dissolved(uow: UnitOfWork, envelope: Envelope) -> None:
    event = OrgClosedView.model_validate(envelope.data)
    batch = await _begin_tree_change(uow)
    batch.saw(envelope.time)
    node = await _node(uow, event.org_id)
    if node.status != "active":
        return
    await orgtree.close_node(uow.session, node.id, event.effective_date, status="dissolved")
    batch.deltas.add(ancestors_in(node.path), month_of(event.effective_date), await _org_counts(uow, node), -1)
    await _due_end(uow, batch, node, event.effective_date, ancestors_in(node.path))


async def org_restored(uow: UnitOfWork, envelope: Envelope) -> None:
    event = OrgClosedView.model_validate(envelope.data)
    batch = await _begin_tree_change(uow)
    batch.saw(envelope.time)
    node = await _node(uow, event.org_id)
    if node.status == "active":
        return
    await orgtree.reopen_node(uow.session, node.id, event.effective_date)
    batch.deltas.add(ancestors_in(node.path), month_of(event.effective_date), await _org_counts(uow, node))
    for due in _due_from(node.id, node.kind, event.effective_date):
        batch.deltas.add(ancestors_in(node.path), month_of(due.on), due.contribution)


async def _org_counts(uow: UnitOfWork, node: orgtree.OrgNode) -> dict[str, int]:
    """What an active organisation adds to its ancestors' stocks: its kind, and its unit type when stated."""
    return {org_kind_metric(node.kind): 1, **unit_types.unit_metric(await unit_types.current(uow, node.id))}


async def org_unit_type_set(uow: UnitOfWork, envelope: Envelope) -> None:
    """The organisation leaves its old type's stock and joins the new one's from the month the type holds from
    (an active organisation only: a closed one counts in no stock)."""
    event = UnitTypeSetView.model_validate(envelope.data)
    batch = await _begin_tree_change(uow)
    batch.saw(envelope.time)
    node = await _node(uow, event.org_id)
    before = await unit_types.current(uow, node.id)
    await unit_types.keep(uow, node.id, event.unit_type)
    if node.status == "active":
        month, ancestors = month_of(event.effective_date), ancestors_in(node.path)
        batch.deltas.add(ancestors, month, unit_types.unit_metric(before), -1)
        batch.deltas.add(ancestors, month, unit_types.unit_metric(event.unit_type))


# ---- the admission pipeline and targets ----------------------------------------------------------------------------


async def target_set(uow: UnitOfWork, envelope: Envelope) -> None:
    """An organisation's own admission target for a year (the latest one set stands)."""
    event = TargetSetView.model_validate(envelope.data)
    store.batch_of(uow).saw(envelope.time)
    await uow.session.execute(
        text(
            "INSERT INTO org_targets (org_id, year, figure, value) VALUES (:org, :year, 'admissions', :value) "
            "ON CONFLICT (org_id, year, figure) DO UPDATE SET value = excluded.value"
        ),
        {"org": event.org_id, "year": event.year, "value": event.target},
    )


# ---- members ----------------------------------------------------------------------------------------------------


async def member_changed(uow: UnitOfWork, envelope: Envelope) -> None:
    event = MemberView.model_validate(envelope.data)
    batch = store.batch_of(uow)
    batch.saw(envelope.time)
    flow = MEMBER_FLOWS[envelope.type]
    if event.data_as_of is not None:
        batch.declare(event.org_id, event.data_as_of)
    batch.ops.append(Op(lambda b: member_effects(b, event, flow), member_ids=(event.member_id,)))


def member_effects(batch: Batch, event: MemberView, flow: str) -> list[Attribution]:
    """The member's stocks and flows, then its admission's detail restated from its newest state: the record is
    usually filled after the ceremony, so the admissions form of that period counts the new member by the
    categories known now (in any order of events: the newest state applied is the one counted)."""
    before = batch.members.get(event.member_id)
    out = _member_stocks(batch, event, flow)
    after = _admitted(batch, event, flow)
    return out + [Attribution(org_id, day, change) for org_id, day, change in restated_admission(before, after)]


def _admitted(batch: Batch, event: MemberView, flow: str) -> MemberState | None:
    """The member's newest state, now knowing where and when it was admitted if this event says so (an
    admission, or a registration with its admission's date); one admission is kept per member."""
    current = batch.members.get(event.member_id)
    if flow == "members.admitted":
        admission: tuple[str, date] | None = (event.org_id, event.decision_date or event.effective_date)
    elif flow == "members.registered" and event.admission_date is not None:
        admission = (event.org_id, event.admission_date)
    else:
        return current
    if current is None or current.guest:
        return current
    current = admitted_at(current, admission)
    batch.set_member(event.member_id, current)
    return current


def _member_stocks(batch: Batch, event: MemberView, flow: str) -> list[Attribution]:
    """Move the member between stocks (old contribution out, new in) and count the event's flows.

    Stocks change only from a state newer than the one applied (``version``), so replicas and redeliveries may
    apply a member's events in any order; flows count once per event whatever its version."""
    old = batch.members.get(event.member_id)
    flows = _dated_flows(flow, event, old)
    if is_stale(event.version, old):
        return flows
    if _is_guest(event, old, flow):
        # A temporary member's record at the host: counted as a flow there, never in its headcount.
        if old is None:
            batch.set_member(event.member_id, _state(event, None, guest=True))
        return flows
    new = _state(event, standing_after(event.status, event.previous_status, old), old)
    batch.set_member(event.member_id, new)
    on = event.effective_date
    if old is None:
        return _history(event, new) + flows
    out: list[Attribution] = []
    before, after = member_contribution(old), member_contribution(new)
    if old.org_id != new.org_id:
        out += [Attribution(old.org_id, on, before, -1), Attribution(new.org_id, on, after)]
    else:
        change = diff(before, after)
        if change:
            out.append(Attribution(new.org_id, on, change))
    return out + flows


def _state(event: MemberView, standing: str | None, old: MemberState | None = None, guest: bool = False) -> MemberState:
    """The member's state as the event states it, keeping the admission ``old`` knew."""
    return MemberState(
        event.org_id,
        event.status,
        standing,
        event.gender,
        event.ethnic_minority,
        event.birth_date,
        guest=guest,
        version=event.version,
        traits=traits_of(event),
        admission=old.admission if old is not None else None,
    )


KNOWN_CODES = {"ethnic_group": set(ethnic_groups.NAMES) | {ethnic_groups.OTHER}} | {
    dimension: set(codes) for dimension, codes in DIMENSIONS.items()
}


def traits_of(event: MemberView) -> tuple[tuple[str, str], ...]:
    """The member's categories as the event states them; an unknown code counts as not stated (the categories a
    form prints are bounded). Events from before the codes existed name the ethnic group only by its name."""
    stated = {dimension: getattr(event, dimension) for dimension in TRAITS}  # model_dump: 5 % of a history batch
    stated["ethnic_group"] = stated["ethnic_group"] or ethnic_groups.code_of(event.ethnicity)
    return tuple(sorted((k, v) for k, v in stated.items() if v in KNOWN_CODES[k]))


def _history(event: MemberView, new: MemberState) -> list[Attribution]:
    """A member seen for the first time: every dated state from the admission decision on (contract 2). An
    import's ``data_as_of`` dates the state it reports, when earlier than the registration."""
    on = min(event.effective_date, event.data_as_of or event.effective_date)
    out: list[Attribution] = []
    previous: dict[str, int] = {}
    for day, state in history_of(new, on, event.admission_date, event.recognition_date):
        contribution = member_contribution(state)
        change = diff(previous, contribution)
        if change:
            out.append(Attribution(new.org_id, day, change))
        previous = contribution
    return out


def _dated_flows(flow: str, event: MemberView, old: MemberState | None) -> list[Attribution]:
    """The event's flows, each in the period of its own date: an admission in the decision's period; a
    registration also counts the member's admission and recognition where they happened (its history)."""
    flows = _flows(flow, event)
    if not flows:
        return []
    flow_org = event.org_id
    if flow == "members.transferred_out":
        flow_org = event.previous_org_id or (old.org_id if old else event.org_id)
    on = event.decision_date if flow == "members.admitted" and event.decision_date else event.effective_date
    if flow == "members.removed" and event.previous_status == "probationary":
        flows["members.removed.probationary"] = 1
    out = [Attribution(flow_org, on, flows), *_crossings(flow, event, flow_org, on)]
    if flow == "members.registered":
        for day, metric in ((event.admission_date, "members.admitted"), (event.recognition_date, "members.recognised")):
            if day is not None:
                out.append(Attribution(event.org_id, day, {metric: 1}))
    return out


CROSSING = {"members.transferred_in": "members.arrived", "members.transferred_out": "members.departed"}
"""Transfers that cross an organisation's boundary (permanent, internal, abroad; not temporary): counted where
one end is and the other is not, so a district's movement form lists no move between two of its communes."""


def _crossings(flow: str, event: MemberView, flow_org: str, on: date) -> list[Attribution]:
    if flow not in CROSSING or event.transfer_kind not in ("permanent", "internal", "abroad"):
        return []
    other = event.to_org_id if flow == "members.transferred_out" else event.from_org_id
    return [Attribution(flow_org, on, {CROSSING[flow]: 1}, apart_from=other)]


def _flows(flow: str, event: MemberView) -> dict[str, int]:
    if not flow:
        return {}
    flows = {flow: 1}
    if event.transfer_kind:
        flows[f"{flow}.{event.transfer_kind}"] = 1
    return flows


def _is_guest(event: MemberView, old: MemberState | None, flow: str) -> bool:
    """A host's record of a member on a temporary transfer: a temporary transfer *in* away from home."""
    if old is not None and old.guest:
        return True
    arriving = flow == "members.transferred_in" and event.transfer_kind == "temporary"
    return arriving and (old is None or old.org_id != event.org_id)


__all__ = ["register"]
