"""Effective-dated policy values.

Party rules change (232-QĐ/TW replaced 24-QĐ/TW in 2025, 366-QĐ/TW replaced 124-QĐ/TW), and a decision must be
judged by the rule in force on its own date. So no rule value is a constant: each is a ``Policy`` holding its
versions, and rules ask it for the value ``at`` the date that matters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")


class PolicyNotInForce(LookupError):
    """No version of a policy was in force on the date asked (the date precedes its first version)."""

    def __init__(self, name: str, on: date, earliest: date | None = None) -> None:
        super().__init__(f"policy {name!r} has no value in force on {on.isoformat()}")
        self.name = name
        self.on = on
        self.earliest = earliest


@dataclass(frozen=True)
class PolicyVersion(Generic[T]):
    """One value of a policy, in force from ``effective_from`` until the next version starts."""

    effective_from: date
    value: T
    source: str = ""


@dataclass(frozen=True)
class Policy(Generic[T]):
    """A named rule value with its history; ``at(day)`` gives the version in force on ``day``."""

    name: str
    versions: tuple[PolicyVersion[T], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.versions, key=lambda v: v.effective_from))
        starts = [v.effective_from for v in ordered]
        if len(set(starts)) != len(starts):
            raise ValueError(f"policy {self.name!r} has two versions starting on the same day")
        object.__setattr__(self, "versions", ordered)

    @classmethod
    def of(cls, name: str, versions: Iterable[tuple[date, T, str]]) -> Policy[T]:
        return cls(name, tuple(PolicyVersion(d, v, s) for d, v, s in versions))

    def version_at(self, day: date) -> PolicyVersion[T]:
        index = bisect_right([v.effective_from for v in self.versions], day)
        if index == 0:
            raise PolicyNotInForce(self.name, day, self.versions[0].effective_from if self.versions else None)
        return self.versions[index - 1]

    def at(self, day: date) -> T:
        return self.version_at(day).value

    def with_version(self, effective_from: date, value: T, source: str = "") -> Policy[T]:
        """A copy with one more version (or a replaced one on the same start date)."""
        kept = tuple(v for v in self.versions if v.effective_from != effective_from)
        return Policy(self.name, (*kept, PolicyVersion(effective_from, value, source)))


@dataclass(frozen=True)
class Regulation:
    """One regulation: how it is cited and the day from which a decision is judged by it."""

    citation: str
    in_force: date

    def cite(self, clause: str) -> str:
        """The ``source`` of a policy version: the regulation, then the clause that sets the value."""
        return f"{self.citation}; {clause}" if clause else self.citation


def kept_by(name: str, value: T, clause: str, chain: Iterable[Regulation]) -> Policy[T]:
    """A value each regulation of ``chain`` (oldest first) kept: one version per regulation, so a decision reads
    the text of its own day, and a later regulation that changes the value replaces only its own version."""
    return Policy.of(name, [(r.in_force, value, r.cite(clause)) for r in chain])
