"""Production mode (``<SVC>_PRODUCTION=true``): a service refuses to start with each unsafe setting — an HS256
secret, no JWKS URL, no issuer or audience check, a credential another service also holds, a PostgreSQL
superuser, ``synchronous_commit`` off — and starts when none is left.

The refusals are shown on a real service starting against the real test PostgreSQL, each with a configuration
that is wrong in that one way only (a role of its own or the superuser, synchronous_commit set per role or
database), the credential rule also on its own, and once as a uvicorn process that exits with the message.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from pydantic import SecretStr

from membership.settings import Settings
from shared import production
from shared.production import ProductionRefused
from shared.testing.harness import ServiceFactory
from shared.testing.servers import PostgresForTests, asyncpg_dsn
from tests.deploy.helpers import base_env

JWKS = "http://idp.invalid/realms/grassroots/protocol/openid-connect/certs"  # fetched only when a token comes
PROVIDER = {"jwt_jwks_url": JWKS, "jwt_issuer": "https://idp.invalid/realms/grassroots", "jwt_audience": "api"}


def _settings(**values: object) -> Settings:
    base: dict[str, object] = {
        "production": True,
        "database_url": "postgresql+asyncpg://membership:m-pw@db:5432/membership",
        **PROVIDER,
    }
    return Settings(**(base | values))


async def _refusal(services: ServiceFactory, **overrides: object) -> str:
    with pytest.raises(ProductionRefused) as refused:
        async with services.run("membership", production=True, **overrides):
            pass
    return str(refused.value)


@pytest.fixture
async def own_role_url(pg: PostgresForTests, services: ServiceFactory) -> AsyncIterator[str]:
    """A copy of membership's database reached through a role of its own: no superuser, synchronous_commit on."""
    import asyncpg

    role = f"prod_{uuid.uuid4().hex[:8]}"
    url = await services.database("membership")
    database = urlsplit(url).path[1:]
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'own-pw' NOSUPERUSER")
        await conn.execute(f"ALTER ROLE {role} SET synchronous_commit = on")
        await conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {role}; GRANT USAGE ON SCHEMA public TO {role}')
        await conn.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}")
        await conn.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}")
    finally:
        await conn.close()
    parts = urlsplit(url)
    yield urlunsplit(parts._replace(netloc=f"{role}:own-pw@{parts.hostname}:{parts.port}"))
    await pg.drop_database(database)
    await pg.execute(f"DROP ROLE IF EXISTS {role}")


# ------------------------------------------------------------------------------------------------------------------
# Each refusal, on a real service start
# ------------------------------------------------------------------------------------------------------------------


async def test_production_refuses_an_hs256_development_secret(services: ServiceFactory, own_role_url: str) -> None:
    message = await _refusal(services, database_url=own_role_url, **PROVIDER)  # the harness sets a JWT secret
    assert "MEMBERSHIP_JWT_SECRET is set" in message
    assert "mint a token for any organisation" in message
    assert message.count("\n  - ") == 1, "nothing else is wrong with this configuration"


async def test_production_refuses_to_run_without_an_identity_provider(
    services: ServiceFactory, own_role_url: str
) -> None:
    message = await _refusal(services, database_url=own_role_url, jwt_secret=None)
    assert "MEMBERSHIP_JWT_JWKS_URL is not set" in message
    assert "MEMBERSHIP_JWT_ISSUER is not set" in message
    assert "MEMBERSHIP_JWT_AUDIENCE is not set" in message


