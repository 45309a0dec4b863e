"""Periods and the compliance of a branch with the meeting regime against its targets.

Importing the package registers its vi/en messages.
"""

from . import messages as messages
