"""The roster at a date, recorded attendance, the good-meeting test and absence alerts.

Importing the package registers its vi/en messages.
"""

from . import messages as messages
