"""The guidance meetings apply, with dates and citations written once.

The Party Charter (2011) has every branch meet monthly; Ban Tổ chức Trung ương's guidance on the quality of branch
meetings sets the rest: Hướng dẫn 09-HD/BTCTW (2 Mar 2012), replaced by Hướng dẫn 12-HD/BTCTW (18 Jan 2018), then
Chỉ thị 50-CT/TW (23 Jul 2025) with Hướng dẫn 42-HD/BTCTW (28 Oct 2025). Districts load meetings from before 2018,
so every value reaches back to 2012; a date before that is refused (a 422 naming the rule), never judged by a later
text. domain.md dates 12-HD/BTCTW 6 Jul 2018; the guidance itself is dated 18 Jan 2018, which is kept here.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from shared.policy import Policy, Regulation, kept_by

T = TypeVar("T")

HD_09_2012 = Regulation("Hướng dẫn 09-HD/BTCTW ngày 02/3/2012", date(2012, 3, 2))
HD_12_2018 = Regulation("Hướng dẫn 12-HD/BTCTW ngày 18/01/2018", date(2018, 1, 18))
HD_42_2025 = Regulation("Chỉ thị 50-CT/TW ngày 23/07/2025; Hướng dẫn 42-HD/BTCTW ngày 28/10/2025", date(2025, 10, 28))

GUIDANCE: tuple[Regulation, ...] = (HD_09_2012, HD_12_2018, HD_42_2025)
"""Oldest first; each replaced the one before on its ``in_force``."""


def kept_since(name: str, value: T, clause: str = "", *, since: Regulation = HD_09_2012) -> Policy[T]:
    """A value every guidance from ``since`` on has kept (one version per text)."""
    return kept_by(name, value, clause, GUIDANCE[GUIDANCE.index(since) :])


def reaching_back(policy: Policy[T], to: Regulation = HD_09_2012) -> Policy[T]:
    """``policy`` with a first version from ``to`` holding the value of its earliest one, so meetings of 2012–2017
    load and are judged; the source says the value is the later text's, not checked against the 2012 guidance."""
    first = policy.versions[0]
    if first.effective_from <= to.in_force:
        return policy
    return policy.with_version(
        to.in_force, first.value, to.cite(f"giá trị như {first.source} (chưa đối chiếu văn bản 2012)")
    )


def kept_since_2018(name: str, value: T, source_2018: str = HD_12_2018.citation) -> Policy[T]:
    """A value Hướng dẫn 12-HD/BTCTW set in 2018 (cited as ``source_2018``, with its clause where one is named) and
    the 2025 texts repeated, reaching back to 2012 like every meeting rule (see ``reaching_back``)."""
    versions = [(HD_12_2018.in_force, value, source_2018), (HD_42_2025.in_force, value, HD_42_2025.citation)]
    return reaching_back(Policy.of(name, versions))
