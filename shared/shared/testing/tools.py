"""Markers for tests that need a Debian tool the Python wheels do not bring (``.ci/run`` installs each one)."""

from __future__ import annotations

import shutil

import pytest

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed; .ci/run installs it"
)
