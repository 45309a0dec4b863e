"""Authentication (JWT bearer) and the caller's identity.

Development uses HS256 with a local secret; production verifies RS256/ES256 tokens against the JWKS of any OIDC
provider (keys fetched off the event loop and cached by ``PyJWKClient``). A token names the roles and the one
organisation the user acts for; every query then restricts itself to that organisation's subtree
(``shared.orgtree``). The national scope ``*`` is reserved to the ``admin`` role.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.errors import Forbidden, Unauthenticated
from shared.settings import ServiceSettings

NATIONAL = "*"


class Role(StrEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    SECRETARY = "secretary"
    INSPECTOR = "inspector"
    VIEWER = "viewer"
    INTEGRATION = "integration"


ALL_ROLES = frozenset(Role)
WRITERS = frozenset({Role.ADMIN, Role.ORGANISER})
SENSITIVE_READERS = frozenset({Role.ADMIN, Role.ORGANISER, Role.INSPECTOR, Role.INTEGRATION})


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: who, with which roles, acting for which organisation (its whole subtree)."""

    subject: str
    org_id: str
    roles: frozenset[Role]
    client_id: str | None = None
    org_path: str | None = field(default=None, compare=False)
    """The organisation's materialised path in this service's tree, so subtree filters are index range scans."""

    @property
    def national(self) -> bool:
        return self.org_id == NATIONAL

    def has(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def actor(self) -> str:
        return self.subject


class TokenVerifier:
    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._jwks: jwt.PyJWKClient | None = None
        if settings.jwt_jwks_url:
            self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url, cache_keys=True, lifespan=600)
        if self._jwks is None and settings.jwt_secret is None:
            raise ValueError("set either a JWKS URL or a development JWT secret")

    async def verify(self, token: str) -> Principal:
        try:
            if self._jwks is not None:
                key: Any = (await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)).key
                algorithms = ["RS256", "ES256"]
            else:
                assert self.settings.jwt_secret is not None
                key, algorithms = self.settings.jwt_secret.get_secret_value(), ["HS256"]
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self.settings.jwt_audience,
                issuer=self.settings.jwt_issuer,
                options={"require": ["exp", "sub"], "verify_aud": self.settings.jwt_audience is not None},
                leeway=30,
            )
        except (jwt.PyJWTError, ValueError) as exc:
            raise Unauthenticated("auth.invalid_token", reason=type(exc).__name__) from exc
        return self._principal(claims)

    def _principal(self, claims: dict[str, Any]) -> Principal:
        raw_roles = claims.get(self.settings.jwt_roles_claim) or []
        if isinstance(raw_roles, str):
            raw_roles = raw_roles.split()
        roles = frozenset(Role(r) for r in raw_roles if r in {x.value for x in Role})
        org = claims.get(self.settings.jwt_org_claim)
        if not roles or not org:
            raise Unauthenticated("auth.missing_claims")
        if org == NATIONAL and Role.ADMIN not in roles:
            raise Forbidden("auth.national_scope_requires_admin")
        return Principal(
            subject=str(claims["sub"]),
            org_id=str(org),
            roles=roles,
            client_id=claims.get("azp") or claims.get("client_id"),
        )


def mint_token(
    secret: str,
    *,
    subject: str,
    org: str,
    roles: list[str],
    ttl_seconds: int = 8 * 3600,
    issuer: str | None = None,
    audience: str | None = None,
) -> str:
    """A development HS256 token (``grassroots token``); production tokens come from the OIDC provider."""
    now = int(time.time())
    claims: dict[str, Any] = {"sub": subject, "org": org, "roles": roles, "iat": now, "exp": now + ttl_seconds}
    if issuer:
        claims["iss"] = issuer
    if audience:
        claims["aud"] = audience
    return jwt.encode(claims, secret, algorithm="HS256")


_bearer = HTTPBearer(auto_error=False, description="JWT bearer token naming `roles` and `org`.")


async def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("auth.missing_token")
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.verify(credentials.credentials)
    if not principal.national:
        principal = replace(principal, org_path=await _org_path(request, principal.org_id))
    request.state.principal = principal
    return principal


async def _org_path(request: Request, org_id: str) -> str | None:
    """Looked up once per request; None when this service has not (yet) seen the organisation."""
    from sqlalchemy import select

    from shared.schema import org_nodes

    db = getattr(request.app.state, "db", None)
    if db is None:
        return None
    async with db.read_session() as session:
        path = (await session.execute(select(org_nodes.c.path).where(org_nodes.c.id == org_id))).scalar()
    return str(path) if path is not None else None


def require(*roles: Role) -> Any:
    """A dependency giving the principal when it holds one of ``roles`` (any role when none are named)."""
    allowed = frozenset(roles) or ALL_ROLES

    async def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.roles & allowed:
            raise Forbidden("auth.role_not_allowed", roles=sorted(allowed))
        return principal

    return Depends(dependency)
