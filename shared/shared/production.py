"""Production mode: a service set to ``<SVC>_PRODUCTION=true`` refuses to start with settings that are only safe
on a developer's machine.

Each refusal closes a hole an operator could leave open without noticing:

- an HS256 secret (``<SVC>_JWT_SECRET``): whoever holds it mints a token for any organisation and role, the
  national administrator included. Production verifies only an OpenID Connect provider's signed tokens
  (``<SVC>_JWT_JWKS_URL``), checking their issuer and audience;
- a credential shared across services (the same JWT secret or database password visible to another service,
  or a PostgreSQL superuser, whose one password opens every service's database): a leak of one service then
  exposes the others, and the services are meant to be separately owned;
- PostgreSQL's ``synchronous_commit`` off: a commit is acknowledged before its WAL is on disk, so a crash can
  lose a state change *and* its outbox row after the client was told it succeeded — the outbox's promise that
  every committed change is published rests on the commit being durable.

The rules are plain functions over the settings and the facts read at start-up, so each refusal is tested on
its own; ``check`` gathers the facts and raises one error naming every problem.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.settings import ServiceSettings

# Names (environment variable or secret file, case-insensitive) that carry a credential of some service.
CREDENTIAL_SUFFIXES = ("_jwt_secret", "_database_url", "_db_password")


class ProductionRefused(RuntimeError):
    """The service is in production mode and its configuration is unsafe; the message lists every problem."""

    def __init__(self, service: str, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(
            f"{service} refuses to start in production mode ({service.upper()}_PRODUCTION=true):\n{lines}\n"
            "See docs/deploy.md, 'Production mode'."
        )


@dataclass(frozen=True)
class DatabaseFacts:
    """What the service's own database session reports at start-up."""

    synchronous_commit: str
    role: str
    superuser: bool


def _var(settings: ServiceSettings, field: str) -> str:
    return f"{settings.env_prefix()}{field.upper()}"


def authentication_problems(settings: ServiceSettings) -> list[str]:
    """Production accepts only an OpenID Connect provider's tokens, with issuer and audience checked."""
    problems = []
    if settings.jwt_secret is not None:
        problems.append(
            f"{_var(settings, 'jwt_secret')} is set: an HS256 secret lets whoever holds it mint a token for any "
            "organisation and role (the national administrator included). Remove the variable and the secret "
            f"file {_var(settings, 'jwt_secret').lower()}; production verifies the provider's tokens only."
        )
    if not settings.jwt_jwks_url:
        problems.append(
            f"{_var(settings, 'jwt_jwks_url')} is not set: production verifies RS256/ES256 tokens against an "
            "OpenID Connect provider's JWKS (e.g. Keycloak's .../protocol/openid-connect/certs)."
        )
    for field, claim in (("jwt_issuer", "iss"), ("jwt_audience", "aud")):
        if not getattr(settings, field):
            problems.append(
                f"{_var(settings, field)} is not set: without it a token the provider issued to another client "
                f"or realm would be accepted (the `{claim}` claim is checked only when this is set)."
            )
    return problems


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def own_credentials(settings: ServiceSettings) -> dict[str, str]:
    """This service's credential values, by the variable that carries them."""
    values = {_var(settings, "database_url"): settings.database_url}
    password = _password(settings.database_url)
    if password:
        values[f"the password in {_var(settings, 'database_url')}"] = password
    if settings.jwt_secret is not None:
        values[_var(settings, "jwt_secret")] = settings.jwt_secret.get_secret_value()
    return values


def visible_credentials(
    settings: ServiceSettings, environ: Mapping[str, str], secrets_dir: str | None
) -> dict[str, str]:
    """Other services' credentials this process can see: their variables and their secret files."""
    own = settings.env_prefix().lower()
    found: dict[str, str] = {}
    for name, value in environ.items():
        lowered = name.lower()
        if lowered.endswith(CREDENTIAL_SUFFIXES) and not lowered.startswith(own) and value:
            found[name] = value
    if secrets_dir and Path(secrets_dir).is_dir():
        for path in sorted(Path(secrets_dir).iterdir()):
            lowered = path.name.lower()
            if path.is_file() and lowered.endswith(CREDENTIAL_SUFFIXES) and not lowered.startswith(own):
                found[f"the secret file {path.name}"] = path.read_text(encoding="utf-8").strip()
    return found


def shared_credential_problems(settings: ServiceSettings, others: Mapping[str, str]) -> list[str]:
    """A credential of this service that another service also holds (whole value, or the password in a URL)."""
    theirs: dict[str, str] = {}
    for where, value in others.items():
        theirs.setdefault(value, where)
        if "://" in value and (password := _password(value)):
            theirs.setdefault(password, f"the password in {where}")
    return [
        f"{mine} is also {theirs[value]}: each service needs credentials of its own, or one leaked service "
        "opens the others (deploy/make-secrets.sh generates one per service)."
        for mine, value in own_credentials(settings).items()
        if value in theirs
    ]


def database_problems(settings: ServiceSettings, facts: DatabaseFacts) -> list[str]:
    problems = []
    if facts.synchronous_commit.strip().lower() == "off":
        problems.append(
            "PostgreSQL reports synchronous_commit = off for this service's sessions: a commit (a state change "
            "with its outbox event) is acknowledged before it is on disk, so a crash can lose it after the "
            "client was told it succeeded. Set synchronous_commit = on (postgresql.conf, ALTER SYSTEM, or "
            f"ALTER ROLE {facts.role} RESET synchronous_commit)."
        )
    if facts.superuser:
        problems.append(
            f"{_var(settings, 'database_url')} connects as the superuser {facts.role!r}, whose one password opens "
            "every service's database: connect as the service's own role (deploy/postgres/initdb creates one "
            "per service)."
        )
    return problems


async def database_facts(engine: AsyncEngine) -> DatabaseFacts:
    async with engine.connect() as conn:
        synchronous_commit = (await conn.execute(text("SHOW synchronous_commit"))).scalar_one()
        row = (
            await conn.execute(text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"))
        ).one()
    return DatabaseFacts(synchronous_commit=str(synchronous_commit), role=str(row[0]), superuser=bool(row[1]))


async def check(
    settings: ServiceSettings,
    engine: AsyncEngine,
    *,
    environ: Mapping[str, str] | None = None,
    secrets_dir: str | None = None,
) -> None:
    """Raise ``ProductionRefused`` listing every unsafe setting; do nothing outside production mode."""
    if not settings.production:
        return
    others = visible_credentials(settings, os.environ if environ is None else environ, secrets_dir)
    problems = authentication_problems(settings) + shared_credential_problems(settings, others)
    problems += database_problems(settings, await database_facts(engine))
    if problems:
        raise ProductionRefused(type(settings).service_name, problems)
