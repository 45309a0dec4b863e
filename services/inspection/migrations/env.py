"""Alembic environment of inspection: the platform tables plus inspection's own."""

from alembic import context

import inspection.models  # noqa: F401  (imports every table module)
from inspection.base import Base
from shared.migrate import run_env
from shared.schema import platform_metadata

run_env(context, [platform_metadata, Base.metadata])
