"""Import jobs: the table (progress and report) and the API schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field
from sqlalchemy import Date, DateTime, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from membership.base import Base
from membership.imports.readers import ImportFormat

ImportStatus = Literal["running", "done", "failed"]
"""A job runs, and ends done (its report says which rows were refused) or failed."""
REPORT_LIMIT = 1000  # rows of the report kept with the job; the counts are always complete


class ImportJob(Base):
    __tablename__ = "import_jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), comment="queued, running, done, failed")
    format: Mapped[str] = mapped_column(String(10))
    source_system: Mapped[str] = mapped_column(String(60))
    dry_run: Mapped[bool] = mapped_column(default=False)
    actor: Mapped[str] = mapped_column(String(200))
    scope_org_id: Mapped[str] = mapped_column(String(36))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_created: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    data_as_of: Mapped[date | None] = mapped_column(Date, comment="The date the file's data is true as of")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="Last sign of life of a running job (each chunk); stale = interrupted"
    )


class RowProblem(BaseModel):
    row: int = Field(description="1-based data row (the header is row 0).")
    column: str | None
    rule: str
    message: str


class ImportJobOut(BaseModel):
    """What names an import job, in its page and in the list."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    status: ImportStatus
    format: ImportFormat
    source_system: str
    dry_run: bool


class ImportOut(ImportJobOut):
    rows_total: int
    rows_created: int
    rows_updated: int
    rows_unchanged: int
    rows_rejected: int
    report: list[RowProblem]
    error: str | None
    data_as_of: date | None = Field(None, description="The date the file's data is true as of, if declared.")
    created_at: datetime | None = None
    finished_at: datetime | None


class ImportListItem(ImportJobOut):
    """A job in the list: its progress without the report (``GET /api/v1/imports/{id}`` has it)."""

    actor: str
    rows_total: int
    rows_created: int
    rows_updated: int
    rows_unchanged: int
    rows_rejected: int
    error: str | None
    data_as_of: date | None
    created_at: datetime
    heartbeat_at: datetime | None
    finished_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rows_processed(self) -> int:
        """Rows done so far: progress is ``rows_processed / rows_total``."""
        return self.rows_created + self.rows_updated + self.rows_unchanged + self.rows_rejected


class ImportMapping(Base):
    """How one source system writes the values of coded columns, per column: its value → ours."""

    __tablename__ = "import_mappings"

    source_system: Mapped[str] = mapped_column(String(60), primary_key=True)
    mappings: Mapped[dict[str, dict[str, str]]] = mapped_column(JSONB, default=dict)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)
