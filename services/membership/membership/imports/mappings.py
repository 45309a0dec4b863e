"""Value mappings per source system: an HR system writes gender as "nữ" or "F", statuses by their Vietnamese
names, ethnic groups by name or official code, education, occupation or religion in its own words; a mapping set
once through the API turns its values into ours before a row is read, for files and single records alike.
Without a mapping such values are refused, naming the column and the values allowed (the import never guesses)."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from membership.common import Integrator
from membership.imports.models import ImportMapping
from membership.imports.rows import CODE_COLUMNS
from membership.members.models import Gender
from shared.deps import DB, Ctx
from shared.errors import NotFound
from shared.member_categories import DIMENSIONS

router = APIRouter(prefix="/api/v1/import-mappings", tags=["imports"])  # not under /imports: uploads skip body limits
SourceSystem = Annotated[str, Path(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-]+$")]
STATUSES = ("probationary", "official", "exempt")
Values = Annotated[dict[Annotated[str, Field(min_length=1, max_length=100)], str], Field(max_length=500)]


class MappingIn(BaseModel):
    """Per column, the source system's value (matched ignoring case and surrounding spaces) → ours."""

    model_config = ConfigDict(extra="forbid")

    gender: Values = Field(default_factory=dict, examples=[{"nam": "male", "nữ": "female", "M": "male"}])
    status: Values = Field(default_factory=dict, examples=[{"Chính thức": "official", "Dự bị": "probationary"}])
    ethnicity: Values = Field(default_factory=dict, examples=[{"01": "Kinh", "02": "Tày", "Tay": "Tày"}])
    general_education: Values = Field(default_factory=dict, examples=[{"12/12": "upper_secondary"}])
    professional_level: Values = Field(default_factory=dict, examples=[{"Đại học": "university", "ThS": "master"}])
    political_theory: Values = Field(default_factory=dict, examples=[{"Trung cấp": "intermediate"}])
    occupation_group: Values = Field(default_factory=dict, examples=[{"Nông dân": "farmer"}])
    religion_group: Values = Field(default_factory=dict, examples=[{"Không": "no_religion", "Phật": "buddhism"}])

    @model_validator(mode="after")
    def _targets_are_ours(self) -> MappingIn:
        """A mapping may only produce values the import accepts (ethnic names are free text, 1–60 characters;
        statistical codes those of ``shared.member_categories``)."""
        allowed = {"gender": {g.value for g in Gender}, "status": set(STATUSES)}
        allowed |= {column: set(DIMENSIONS[dimension]) for column, dimension in CODE_COLUMNS.items()}
        for column in allowed:
            values: dict[str, str] = getattr(self, column)
            wrong = sorted(v for v in values.values() if v not in allowed[column])
            if wrong:
                raise ValueError(f"{column}: {wrong[0]!r} is not one of {sorted(allowed[column])}")
        if any(not 0 < len(v.strip()) <= 60 for v in self.ethnicity.values()):
            raise ValueError("ethnicity: a mapped name must have 1 to 60 characters")
        return self


class MappingOut(MappingIn):
    source_system: str
    version: int


def key(value: str) -> str:
    """Values match without regard to case, spacing or Unicode form ("Nữ", " nữ", decomposed "nữ")."""
    return unicodedata.normalize("NFC", value).strip().casefold()


def compiled(mappings: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {column: {key(k): v for k, v in values.items()} for column, values in mappings.items()}


def apply(raw: dict[str, str | None], mappings: dict[str, dict[str, str]]) -> dict[str, str | None]:
    """The row with each mapped column's value replaced by ours (``mappings`` compiled); others untouched."""
    out = dict(raw)
    for column, values in mappings.items():
        value = out.get(column)
        if value is not None:
            out[column] = values.get(key(value), value)
    return out


async def load(session: AsyncSession, source_system: str) -> dict[str, dict[str, str]]:
    """The compiled mapping of a source system ({} when none is set)."""
    found = await session.get(ImportMapping, source_system)
    return compiled(found.mappings) if found else {}


def _out(found: ImportMapping) -> MappingOut:
    return MappingOut(source_system=found.source_system, version=found.version, **found.mappings)


@router.get("/{source_system}", operation_id="getImportMapping", response_model=MappingOut)
async def get_mapping(source_system: SourceSystem, _: Integrator, db: DB) -> MappingOut:
    async with db.read_session() as session:
        found = await session.get(ImportMapping, source_system)
    if found is None:
        raise NotFound("resource.not_found", resource="import mapping", id=source_system)
    return _out(found)


@router.put("/{source_system}", operation_id="setImportMapping", response_model=MappingOut)
async def set_mapping(
    source_system: SourceSystem, body: MappingIn, principal: Integrator, db: DB, ctx: Ctx
) -> MappingOut:
    """Replace the source system's mapping (audited with the one it replaced)."""
    async with db.uow(ctx) as uow:
        found = await uow.session.get(ImportMapping, source_system, with_for_update=True)
        before = found.mappings if found else None
        if found is None:
            found = ImportMapping(source_system=source_system, updated_by=principal.actor, version=1)
            uow.session.add(found)
        else:
            found.version += 1
        found.mappings = body.model_dump()
        found.updated_by = principal.actor
        await uow.session.flush()
        await uow.audit("import.mapping_set", "import_mapping", source_system, before=before, after=found.mappings)
        await uow.commit()
    return _out(found)


@router.delete("/{source_system}", operation_id="deleteImportMapping", status_code=status.HTTP_204_NO_CONTENT)
async def delete_mapping(source_system: SourceSystem, _: Integrator, db: DB, ctx: Ctx) -> Response:
    async with db.uow(ctx) as uow:
        found = await uow.session.get(ImportMapping, source_system, with_for_update=True)
        if found is None:
            raise NotFound("resource.not_found", resource="import mapping", id=source_system)
        await uow.audit("import.mapping_deleted", "import_mapping", source_system, before=found.mappings)
        await uow.session.delete(found)
        await uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
