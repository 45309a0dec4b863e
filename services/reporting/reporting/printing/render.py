"""One path from a ``Document`` to a file response, with the renderers injected: every printable thing (reports,
statistical forms, results) asks the app's ``Printer`` for a format, so tests and deployments can swap a
renderer without touching a route."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Protocol

from anyio import to_thread
from fastapi import Depends, Request, Response

from reporting.printing.layout import Document

PRINT_FORMATS = ("pdf", "xlsx")


class Renderer(Protocol):
    """Lays a document out as one file format; pure (no I/O besides its own typesetting)."""

    media_type: str
    extension: str

    def render(self, document: Document) -> bytes: ...


@dataclass(frozen=True)
class Printer:
    """The renderers by format name (``pdf``, ``xlsx``)."""

    renderers: Mapping[str, Renderer]

    def render(self, document: Document, fmt: str) -> tuple[bytes, Renderer]:
        renderer = self.renderers[fmt]
        return renderer.render(document), renderer

    async def response(self, document: Document, fmt: str, last_event_at: datetime | None) -> Response:
        """The document as a download; ``Last-Event-At`` says how fresh its figures are, as on every report.
        Typesetting is CPU work (a 2,000-row breakdown takes seconds: bench/print_render.py), so it runs in a
        worker thread and the event loop keeps serving."""
        body, renderer = await to_thread.run_sync(self.render, document, fmt)
        headers = {
            "Content-Disposition": f'attachment; filename="{document.file_stem}.{renderer.extension}"',
            "Last-Event-At": last_event_at.isoformat() if last_event_at else "",
        }
        return Response(body, media_type=renderer.media_type, headers=headers)


def default_printer() -> Printer:
    """PDF through Typst, XLSX through openpyxl (imported here so the layout model stays free of them)."""
    from reporting.printing.pdf import TypstRenderer
    from reporting.printing.xlsx import XlsxRenderer

    return Printer({"pdf": TypstRenderer(), "xlsx": XlsxRenderer()})


def get_printer(request: Request) -> Printer:
    """The app's printer (``app.state.printer``), made once on first use."""
    printer: Printer | None = getattr(request.app.state, "printer", None)
    if printer is None:
        printer = request.app.state.printer = default_printer()
    return printer


PrinterDep = Annotated[Printer, Depends(get_printer)]
