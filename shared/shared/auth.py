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


LEEWAY_SECONDS = 30
VERIFIED_CACHE_SIZE = 10_000
"""Tokens kept verified (emptied when full: a flood of distinct tokens costs a re-verification, never memory)."""


class TokenVerifier:
    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._jwks: jwt.PyJWKClient | None = None
        if settings.jwt_jwks_url:
            self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url, cache_keys=True, lifespan=600)
        if self._jwks is None and settings.jwt_secret is None:
            raise ValueError("set either a JWKS URL or a development JWT secret")
        self._verified: dict[str, tuple[float, Principal]] = {}

    async def verify(self, token: str) -> Principal:
        """Verified once per token: a client sends the same token with each request until it expires, and the
        signature check and claim parsing were ~3 % of a registration's CPU. A cached token is dropped at its
        ``exp`` (plus the leeway ``jwt.decode`` allows); a refused token is never cached."""
        cached = self._verified.get(token)
        if cached is not None and time.time() < cached[0]:
            return cached[1]
        principal, expires = await self._verify(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (expires, principal)
        return principal

    async def _verify(self, token: str) -> tuple[Principal, float]:
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
                leeway=LEEWAY_SECONDS,
            )
        except (jwt.PyJWTError, ValueError) as exc:
            raise Unauthenticated("auth.invalid_token", reason=type(exc).__name__) from exc
        return self._principal(claims), float(claims["exp"]) + LEEWAY_SECONDS

    def _principal(self, claims: dict[str, Any]) -> Principal:
        """Claims are checked for type as well as presence: a signed token is not a well-formed one."""
        roles = frozenset(Role(r) for r in _roles(claims.get(self.settings.jwt_roles_claim)) if r in _ROLE_NAMES)
        org = _text_claim(claims, self.settings.jwt_org_claim)
        subject = _text_claim(claims, "sub")
        client_id = _text_claim(claims, "azp") or _text_claim(claims, "client_id")
        if not roles or not org or not subject:
            raise Unauthenticated("auth.missing_claims")
        if org == NATIONAL and Role.ADMIN not in roles:
            raise Forbidden("auth.national_scope_requires_admin")
        return Principal(subject=subject, org_id=org, roles=roles, client_id=client_id)


_ROLE_NAMES = frozenset(r.value for r in Role)


def _roles(raw: Any) -> list[str]:
    """``roles`` is a list of strings or one space-separated string (both are common in OIDC providers)."""
    if raw is None:
        return []
    if isinstance(raw, str):
        return raw.split()
    if isinstance(raw, list) and all(isinstance(r, str) for r in raw):
        return raw
    raise Unauthenticated("auth.malformed_claims", claim="roles", expected="list of strings")


def _text_claim(claims: dict[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= 200:
        raise Unauthenticated("auth.malformed_claims", claim=name, expected="string of 1 to 200 characters")
    return value


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


async def _national_admin(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    if not (principal.national and principal.has(Role.ADMIN)):
        raise Forbidden("auth.national_admin_required")
    return principal


NationalAdmin = Annotated[Principal, Depends(_national_admin)]
"""Operations that reach every district at once (dead letters, the outbox, replay, the holiday calendar that sets
every deadline) need an admin acting for the whole country (``org: *``); a district's admin is refused (403)."""
