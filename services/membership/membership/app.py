"""The membership service: the organisation tree, members, admission, transfers, targets, imports."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from membership.admission import command_messages
from membership.admission import messages as admission_messages
from membership.admission.api import router as admission_router
from membership.badges import messages as badge_messages
from membership.badges.api import router as badges_router
from membership.consumers import consumers
from membership.dues import messages as dues_messages
from membership.dues.api import router as dues_router
from membership.holidays import messages as holiday_messages
from membership.holidays.api import router as holidays_router
from membership.imports import messages as import_messages
from membership.imports.api import router as imports_router
from membership.imports.jobs import end_interrupted_at_startup
from membership.imports.jobs import router as import_jobs_router
from membership.imports.mappings import router as import_mappings_router
from membership.members import messages as member_messages
from membership.members import rule_messages as member_rule_messages
from membership.members.api import router as members_router
from membership.members.upsert_api import router as member_upsert_router
from membership.orgs import messages as org_messages
from membership.orgs.api import router as orgs_router
from membership.records import messages as record_messages
from membership.records.api import router as records_router
from membership.scim.api import router as scim_router
from membership.scim.groups import router as scim_groups_router
from membership.settings import Settings, load_settings
from membership.targets.api import router as targets_router
from membership.webhooks import delivery as webhook_delivery
from membership.webhooks import messages as webhook_messages
from membership.webhooks.api import router as webhooks_router
from shared.app import ServiceSpec, create_service_app

SERVICE_DIR = Path(__file__).resolve().parent.parent
MESSAGES = (
    badge_messages.MESSAGES,
    dues_messages.MESSAGES,
    command_messages.MESSAGES,
    admission_messages.MESSAGES,
    holiday_messages.MESSAGES,
    import_messages.MESSAGES,
    member_messages.MESSAGES,
    member_rule_messages.MESSAGES,
    org_messages.MESSAGES,
    record_messages.MESSAGES,
    webhook_messages.MESSAGES,
)
"""Every vi/en catalogue of the service; the platform registers them when it builds the app."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = create_service_app(
        ServiceSpec(
            name="membership",
            title="Grassroots — membership",
            description="Organisation tree, members, the admission pipeline, transfers, status changes, targets "
            "and bulk import/export. Errors are RFC 9457 problem+json in Vietnamese or English.",
            settings=settings,
            service_dir=SERVICE_DIR,
            messages=MESSAGES,
            routers=[
                orgs_router,
                member_upsert_router,
                members_router,
                admission_router,
                holidays_router,
                targets_router,
                imports_router,
                import_jobs_router,
                import_mappings_router,
                badges_router,
                dues_router,
                records_router,
                webhooks_router,
                scim_router,
                scim_groups_router,
            ],
            consumers=consumers(),
            on_startup=[end_interrupted_at_startup, webhook_delivery.start],
            body_limits={
                "/api/v1/imports": None,
                "/api/v1/orgs/import": None,
                "/api/v1/dues/payments/list": None,
                "/api/v1/members/*/record/attachments": None,
            },  # the imports, the dues list and the record's scans stream their bodies and enforce their own limits
            tags=[
                {"name": "organisations", "description": "The party organisation tree."},
                {"name": "members", "description": "Party members and their status."},
                {"name": "admission", "description": "The admission pipeline and its deadlines."},
                {"name": "calendar", "description": "The working-day calendar (holidays)."},
                {"name": "targets", "description": "Admission targets and progress."},
                {"name": "imports", "description": "Bulk import and export for HR systems."},
                {"name": "badges", "description": "Party badges by party age."},
                {"name": "dues", "description": "Party dues: collection, remittance, arrears."},
                {"name": "records", "description": "The member record: personal history, supplements, card, scans."},
                {"name": "webhooks", "description": "Signed event deliveries (Standard Webhooks) to HR systems."},
            ],
        )
    )
    return app
