"""Settings of the meetings service, from environment variables prefixed `MEETINGS_` (or compose secrets)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings, secrets_dir


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEETINGS_", extra="ignore")
    service_name: ClassVar[str] = "meetings"


def load_settings() -> Settings:
    return Settings(_secrets_dir=secrets_dir())
