"""The events inspection publishes (stream INSPECTION, subjects ``grassroots.inspection.>``).

Every payload names the organisation it happened at (``org_id``: the target organisation, or the member's
branch; for a classification, the grassroots organisation the batch belongs to) and its ``effective_date``
(the domain date, which may differ from the commit time), so consumers attribute it to the right node and
period. Ids are UUID strings. Enumerated values are the plain strings below (never renamed; new values may be
added). Additive changes only; a breaking change is a new version published beside this one.

Consumers:
- membership applies ``discipline.imposed`` (``actions`` contains ``expel_member`` → expel the member;
  ``dissolve_organisation`` → dissolve the organisation; ``remove_from_post`` → clear the member's posts) and
  ``appeal.decided`` (``effects`` contains ``restore_member`` / ``restore_organisation`` / ``restore_posts``,
  and, when a level increased the measure, ``expel_member`` / ``remove_from_post`` / ``dissolve_organisation``);
- reporting reads all of them.

Value sets:
- ``target_type``: ``member`` | ``organisation``
- ``measure``: ``reprimand`` | ``warning`` | ``removal_from_post`` | ``expulsion`` (members);
  ``reprimand`` | ``warning`` | ``dissolution`` (organisations)
- inspection ``kind``: ``regular_supervision`` | ``thematic_supervision`` |
  ``inspection_on_signs_of_violation`` | ``inspection_of_discipline_work``
- appeal ``outcome``: ``upheld`` | ``reduced`` | ``annulled`` | ``increased``
- appeal ``final_authority``: ``central_inspection_commission`` | ``secretariat`` (``heard_by_org_id`` is then
  None: the appeal is heard above the tree)
- ``actions`` / ``effects``: ``expel_member`` | ``remove_from_post`` | ``dissolve_organisation`` |
  ``restore_member`` | ``restore_posts`` | ``restore_organisation``
- ``grade``: ``excellent`` | ``good`` | ``completed`` | ``not_completed``
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from shared.events import EventPayload, event_type

SERVICE = "inspection"


class InspectionFacts(EventPayload):
    """What every inspection item event carries: the item, its programme and its target."""

    inspection_id: str
    programme_id: str
    committee_id: str
    year: int
    kind: str
    target_type: str
    target_id: str
    member_id: str | None = None
    org_id: str
    effective_date: date


@event_type(SERVICE, "inspection", "opened")
class InspectionOpened(InspectionFacts):
    """An inspection or supervision item started (planned → in progress)."""


@event_type(SERVICE, "inspection", "concluded")
class InspectionConcluded(InspectionFacts):
    """An inspection or supervision item was concluded with findings: a violation or not, and the measure
    recommended, if any (a recommendation only; a decision is a separate ``discipline.imposed``)."""

    violation: bool
    measure: str | None = None
    findings: str


class DisciplineFacts(EventPayload):
    """What every discipline and appeal event carries: the decision and whom it targets."""

    discipline_id: str
    target_type: str
    target_id: str
    member_id: str | None = None
    org_id: str


@event_type(SERVICE, "discipline", "imposed")
class DisciplineImposed(DisciplineFacts):
    """A discipline decision was recorded; it applies from ``effective_date`` even while an appeal is pending.

    ``org_id`` is the member's branch, or the organisation disciplined (then ``target_id == org_id``).
    """

    measure: str
    actions: list[str] = Field(default_factory=list)
    decision_number: str
    decision_date: date
    issuing_org_id: str
    violation_date: date
    inspection_id: str | None = None
    effective_date: date


AppealLevel = Annotated[int | None, Field(description="1 for the first appeal, 2 for an appeal against its decision…")]
FinalAuthority = Annotated[str | None, Field(description="Set when heard by the central final authority.")]


@event_type(SERVICE, "appeal", "lodged")
class AppealLodged(DisciplineFacts):
    """An appeal against a discipline decision was lodged in time; the decision stays in force meanwhile."""

    appeal_id: str
    measure: str
    received_date: date
    lodged_date: date
    effective_date: date
    level: AppealLevel = None
    heard_by_org_id: str | None = Field(None, description="The organisation whose level hears it.")
    final_authority: FinalAuthority = None


@event_type(SERVICE, "appeal", "decided")
class AppealDecided(DisciplineFacts):
    """An appeal was decided: the measure upheld, reduced or increased to ``new_measure``, or annulled.

    ``original_measure`` is the measure this appeal contested (the decision's at the first level; a lower
    level's outcome at the next ones). ``effects`` lists what the other services must apply to move from it to
    ``measure_in_force`` (e.g. ``restore_member`` for an annulled or reduced expulsion, ``expel_member`` for a
    warning increased to expulsion).
    """

    appeal_id: str
    outcome: str
    original_measure: str
    new_measure: str | None = None
    measure_in_force: str | None = None
    effects: list[str] = Field(default_factory=list)
    decision_date: date
    effective_date: date
    level: AppealLevel = None
    heard_by_org_id: str | None = Field(None, description="The organisation whose level heard it.")
    final_authority: FinalAuthority = None


@event_type(SERVICE, "classification", "recorded")
class ClassificationRecorded(EventPayload):
    """One organisation's or member's annual quality grade was recorded (one event per entry of a batch).

    ``org_id`` is the grassroots organisation whose batch it belongs to; ``subject_org_id`` is the
    organisation rated, or the member's branch. ``cap_flagged`` / ``justification`` come from the batch: the
    excellent cap was breached and accepted with that justification. A later batch for the same organisation,
    year and target type replaces the earlier grades (``replaces_batch_id``).
    """

    classification_id: str
    batch_id: str
    replaces_batch_id: str | None = None
    target_type: str
    target_id: str
    member_id: str | None = None
    subject_org_id: str
    org_id: str
    year: int
    grade: str
    score: float | None = None
    cap_flagged: bool = False
    justification: str | None = None
    effective_date: date
