"""One imported row: its columns, its validation, and the report lines it yields.

The columns are those of the export, so a file exported from one system imports into another unchanged.
Dates may be ISO (2026-01-31) or Vietnamese (31/01/2026); ``positions`` is a ``;``-separated list. One column
is read but not exported: ``age_exception_decision``, the number of the decision that admitted a member over 60.
The statistical codes (``CODE_COLUMNS``, ``shared.member_categories``) are read and exported too: a code stated
sets the member's category (the member row's ``categories`` and the record's field, so the next member event
publishes it); an absent or empty one leaves the stored code alone (the record is their other writer, and an HR
file without them must not erase them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from membership.members.models import ETHNIC_MAJORITY, Gender, Position
from shared.i18n import has_message, translate
from shared.member_categories import GeneralEducation, Occupation, PoliticalTheory, ProfessionalLevel, Religion

COLUMNS = (
    "external_id",
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "religion",
    "national_id",
    "party_card_number",
    "hometown",
    "education",
    "occupation",
    "positions",
    "org_code",
    "org_id",
    "status",
    "admission_date",
    "ceremony_date",
    "recognition_date",
    "phone",
    "email",
    "address",
)
REQUIRED_COLUMNS = frozenset({"external_id", "full_name", "gender", "birth_date", "national_id"})
PLACEMENT_COLUMNS = frozenset({"external_id", "org_code", "org_id", "status"})
"""Columns that say who the row is and where it belongs rather than describe the member."""
PROFILE_FIELDS = tuple(column for column in COLUMNS if column not in PLACEMENT_COLUMNS)
CODE_COLUMNS = {
    "general_education": "general_education",
    "professional_level": "professional_level",
    "political_theory": "political_theory",
    "occupation_group": "occupation",
    "religion_group": "religion",
}
"""The statistical codes' columns (named as the record's fields) and the dimension each sets."""


def parse_date(value: Any) -> Any:
    if isinstance(value, str) and "/" in value:
        try:
            return datetime.strptime(value, "%d/%m/%Y").date()
        except ValueError:
            return value
    return value


class ImportRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    external_id: str = Field(min_length=1, max_length=100)
    full_name: str = Field(min_length=2, max_length=200)
    gender: Gender
    birth_date: date
    ethnicity: str = Field(ETHNIC_MAJORITY, min_length=1, max_length=60)
    religion: str | None = Field(None, max_length=60)
    national_id: str = Field(pattern=r"^\d{12}$")
    party_card_number: str | None = Field(None, max_length=30)
    hometown: str | None = Field(None, max_length=300)
    education: str | None = Field(None, max_length=200)
    occupation: str | None = Field(None, max_length=200)
    positions: list[Position] = Field(default_factory=list)
    org_code: str | None = Field(None, max_length=60)
    org_id: str | None = Field(None, max_length=36)
    status: str = Field("official", pattern=r"^(probationary|official|exempt)$")
    admission_date: date | None = None
    ceremony_date: date | None = None
    recognition_date: date | None = None
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    age_exception_decision: str | None = Field(
        None, max_length=100, description="The decision admitting an applicant over 60 (checked, not stored)."
    )
    general_education: GeneralEducation | None = Field(None, description="General education, as the forms count it.")
    professional_level: ProfessionalLevel | None = Field(None, description="Highest professional qualification.")
    political_theory: PoliticalTheory | None = Field(None, description="Political theory level.")
    occupation_group: Occupation | None = Field(None, description="Occupation, as the forms count it.")
    religion_group: Religion | None = Field(None, description="Religion, as the forms count it.")

    @field_validator("birth_date", "admission_date", "ceremony_date", "recognition_date", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return parse_date(value)

    @field_validator("national_id", mode="before")
    @classmethod
    def _national_id(cls, value: Any) -> Any:
        """Spreadsheets drop the leading zeros of a number-typed cell: put them back."""
        return value.zfill(12) if isinstance(value, str) and value.isdigit() and len(value) < 12 else value

    @field_validator("positions", mode="before")
    @classmethod
    def _positions(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [p.strip() for p in value.split(";") if p.strip()]
        return value or []

    @field_validator(*CODE_COLUMNS, mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        """An empty cell states no code."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("ethnicity", mode="before")
    @classmethod
    def _ethnicity(cls, value: Any) -> Any:
        return ETHNIC_MAJORITY if value is None else value


@dataclass(frozen=True)
class Problem:
    row: int
    column: str | None
    rule: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "rule": self.rule, "message": self.message}


def parse_row(number: int, raw: dict[str, str | None], language: str) -> ImportRow | list[Problem]:
    try:
        return ImportRow.model_validate({k: v for k, v in raw.items() if v is not None})
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            column = str(error["loc"][0]) if error["loc"] else None
            code = error["type"]
            ctx = error.get("ctx") or {}
            message = translate(code, language, **ctx) if has_message(code) else str(error["msg"])
            problems.append(Problem(number, column, code, message))
        return problems


def problem(number: int, column: str | None, code: str, language: str, /, **params: Any) -> Problem:
    return Problem(number, column, code, translate(code, language, **params))


def profile_values(row: ImportRow) -> dict[str, Any]:
    """The row's profile columns, in the model's order, as ``model_dump`` gives them (read as attributes: a dump
    filtered by an ``include`` set built per row was a tenth of a created member's Python; issue 13)."""
    values = {name: getattr(row, name) for name in PROFILE_FIELDS}
    values["positions"] = [p.value for p in row.positions]
    values["gender"] = row.gender.value
    return values


def stated_codes(row: ImportRow) -> dict[str, str]:
    """The categories the row states (dimension → code); those it leaves empty are not in it."""
    return {dimension: str(getattr(row, column)) for column, dimension in CODE_COLUMNS.items() if getattr(row, column)}


def merged_codes(stored: dict[str, str] | None, row: ImportRow) -> dict[str, str]:
    """The member's categories after the row: the stored ones, with those the row states replacing theirs."""
    return {**(stored or {}), **stated_codes(row)}
