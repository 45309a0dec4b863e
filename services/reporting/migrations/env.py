"""Alembic environment of reporting: the platform tables plus reporting's own."""

from alembic import context

import reporting.models  # noqa: F401  (imports every table module)
from reporting.base import Base
from shared.migrate import run_env
from shared.schema import platform_metadata

run_env(context, [platform_metadata, Base.metadata])
