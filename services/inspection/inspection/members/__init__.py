"""Inspection's copy of the member facts it needs (branch, standing, posts), kept from membership's events."""
