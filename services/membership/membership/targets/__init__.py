"""Admission targets per organisation and year, and progress against them."""
