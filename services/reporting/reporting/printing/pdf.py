"""PDF through Typst (the ``typst`` wheel: the compiler and its fonts in one self-contained binary, no system
libraries). The page is ``typst/document.typ``; the document goes in as JSON through ``sys.inputs``, so no text
is ever spliced into markup. Fonts: Libertinus Serif, embedded in the compiler (SIL OFL 1.1) and covering the
whole Vietnamese alphabet; system fonts are ignored so every machine prints the same pages."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typst

from reporting.printing.layout import Document, numbered, vi_cell

TEMPLATE_DIR = Path(__file__).resolve().parent / "typst"


class TypstRenderer:
    """Renders a ``Document`` to PDF bytes; a compiler per call (compiling is re-entrant, the object is not)."""

    media_type = "application/pdf"
    extension = "pdf"

    def render(self, document: Document) -> bytes:
        compiler = typst.Compiler(
            TEMPLATE_DIR / "document.typ",
            root=TEMPLATE_DIR,
            ignore_system_fonts=True,
            sys_inputs={"doc": json.dumps(_payload(document), ensure_ascii=False)},
        )
        out = compiler.compile(format="pdf", timestamp=datetime.now(UTC).replace(microsecond=0))
        assert isinstance(out, bytes)  # one file, not pages
        return out


def _payload(document: Document) -> dict[str, Any]:
    """The document as the template reads it: every cell already printed the Vietnamese way."""
    data = asdict(document)
    for table, source in zip(data["tables"], document.tables, strict=True):
        keys = [c.key for c in source.columns]
        table["rows"] = [
            {
                "number": "" if n is None else str(n),
                "label": r.label,
                "level": r.level,
                "bold": r.bold,
                "cells": [vi_cell(r.cells.get(k)) for k in keys],
            }
            for n, r in numbered(source.rows)
        ]
    return data
