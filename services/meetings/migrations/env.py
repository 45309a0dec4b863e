"""Alembic environment of meetings: the platform tables plus meetings' own."""

from alembic import context

import meetings.models  # noqa: F401  (imports every table module)
from meetings.base import Base
from shared.migrate import run_env
from shared.schema import platform_metadata

run_env(context, [platform_metadata, Base.metadata])