async def test_production_refuses_a_database_password_another_service_holds(
    services: ServiceFactory, own_role_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEETINGS_DATABASE_URL", own_role_url.replace("/t_membership", "/meetings"))
    message = await _refusal(services, database_url=own_role_url, jwt_secret=None, **PROVIDER)
    assert "the password in MEMBERSHIP_DATABASE_URL is also the password in MEETINGS_DATABASE_URL" in message


async def test_production_refuses_synchronous_commit_off(
    pg: PostgresForTests, services: ServiceFactory, own_role_url: str
) -> None:
    await pg.execute(f"ALTER ROLE {urlsplit(own_role_url).username} SET synchronous_commit = off")
    message = await _refusal(services, database_url=own_role_url, jwt_secret=None, **PROVIDER)
    assert "PostgreSQL reports synchronous_commit = off" in message
    assert message.count("\n  - ") == 1


async def test_production_refuses_a_superuser(pg: PostgresForTests, services: ServiceFactory) -> None:
    """The tests' admin role is a superuser; its database copy commits synchronously, so that is all that is wrong."""
    url = await services.database("membership")
    await pg.execute(f'ALTER DATABASE "{urlsplit(url).path[1:]}" SET synchronous_commit = on')
    message = await _refusal(services, database_url=url, jwt_secret=None, **PROVIDER)
    assert f"connects as the superuser {urlsplit(url).username!r}" in message
    assert message.count("\n  - ") == 1


async def test_production_starts_when_every_setting_is_safe(services: ServiceFactory, own_role_url: str) -> None:
    async with services.run(
        "membership", production=True, database_url=own_role_url, jwt_secret=None, **PROVIDER
    ) as membership:
        response = await membership.client.get("/readyz")
        assert response.status_code == 200, response.text
        unauthenticated = await membership.client.get("/api/v1/orgs")
        assert unauthenticated.status_code == 401


async def test_development_mode_starts_with_the_same_unsafe_settings(services: ServiceFactory) -> None:
    async with services.run("membership") as membership:
        assert (await membership.client.get("/readyz")).status_code == 200


# ------------------------------------------------------------------------------------------------------------------
# The credential rule on its own
# ------------------------------------------------------------------------------------------------------------------


def test_a_jwt_secret_or_database_url_visible_to_another_service_is_reported(tmp_path: Path) -> None:
    settings = _settings(jwt_secret=SecretStr("one-secret-for-all"))
    (tmp_path / "reporting_jwt_secret").write_text("one-secret-for-all\n")
    (tmp_path / "membership_jwt_secret").write_text("one-secret-for-all")  # its own file: not "another"
    environ = {"INSPECTION_DATABASE_URL": "postgresql+asyncpg://membership:m-pw@db:5432/membership"}
    others = production.visible_credentials(settings, environ, str(tmp_path))
    assert set(others) == {"INSPECTION_DATABASE_URL", "the secret file reporting_jwt_secret"}
    problems = "\n".join(production.shared_credential_problems(settings, others))
    assert "MEMBERSHIP_JWT_SECRET is also the secret file reporting_jwt_secret" in problems
    assert "MEMBERSHIP_DATABASE_URL is also INSPECTION_DATABASE_URL" in problems


def test_credentials_of_their_own_are_not_reported(tmp_path: Path) -> None:
    settings = _settings()
    (tmp_path / "meetings_database_url").write_text("postgresql+asyncpg://meetings:other-pw@db:5432/meetings")
    environ = {"REPORTING_DATABASE_URL": "postgresql+asyncpg://reporting:third-pw@db:5432/reporting"}
    others = production.visible_credentials(settings, environ, str(tmp_path))
    assert len(others) == 2
    assert production.shared_credential_problems(settings, others) == []
    assert production.authentication_problems(settings) == []


def test_only_synchronous_commit_off_is_refused() -> None:
    settings = _settings()
    for value in ("on", "local", "remote_write", "remote_apply"):
        assert production.database_problems(settings, production.DatabaseFacts(value, "membership", False)) == []
    assert production.database_problems(settings, production.DatabaseFacts("off", "membership", False))


# ------------------------------------------------------------------------------------------------------------------
# As an operator sees it: the process exits with the message
# ------------------------------------------------------------------------------------------------------------------


def test_the_service_process_exits_with_the_reasons(pg: PostgresForTests) -> None:
    env = base_env(
        MEMBERSHIP_PRODUCTION="true",
        MEMBERSHIP_DATABASE_URL=pg.admin_url,
        MEMBERSHIP_JWT_SECRET="dev-secret",
        MEMBERSHIP_NATS_URL="nats://127.0.0.1:9",
        GRASSROOTS_SECRETS_DIR="/nonexistent",
    )
    command = [sys.executable, "-m", "uvicorn", "membership.app:create_app", "--factory", "--port", "0"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    output = result.stdout + result.stderr  # JSON logs on stdout; uvicorn's own lines may go to stderr
    assert '"event": "service.refused"' in output
    assert "membership refuses to start in production mode (MEMBERSHIP_PRODUCTION=true)" in output
    for reason in ("MEMBERSHIP_JWT_SECRET is set", "MEMBERSHIP_JWT_JWKS_URL is not set", "superuser"):
        assert reason in output
