"""Bulk import of members from HR systems (CSV, XLSX, JSON) and export of the same columns."""
