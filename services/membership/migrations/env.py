"""Alembic environment of membership: the platform tables plus membership's own."""

from alembic import context

import membership.models  # noqa: F401  (imports every table module)
from membership.base import Base
from shared.migrate import run_env
from shared.schema import platform_metadata

run_env(context, [platform_metadata, Base.metadata])
