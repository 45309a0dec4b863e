"""The inspection service. Importing the package registers the service layer's vi/en messages, so every
code it raises has its texts wherever the package is used (the API, the unit tests that scan for codes)."""

from inspection import messages as messages
