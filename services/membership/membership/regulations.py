"""The chain of party regulations membership applies, with their dates and citations, written once.

Admission and member status follow the Party Charter (Điều lệ Đảng, adopted by the XI Congress on 19 Jan 2011)
and, for its details, the Central Committee's regulations implementing it, each replacing the one before:
45-QĐ/TW (1 Nov 2011), 29-QĐ/TW (25 Jul 2016), 24-QĐ/TW (30 Jul 2021), 232-QĐ/TW (20 Jan 2025) and
294-QĐ/TW (signed 26 May 2025, in force 1 Jul 2025). A district loads admissions from 2016 and earlier, so
every policy reaches back to the earliest regulation the system knows; a date before it is refused
(``PolicyNotInForce``, a 422 problem), never judged by a later rule.

``admission.policies`` and ``members.policies`` build their values here instead of repeating dates.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from shared.policy import Policy, kept_by
from shared.policy import Regulation as Regulation  # re-exported: the chain's type, defined once in the platform

T = TypeVar("T")


CHARTER_2011 = Regulation("Điều lệ Đảng 2011 (Đại hội XI, 19/01/2011)", date(2011, 1, 19))
QD_45_2011 = Regulation("Quy định 45-QĐ/TW, 01/11/2011", date(2011, 11, 1))
QD_29_2016 = Regulation("Quy định 29-QĐ/TW, 25/7/2016", date(2016, 7, 25))
QD_24_2021 = Regulation("Quy định 24-QĐ/TW, 30/7/2021", date(2021, 7, 30))
QD_232_2025 = Regulation("Quy định 232-QĐ/TW, 20/01/2025", date(2025, 1, 20))
QD_294_2025 = Regulation("Quy định 294-QĐ/TW, 26/5/2025 (hiệu lực 01/7/2025)", date(2025, 7, 1))

IMPLEMENTING: tuple[Regulation, ...] = (QD_45_2011, QD_29_2016, QD_24_2021, QD_232_2025, QD_294_2025)
"""The regulations implementing the Charter, oldest first; each replaced the one before on its ``in_force``."""

EARLIEST = QD_45_2011


def kept_since(name: str, value: T, clause: str, *, since: Regulation = EARLIEST) -> Policy[T]:
    """A value every implementing regulation from ``since`` on has kept: one version per regulation.

    Recording each regulation (rather than one open-ended version) says which text a decision of its day was
    judged by, and a later regulation that changes the value replaces only its own version.
    """
    return kept_by(name, value, clause, IMPLEMENTING[IMPLEMENTING.index(since) :])


def charter(name: str, value: T, clause: str) -> Policy[T]:
    """A value the Party Charter itself sets (in force from the Charter's adoption)."""
    return Policy.of(name, [(CHARTER_2011.in_force, value, CHARTER_2011.cite(clause))])
