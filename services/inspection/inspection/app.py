"""The inspection service: programmes, discipline, appeals and the annual classification."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from inspection import messages as service_messages
from inspection.appeals import messages as appeal_messages
from inspection.appeals.api import router as appeals_router
from inspection.classification import messages as classification_messages
from inspection.classification.api import router as classifications_router
from inspection.consumers import consumers
from inspection.discipline import messages as discipline_messages
from inspection.discipline.api import router as disciplines_router
from inspection.programmes import messages as programme_messages
from inspection.programmes.api import router as inspections_router
from inspection.settings import Settings, load_settings
from shared.app import ServiceSpec, create_service_app

SERVICE_DIR = Path(__file__).resolve().parent.parent
MESSAGES = (
    service_messages.MESSAGES,
    appeal_messages.MESSAGES,
    classification_messages.MESSAGES,
    discipline_messages.MESSAGES,
    programme_messages.MESSAGES,
)
"""Every vi/en catalogue of the service; the platform registers them when it builds the app."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    return create_service_app(
        ServiceSpec(
            name="inspection",
            title="Grassroots — inspection",
            description="Inspection and supervision programmes, discipline decisions, appeals and the annual "
            "quality classification. Errors are RFC 9457 problem+json in Vietnamese or English.",
            settings=settings,
            service_dir=SERVICE_DIR,
            messages=MESSAGES,
            routers=[inspections_router, disciplines_router, appeals_router, classifications_router],
            consumers=consumers(),
            tags=[
                {"name": "inspections", "description": "Inspection and supervision programmes and their items."},
                {"name": "disciplines", "description": "Discipline decisions on members and organisations."},
                {"name": "appeals", "description": "Appeals against discipline decisions."},
                {"name": "classifications", "description": "Annual quality classification and its distribution."},
            ],
        )
    )
