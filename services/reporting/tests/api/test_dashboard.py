"""The dashboard's static files, served in-process: the shell and its assets go out with a strict CSP and the
other security headers, hold no data (the page is the file on disk, byte for byte), keep every script and style
in separate files, and stay out of the OpenAPI document. Its modules are checked to parse with ``node --check``
and its pure helpers by ``node --test``.

No database or NATS is needed (the app's lifespan is not run), so this module replaces the package's autouse
``streams`` fixture with one that does nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from reporting import dashboard
from reporting.app import create_app
from reporting.dashboard.api import ASSETS, STATIC_DIR
from reporting.settings import Settings
from shared.testing.harness import TEST_SECRET

# Native ES modules, entry first.
MODULES = ["dashboard.js", "texts.js", "format.js", "dom.js", "charts.js", "picker.js"]
JS_TESTS = Path(__file__).resolve().parents[1] / "js"


@pytest.fixture(autouse=True)
def streams() -> None:
    """Overrides the package's autouse fixture: these tests start no servers."""


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(jwt_secret=TEST_SECRET))  # type: ignore[arg-type]
    app.include_router(dashboard.router)  # what reporting/app.py will do once the dashboard is wired in
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as http:
        yield http


def assert_security_headers(response: httpx.Response) -> None:
    policy = {
        name: value.split()
        for name, _, value in (d.strip().partition(" ") for d in response.headers["content-security-policy"].split(";"))
    }
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other origin
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["require-trusted-types-for"] == ["'script'"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


class _Markup(HTMLParser):
    """Collects what matters for the CSP and for "no data": scripts, styles, handlers, attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline: list[str] = []
        self.styles = 0
        self.handlers: list[str] = []
        self.style_attrs = 0
        self.links: list[str] = []
        self._tag: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._tag = tag
        if tag == "script":
            self.scripts.append(values)
        if tag == "style":
            self.styles += 1
        if tag == "link" and values.get("rel") == "stylesheet":
            self.links.append(values.get("href") or "")
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.style_attrs += sum(1 for name, _ in attrs if name == "style")

    def handle_endtag(self, tag: str) -> None:
        self._tag = None

    def handle_data(self, data: str) -> None:
        if self._tag == "script" and data.strip():
            self.inline.append(data)


async def test_the_shell_is_served_with_the_security_headers_and_holds_no_data(client: httpx.AsyncClient) -> None:
    response = await client.get("/dashboard/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert_security_headers(response)
    # The server adds nothing: the page is the file on disk, so no figure, organisation or token can be in it.
    assert response.content == (STATIC_DIR / "index.html").read_bytes()
    markup = _Markup()
    markup.feed(response.text)
    assert [(s.get("src"), s.get("type")) for s in markup.scripts] == [("static/dashboard.js", "module")]
    assert markup.inline == []
    assert markup.styles == 0
    assert markup.style_attrs == 0
    assert markup.handlers == []
    assert markup.links == ["static/dashboard.css"]
    # No number of any kind in the report area before the script runs (only the period hint's examples).
    report = response.text.split('<div id="report"', 1)[1]
    assert not re.search(r">\s*\d", report.replace(">CSV<", "").replace(">XLSX<", ""))
    assert 'lang="vi"' in response.text


async def test_a_token_sent_to_the_shell_changes_nothing(client: httpx.AsyncClient) -> None:
    anonymous = await client.get("/dashboard/")
    with_token = await client.get("/dashboard/", headers={"Authorization": "Bearer whatever"})
    assert with_token.content == anonymous.content


async def test_the_assets_are_served_with_their_types_and_the_same_headers(client: httpx.AsyncClient) -> None:
    for name, media_type in [*((m, "text/javascript") for m in MODULES), ("dashboard.css", "text/css")]:
        response = await client.get(f"/dashboard/static/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"] == f"{media_type}; charset=utf-8"
        assert response.content == (STATIC_DIR / name).read_bytes()
        assert_security_headers(response)
        assert response.headers["cache-control"] == "no-cache"
        again = await client.get(f"/dashboard/static/{name}", headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304
        assert again.content == b""


async def test_the_bare_path_redirects_to_the_shell_relatively(client: httpx.AsyncClient) -> None:
    response = await client.get("/dashboard")
    assert response.status_code == 308
    assert response.headers["location"] == "dashboard/"  # stays right under a gateway's path prefix
    assert_security_headers(response)


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/static/index.html",
        "/dashboard/static/api.py",
        "/dashboard/static/..%2Fapi.py",
        "/dashboard/static/%2e%2e%2f__init__.py",
        "/dashboard/static/",
        "/dashboard/static/dashboard.js.map",
    ],
)
async def test_nothing_but_the_named_assets_is_served(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_the_dashboard_stays_out_of_the_openapi_document(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert not [p for p in paths if p.startswith("/dashboard")]
    assert "/api/v1/reports/{org_id}/summary" in paths


def _node() -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed: the dashboard's JavaScript checks need node")
    return node


@pytest.mark.parametrize("module", MODULES)
def test_every_module_parses(module: str) -> None:
    result = subprocess.run(
        [_node(), "--check", str(STATIC_DIR / module)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_modules_import_only_each_other() -> None:
    """Native modules, no bundler: every import is a relative path to a served file (nothing from a CDN)."""
    for module in MODULES:
        source = (STATIC_DIR / module).read_text(encoding="utf-8")
        for target in re.findall(r"^(?:import|export)\b[^;]*?from\s+'([^']+)'", source, flags=re.MULTILINE):
            assert target.startswith("./"), f"{module} imports {target}"
            assert target[2:] in MODULES, f"{module} imports {target}"


def test_the_pure_helpers_pass_their_node_tests() -> None:
    """``node --test`` over tests/js: formatting, periods, sorting, tokens, scales (no browser needed)."""
    tests = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert tests
    result = subprocess.run([_node(), "--test", *tests], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_script_uses_no_string_sink_and_sends_the_token_only_as_a_header() -> None:
    source = "\n".join((STATIC_DIR / m).read_text(encoding="utf-8") for m in MODULES)
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.DOTALL)  # comments may name what code must not use
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "setAttribute('style'",
        "http://",
        "https://",
    ):
        assert sink not in code.replace("http://www.w3.org/2000/svg", ""), sink
    assert code.count("fetch(") == 1  # one place talks to the API …
    assert "Authorization: `Bearer ${state.token}`" in code  # … and the token travels in that header
    for line in code.splitlines():
        if "searchParams" in line or "URLSearchParams(" in line or "location.hash =" in line:
            assert "token" not in line.replace("params.delete('token')", "").replace("params.has('token')", ""), line


def test_every_text_of_the_shell_has_both_languages() -> None:
    """Each data-i18n key of the HTML is in the script's table of texts, whose every entry gives the Vietnamese
    and the English (format.test.mjs checks both are there)."""
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    source = (STATIC_DIR / "texts.js").read_text(encoding="utf-8")
    table = source.split("const TEXTS = {", 1)[1].split("\n};", 1)[0]
    keys = set(re.findall(r'data-i18n(?:-aria)?="([^"]+)"', html))
    assert keys
    for key in keys:
        pattern = rf"(?<![\w.'-])(?:'{re.escape(key)}'|{re.escape(key)})\s*:"
        assert re.search(pattern, table), f"{key} has no text"


def test_the_static_folder_holds_only_what_is_served() -> None:
    assert sorted(p.name for p in Path(STATIC_DIR).iterdir()) == sorted(["dashboard.css", "index.html", *MODULES])
    assert set(ASSETS) == {"dashboard.css", *MODULES}
