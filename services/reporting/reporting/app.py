"""The reporting service: materialised aggregates for every node of the tree, the report API and exports."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from reporting.consumers import consumers
from reporting.dashboard import router as dashboard_router
from reporting.forms.api import router as forms_router
from reporting.printing.api import router as printing_router
from reporting.reports import messages as report_messages
from reporting.reports.api import router as reports_router
from reporting.reports.files import router as files_router
from reporting.reports.orgs import router as orgs_router
from reporting.settings import Settings, load_settings
from shared.app import ServiceSpec, create_service_app

SERVICE_DIR = Path(__file__).resolve().parent.parent
MESSAGES = (report_messages.MESSAGES,)
"""Every vi/en catalogue of the service; the platform registers them when it builds the app."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    return create_service_app(
        ServiceSpec(
            name="reporting",
            title="Grassroots — reporting",
            description="Figures for every organisation and period (month, quarter, year), rolled up the tree from "
            "the events of membership, meetings and inspection: summaries, drill-down by children, "
            "time series, rankings, targets, CSV and XLSX exports. Every response names the time of "
            "the last event applied.",
            settings=settings,
            service_dir=SERVICE_DIR,
            messages=MESSAGES,
            routers=[orgs_router, reports_router, files_router, printing_router, forms_router, dashboard_router],
            consumers=consumers(),
            owns_stream=False,
            tags=[
                {"name": "reports", "description": "Figures per organisation and period."},
                {"name": "forms", "description": "The party's statistical forms, filled from the figures."},
            ],
        )
    )
