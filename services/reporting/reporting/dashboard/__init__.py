"""The reporting dashboard: a static page (HTML shell, script, style sheet) that reads the report API in the
browser with the caller's bearer token. The server holds no data in the page; see ``api.router``."""

from reporting.dashboard.api import router

__all__ = ["router"]
