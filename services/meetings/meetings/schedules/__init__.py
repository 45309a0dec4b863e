"""Meeting kinds, the yearly plan, the meeting state machine, notice and duration flags.

Importing the package registers its vi/en messages.
"""

from . import messages as messages
