"""The meetings service: thematic plans, the meeting calendar, notices, held meetings and attendance,
evaluations, compliance against targets, and the absence rules that act."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from meetings import messages as service_messages
from meetings.attendance import messages as attendance_messages
from meetings.attendance.api import router as attendance_router
from meetings.compliance import messages as compliance_messages
from meetings.compliance.api import compliance as compliance_router
from meetings.compliance.api import targets as targets_router
from meetings.consumers import consumers
from meetings.evaluations import messages as evaluation_messages
from meetings.evaluations.api import forms as evaluation_router
from meetings.evaluations.api import rubrics as rubrics_router
from meetings.plans.api import router as plans_router
from meetings.schedules import messages as schedule_messages
from meetings.schedules.api import router as schedules_router
from meetings.settings import Settings, load_settings
from shared.app import ServiceSpec, create_service_app

SERVICE_DIR = Path(__file__).resolve().parent.parent
MESSAGES = (
    service_messages.MESSAGES,
    attendance_messages.MESSAGES,
    compliance_messages.MESSAGES,
    evaluation_messages.MESSAGES,
    schedule_messages.MESSAGES,
)
"""Every vi/en catalogue of the service; the platform registers them when it builds the app."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = create_service_app(
        ServiceSpec(
            name="meetings",
            title="Grassroots — meetings",
            description="Thematic plans, the calendar of branch meetings, notices and materials, held meetings with "
            "attendance, guests, superior attendance, minutes and resolutions, evaluation forms, and "
            "compliance against targets. Errors are RFC 9457 problem+json in Vietnamese or English.",
            settings=settings,
            service_dir=SERVICE_DIR,
            messages=MESSAGES,
            routers=[
                plans_router,
                schedules_router,
                attendance_router,
                evaluation_router,
                rubrics_router,
                compliance_router,
                targets_router,
            ],
            consumers=consumers(),
            tags=[
                {"name": "meeting plans", "description": "Yearly plans of thematic topics by quarter."},
                {"name": "meetings", "description": "Branch meetings: calendar, notice, record, attendance."},
                {"name": "evaluations", "description": "The quality evaluation form of a held meeting."},
                {"name": "rubrics", "description": "Provincial evaluation rubrics."},
                {"name": "compliance", "description": "Compliance with the meeting regime against targets."},
                {"name": "meeting targets", "description": "Per-organisation, per-year targets."},
            ],
        )
    )
    return app
