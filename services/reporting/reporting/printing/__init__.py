"""Printable documents: a typed layout (``layout``) rendered the same way to PDF and XLSX, so every report,
form and result a committee signs goes through one path."""
