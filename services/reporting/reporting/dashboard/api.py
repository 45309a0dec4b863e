"""Routes that serve the dashboard's static files under ``/dashboard/`` (hidden from the OpenAPI document).

The page is a shell: it holds no figures and no token. Its script (native ES modules, no bundler) takes the
token from the URL fragment (never sent to a server) or from a form, keeps it in ``sessionStorage`` and calls
``/api/v1/reports/…`` with ``Authorization: Bearer``. Every file goes out with a strict Content-Security-Policy
(no inline script or style, same-origin connections only, no framing), ``nosniff`` and
``Referrer-Policy: no-referrer``.

Only the files named in ``ASSETS`` are served (no path from the URL reaches the file system), with
``Cache-Control: no-cache`` so a deployment's new script is picked up at once (revalidated by ETag).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, RedirectResponse
from starlette.exceptions import HTTPException

STATIC_DIR = Path(__file__).resolve().parent / "static"

# The name in the URL -> its media type. Nothing else under STATIC_DIR is reachable.
ASSETS = {
    "dashboard.js": "text/javascript; charset=utf-8",  # the entry module; it imports the five below
    "texts.js": "text/javascript; charset=utf-8",
    "format.js": "text/javascript; charset=utf-8",
    "dom.js": "text/javascript; charset=utf-8",
    "charts.js": "text/javascript; charset=utf-8",
    "picker.js": "text/javascript; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        # The script builds the DOM with createElement/textContent only: Trusted Types forbids the string sinks
        # (innerHTML, document.write, eval …) so that an organisation's name can never become markup.
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


def _file(request: Request, path: Path, media_type: str) -> Response:
    # With the stat given up front, FileResponse sets its ETag now (not while sending), so a conditional
    # request can be answered here: FileResponse does not answer If-None-Match itself.
    response = FileResponse(path, media_type=media_type, headers=SECURITY_HEADERS, stat_result=path.stat())
    wanted = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    if response.headers["etag"] in wanted:
        return Response(status_code=304, headers={**SECURITY_HEADERS, "ETag": response.headers["etag"]})
    return response


@router.get("/dashboard")
async def dashboard_redirect() -> RedirectResponse:
    # Relative, so that it stays right behind a gateway that mounts the service under a prefix; the browser
    # keeps the fragment (#token=…) across the redirect.
    return RedirectResponse("dashboard/", status_code=308, headers=SECURITY_HEADERS)


@router.get("/dashboard/")
async def dashboard_page(request: Request) -> Response:
    return _file(request, STATIC_DIR / "index.html", "text/html; charset=utf-8")


@router.get("/dashboard/static/{name}")
async def dashboard_asset(request: Request, name: str) -> Response:
    media_type = ASSETS.get(name)
    if media_type is None:
        raise HTTPException(status_code=404)
    return _file(request, STATIC_DIR / name, media_type)
