"""The one error hierarchy of the platform.

Domain code raises these; the API layer (``shared.problems``) renders them as RFC 9457 problem+json in the
caller's language. A ``RuleViolation`` names the rule (a stable code with a registered vi/en message) and the
values that broke it, so a user reads *which* rule and *why*, e.g. "age 17 years 11 months is below 18 years".
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error the platform turns into a problem response."""

    status: int = 400
    kind: str = "bad-request"

    def __init__(self, code: str, /, *, field: str | None = None, **params: Any) -> None:
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.field = field
        self.params = params


class RuleViolation(DomainError):
    """A business rule refuses the command (422). ``overridable`` rules accept a recorded override reason."""

    status = 422
    kind = "rule-violation"

    def __init__(self, code: str, /, *, field: str | None = None, overridable: bool = False, **params: Any) -> None:
        super().__init__(code, field=field, **params)
        self.overridable = overridable


class InvalidTransition(DomainError):
    """The aggregate's current state does not allow the command (409), e.g. recognising an official member."""

    status = 409
    kind = "invalid-transition"


class Conflict(DomainError):
    """The command conflicts with existing data (409), e.g. a duplicate national ID."""

    status = 409
    kind = "conflict"


class NotFound(DomainError):
    """The resource does not exist *or is outside the caller's subtree* (404 either way: no existence leaks)."""

    status = 404
    kind = "not-found"


class Forbidden(DomainError):
    """The caller's role does not allow the action (403)."""

    status = 403
    kind = "forbidden"


class Unauthenticated(DomainError):
    status = 401
    kind = "unauthenticated"


class PreconditionFailed(DomainError):
    """``If-Match`` does not match the current ``ETag`` (412)."""

    status = 412
    kind = "precondition-failed"


class PreconditionRequired(DomainError):
    status = 428
    kind = "precondition-required"


class PayloadTooLarge(DomainError):
    status = 413
    kind = "payload-too-large"


class UnsupportedMediaType(DomainError):
    """The body's type is not one the route accepts (415), e.g. a scan that is neither PDF, JPEG nor PNG."""

    status = 415
    kind = "unsupported-media-type"
