"""Periods and the compliance of a branch with the meeting regime against its targets."""
