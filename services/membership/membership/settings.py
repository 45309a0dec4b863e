"""Settings of the membership service, from environment variables prefixed `MEMBERSHIP_` (or compose secrets)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings, secrets_dir


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEMBERSHIP_", extra="ignore")
    service_name: ClassVar[str] = "membership"

    import_max_bytes: int = Field(200 * 1024 * 1024, description="Largest upload accepted by /imports.")
    import_max_uncompressed_bytes: int = Field(2 * 1024**3, description="XLSX: largest total unzipped size.")
    import_max_compression_ratio: int = Field(200, description="XLSX: a member compressed more is a zip bomb.")
    import_xlsx_max_sheet_bytes: int = Field(1 << 30, description="XLSX: largest unpacked worksheets.")
    import_xlsx_max_shared_strings_bytes: int = Field(
        256 << 20, description="XLSX: largest unpacked shared-strings table (openpyxl holds it in memory)."
    )
    import_xlsx_shared_strings_floor_bytes: int = Field(
        4 << 20, description="XLSX: a shared-strings table this size is accepted whatever the sheets' size."
    )
    import_xlsx_shared_strings_per_sheet_byte: int = Field(
        16, description="XLSX: above the floor, the table may be at most this many times its worksheets."
    )
    import_max_rows: int = Field(1_000_000, description="Rows per file.")
    import_chunk_rows: int = Field(1000, description="Rows committed (with their events) per transaction.")
    import_max_scope_conflicts: int = Field(
        20,
        description="Rows of one job whose national ID or external id belongs to a member outside the caller's "
        "subtree; one more stops the job (each is audited): national IDs are no oracle.",
    )
    org_import_max_rows: int = Field(
        100_000, description="Units per organisation import (one transaction; a province is ~13,000)."
    )
    member_unavailable_limit: int = Field(
        20,
        description="National IDs and external ids of other subtrees one caller may meet (registering, changing, "
        "PUT by external id, importing, introducing, SCIM filters by external id) within the window; past that "
        "the caller's writes of those kinds, its imports and such filters are refused (403) until it has passed.",
    )
    member_unavailable_window_hours: int = Field(24, description="The window of member_unavailable_limit.")
    webhook_allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Webhook targets allowed although they resolve to loopback or private addresses, or use http "
        "(hosts named by the operator, e.g. an intranet receiver).",
    )
    webhook_retry_base_seconds: float = Field(30.0, gt=0, description="First retry delay; doubles per failure.")
    webhook_retry_cap_seconds: float = Field(6 * 3600.0, gt=0, description="Longest delay between two retries.")
    webhook_disable_after_seconds: float = Field(
        5 * 86400.0, gt=0, description="An endpoint failing without a success this long is disabled."
    )
    webhook_secret_overlap_seconds: float = Field(
        86400.0, ge=0, description="After a rotation, deliveries are signed with the old secret too this long."
    )
    webhook_timeout_seconds: float = Field(10.0, gt=0, description="How long a receiver has to answer.")
    webhook_poll_seconds: float = Field(1.0, gt=0, description="How often the dispatcher looks for due endpoints.")
    import_heartbeat_timeout_seconds: float = Field(
        600.0,
        gt=0,
        description="A running import silent this long is ended as interrupted (its process beats every quarter of "
        "it while it runs the job).",
    )
    import_spool_dir: str | None = Field(None, description="Where uploads are spooled (default: the temp dir).")
    record_attachment_dir: str | None = Field(
        None,
        description="Where the record's scanned documents are kept, content-addressed by sha256 (default: "
        "grassroots-record-attachments in the temp dir; a deployment sets a persistent volume).",
    )
    record_attachment_max_bytes: int = Field(
        20 * 1024 * 1024, gt=0, description="Largest scanned document accepted on a record (413 above it)."
    )

    record_attachment_s3_bucket: str | None = Field(
        None,
        description="When set, scans are kept in this bucket of an S3-compatible store (MinIO in compose) under "
        "record_attachment_s3_prefix, content-addressed as on disk; record_attachment_dir then only spools uploads.",
    )
    record_attachment_s3_endpoint: str | None = Field(
        None, description="The S3-compatible store's URL (e.g. http://minio:9000); unset: AWS S3 of the region."
    )
    record_attachment_s3_region: str = Field("us-east-1", description="The bucket's region (MinIO: any).")
    record_attachment_s3_prefix: str = Field("record-attachments/", description="Key prefix of the scans.")
    record_attachment_s3_access_key_id: str | None = Field(
        None, description="Access key (unset: the default AWS credential chain)."
    )
    record_attachment_s3_secret_access_key: SecretStr | None = Field(
        None, description="Secret key (a compose secret: membership_record_attachment_s3_secret_access_key)."
    )
    record_attachment_s3_create_bucket: bool = Field(
        False, description="Create the bucket when it is missing (development and compose's MinIO)."
    )

    def record_attachment_root(self) -> Path:
        return Path(self.record_attachment_dir or Path(tempfile.gettempdir()) / "grassroots-record-attachments")


def load_settings() -> Settings:
    return Settings(_secrets_dir=secrets_dir())
