"""The meeting quality evaluation: a rubric per province, a scored form, its total and grade.

Importing the package registers its vi/en messages.
"""

from . import messages as messages
