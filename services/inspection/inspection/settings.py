"""Settings of the inspection service, from environment variables prefixed `INSPECTION_` (or compose secrets)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings, secrets_dir


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INSPECTION_", extra="ignore")
    service_name: ClassVar[str] = "inspection"

    consumer_batch_size: int = Field(
        1000,
        gt=0,
        description="Messages fetched and applied per transaction by each consumer. Larger than the "
        "platform's default: the member consumer writes one JSON document of the batch's members per "
        "transaction, so its fixed cost per batch spreads over more events (bench/member_consumers.py, "
        "200 → 1,000: inspection 104–108 → 58–68 µs of process CPU per member event, 64–89 → 43–55 µs of "
        "PostgreSQL and nats-server). A batch that fails is applied again one event at a time.",
    )


def load_settings() -> Settings:
    return Settings(_secrets_dir=secrets_dir())
