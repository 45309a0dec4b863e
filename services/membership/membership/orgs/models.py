"""API schemas of the organisation tree (the table itself is the platform's ``org_nodes``)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from shared.openapi import strict_body
from shared.org_unit_types import UnitType
from shared.orgtree import OrgKind, OrgStatus


class OrgCreate(BaseModel):
    model_config = strict_body(
        {"name": "Chi bộ Thôn Đồng Tâm", "kind": "branch", "parent_id": "3f1c…", "effective_date": "2026-01-01"}
    )

    name: str = Field(min_length=2, max_length=300)
    kind: OrgKind
    parent_id: str | None = Field(None, description="Null only for a province.")
    code: str | None = Field(None, max_length=60, pattern=r"^[A-Za-z0-9._-]+$")
    effective_date: date = Field(description="The date of the establishing decision.")
    unit_type: UnitType | None = Field(
        None, description="A grassroots organisation's unit type (loại hình: xã, doanh nghiệp, …); others have none."
    )


class OrgUnitTypeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    unit_type: UnitType
    effective_date: date = Field(description="The date the type holds from.")


class OrgRename(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=2, max_length=300)
    effective_date: date


class OrgMove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    parent_id: str
    effective_date: date


class OrgMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")
    into_id: str = Field(description="The organisation that absorbs this one (same kind).")
    effective_date: date


class OrgDissolve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=3, max_length=1000)
    decision_ref: str | None = Field(None, max_length=100)
    effective_date: date


class OrgOut(BaseModel):
    id: str
    parent_id: str | None
    kind: OrgKind
    name: str
    code: str | None
    path: str
    depth: int
    status: OrgStatus
    merged_into: str | None
    established_on: date
    closed_on: date | None
    version: int
    unit_type: UnitType | None = Field(None, description="A grassroots organisation's unit type, when stated.")


class OrgImportProblem(BaseModel):
    row: int = Field(description="1-based data row (the header is row 0).")
    column: str | None
    rule: str
    message: str


class OrgImportOut(BaseModel):
    """What a bulk import of organisations did (or, on a dry run, would do)."""

    dry_run: bool
    rows_total: int
    rows_created: int
    rows_unchanged: int = Field(description="Codes already in the tree at the same place: left alone.")
    rows_rejected: int
    report: list[OrgImportProblem]
