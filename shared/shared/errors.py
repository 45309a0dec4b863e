"""The one error hierarchy of the platform.

Domain code raises these; the API layer (``shared.problems``) renders them as RFC 9457 problem+json in the
caller's language. A ``RuleViolation`` names the rule (a stable code with a registered vi/en message) and the
values that broke it, so a user reads *which* rule and *why*, e.g. "age 17 years 11 months is below 18 years".
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error the platform turns into a problem response.

    A family of errors declares its HTTP status and problem kind in its class line
    (``class Conflict(DomainError, status=409, kind="conflict")``)."""

    status: int = 400
    kind: str = "bad-request"

    def __init_subclass__(cls, *, status: int | None = None, kind: str | None = None, **rest: Any) -> None:
        super().__init_subclass__(**rest)
        if status is not None:
            cls.status = status
        if kind is not None:
            cls.kind = kind

    def __init__(self, code: str, /, *, field: str | None = None, **params: Any) -> None:
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.field = field
        self.params = params


class RuleViolation(DomainError, status=422, kind="rule-violation"):
    """A business rule refuses the command (422). ``overridable`` rules accept a recorded override reason."""

    def __init__(self, code: str, /, *, field: str | None = None, overridable: bool = False, **params: Any) -> None:
        super().__init__(code, field=field, **params)
        self.overridable = overridable


class InvalidTransition(DomainError, status=409, kind="invalid-transition"):
    """The aggregate's current state does not allow the command (409), e.g. recognising an official member."""


class Conflict(DomainError, status=409, kind="conflict"):
    """The command conflicts with existing data (409), e.g. a duplicate national ID."""


class NotFound(DomainError, status=404, kind="not-found"):
    """The resource does not exist *or is outside the caller's subtree* (404 either way: no existence leaks)."""


class Forbidden(DomainError, status=403, kind="forbidden"):
    """The caller's role does not allow the action (403)."""


class Unauthenticated(DomainError, status=401, kind="unauthenticated"):
    """No valid token came with the request (401)."""


class PreconditionFailed(DomainError, status=412, kind="precondition-failed"):
    """``If-Match`` does not match the current ``ETag`` (412)."""


class PreconditionRequired(DomainError, status=428, kind="precondition-required"):
    """The change needs ``If-Match`` and none came (428)."""


class PayloadTooLarge(DomainError, status=413, kind="payload-too-large"):
    """The body is over the route's limit (413)."""


class UnsupportedMediaType(DomainError, status=415, kind="unsupported-media-type"):
    """The body's type is not one the route accepts (415), e.g. a scan that is neither PDF, JPEG nor PNG."""
