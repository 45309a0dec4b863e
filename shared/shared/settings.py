"""Typed settings read from the environment, one class per service.

Each service subclasses ``ServiceSettings`` with its own prefix (``MEMBERSHIP_``, ``MEETINGS_`` …) so one machine
can run all four with different databases. Nothing is read at import time: ``create_app`` builds the settings
object, and tests pass one explicitly. Secrets may come from files in ``secrets_dir`` (compose secrets).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Settings every service shares. Field docs feed the generated configuration reference."""

    # An empty variable (compose's `${VAR:-}`) means "not set", never "check for an empty value".
    model_config = SettingsConfigDict(extra="ignore", secrets_dir=None, env_ignore_empty=True)
    service_name: ClassVar[str] = "service"

    database_url: str = Field(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/grassroots",
        description="SQLAlchemy URL of this service's own database (asyncpg driver).",
    )
    database_pool_size: int = Field(
        10, description="Connections per process: up to twice this many under load, each kept once opened."
    )
    nats_url: str = Field("nats://127.0.0.1:4222", description="NATS server URL(s), comma-separated.")
    stream_replicas: int = Field(1, description="JetStream replicas for the service's stream (3 in production).")
    stream_duplicate_window_seconds: int = Field(
        300, ge=120, description="JetStream de-duplication window for Nats-Msg-Id (at least 2 minutes)."
    )
    jwt_secret: SecretStr | None = Field(
        None, description="HS256 shared secret for development tokens. Leave empty in production."
    )
    jwt_jwks_url: str | None = Field(
        None, description="JWKS URL of the OIDC provider (RS256/ES256 tokens) in production."
    )
    jwt_issuer: str | None = Field(None, description="Expected `iss` claim, checked when set.")
    jwt_audience: str | None = Field(None, description="Expected `aud` claim, checked when set.")
    jwt_org_claim: str = Field("org", description="Claim naming the organisation the user acts for.")
    jwt_roles_claim: str = Field("roles", description="Claim listing the user's roles.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS (JSON list).")
    log_level: str = Field("INFO", description="Log level of the JSON logs.")
    idempotency_lease_seconds: float = Field(
        30.0,
        ge=0,
        description="An Idempotency-Key claim older than this that never committed is taken over by a retry.",
    )
    max_body_bytes: int = Field(
        1 << 20, gt=0, description="Largest request body accepted (413 above it); upload routes declare their own."
    )
    relay_poll_seconds: float = Field(1.0, gt=0, description="Outbox relay polling interval (it also wakes on commit).")
    relay_batch_size: int = Field(500, gt=0, description="Outbox rows published per relay transaction.")
    consumer_batch_size: int = Field(200, gt=0, description="Messages fetched per pull by each consumer.")
    consumer_max_deliver: int = Field(8, gt=1, description="Deliveries before an event becomes a dead letter.")
    consumer_backoff_seconds: list[float] = Field(
        default_factory=lambda: [0.5, 2.0, 5.0, 15.0, 30.0, 60.0],
        description="Redelivery delays after transient errors (JSON list).",
    )
    parked_retry_seconds: float = Field(
        2.0, gt=0, description="How often events waiting for an unknown organisation are retried."
    )
    consumer_ack_wait_seconds: float = Field(
        60.0,
        ge=1,
        description="How long JetStream waits for a delivered message's ack before redelivering it (to any replica): "
        "the delay before a killed replica's unacked batch is applied elsewhere. Longer than applying a batch takes; "
        "applied to the durable consumers at start, so the replicas of a service must agree.",
    )
    production: bool = Field(
        False,
        description="Production mode: refuse to start with an HS256 secret, without a JWKS URL, issuer and audience, "
        "with a credential another service also holds, as a PostgreSQL superuser or with synchronous_commit off.",
    )
    parked_dead_letter_after_seconds: float = Field(
        7 * 24 * 3600.0,
        gt=0,
        description="An event parked this long (its organisation never arrived) becomes a dead letter with its reason.",
    )
    inbox_retention_seconds: float | None = Field(
        7 * 24 * 3600.0,
        description="Consumer inbox rows older than this are pruned (in batches, once the broker has answered for "
        "longer than the ack wait); at least the duplicate window plus 10 minutes; null keeps every row. An event "
        "re-published from further back than this is applied again: replay that far with a rebuild.",
    )
    run_background_workers: bool = Field(
        True, description="Run the outbox relay and consumers in this process (false for API-only replicas)."
    )

    @model_validator(mode="after")
    def _inbox_outlives_duplicate_window(self) -> ServiceSettings:
        """Below the duplicate window a re-published copy could find neither JetStream's record nor the inbox's."""
        floor = self.stream_duplicate_window_seconds + 600
        if self.inbox_retention_seconds is not None and self.inbox_retention_seconds < floor:
            raise ValueError(f"inbox_retention_seconds must be at least {floor} (the duplicate window + 600)")
        return self

    @classmethod
    def env_prefix(cls) -> str:
        return str(cls.model_config.get("env_prefix", ""))


def secrets_dir() -> str | None:
    """Compose secrets are files in ``/run/secrets`` (or ``GRASSROOTS_SECRETS_DIR``) named like the variables."""
    import os

    path = os.environ.get("GRASSROOTS_SECRETS_DIR", "/run/secrets")
    return path if os.path.isdir(path) else None
