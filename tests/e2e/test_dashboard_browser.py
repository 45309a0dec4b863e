"""The reporting dashboard in a real browser over real processes: a tree and three members created through
membership's API reach reporting, and headless Chromium, given only the page's URL with the token in the
fragment, renders the province's member count, the district in the breakdown (with a drill-down link) and the
time of the last event; a token of another subtree and a broken token show the API's problem detail.

Chromium runs with ``--dump-dom``: the DOM after the script has run (``--virtual-time-budget`` lets the page's
fetches finish first). Without a chromium binary the test skips and says so (CI installs Debian's ``chromium``).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from grassroots_cli.stack import Stack
from shared.auth import mint_token
from shared.testing.polling import eventually
from tests.e2e.cdp import Browser
from tests.e2e.conftest import client

PERIOD = "2026"


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
async def chromium() -> str:
    binary = chromium_binary()
    if binary is None:
        pytest.skip("no chromium binary on PATH (install Debian's `chromium` package to run the browser test)")
    return binary


def token(stack: Stack, org: str = "*", role: str = "admin") -> str:
    return mint_token(stack.jwt_secret, subject="e2e-dashboard", org=org, roles=[role])


# What the browser's console says when the page breaks its own CSP, uses a string sink or throws.
CONSOLE_FAULTS = ("Content Security Policy", "Trusted Type", "TrustedHTML", "Uncaught", "SyntaxError")


def render(chromium: str, url: str, profile: Path) -> str:
    """The page's DOM once its script has run, as headless Chromium serialises it; fails if the console
    reports a CSP violation, a Trusted Types refusal or an uncaught error."""
    profile.mkdir(parents=True, exist_ok=True)
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=8000",
        "--enable-logging=stderr",
        "--log-level=0",
        "--dump-dom",
        url,
    ]
    env = {**os.environ, "HOME": str(profile)}  # keep Chromium's caches and crash files out of the real home
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert not [line for line in console if any(fault in line for fault in CONSOLE_FAULTS)], console
    return result.stdout


class Dom(HTMLParser):
    """Just enough of the dumped DOM: elements with their attributes and their text, in document order."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[dict[str, Any]] = []
        self._open: list[dict[str, Any]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, "attrs": {k: v or "" for k, v in attrs}, "text": [], "children": []}
        self.elements.append(element)
        if self._open:
            self._open[-1]["children"].append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element["text"].append(data)

    def find(self, tag: str | None = None, **attrs: str) -> list[dict[str, Any]]:
        """Elements of ``tag`` (any when None) whose attributes match (``data_org_id`` means data-org-id)."""
        return [
            e
            for e in self.elements
            if (tag is None or e["tag"] == tag)
            and all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def inside(self, element: dict[str, Any], tag: str) -> list[dict[str, Any]]:
        """The descendants of ``element`` named ``tag``."""
        out = []
        for child in element["children"]:
            out += [child] if child["tag"] == tag else []
            out += self.inside(child, tag)
        return out

    def one(self, tag: str | None = None, **attrs: str) -> dict[str, Any]:
        found = self.find(tag, **attrs)
        assert len(found) == 1, f"{tag} {attrs}: {len(found)} elements"
        return found[0]

    @staticmethod
    def text(element: dict[str, Any]) -> str:
        return " ".join("".join(element["text"]).split())


async def create_org(membership: httpx.AsyncClient, name: str, kind: str, parent: str | None) -> str:
    response = await membership.post(
        "/api/v1/orgs", json={"name": name, "kind": kind, "parent_id": parent, "effective_date": "2026-01-01"}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_the_dashboard_renders_a_province_from_the_report_api(
    stack: Stack, chromium: str, tmp_path: Path
) -> None:
    admin = {"Authorization": f"Bearer {token(stack)}"}
    async with client(stack, "membership", admin) as membership, client(stack, "reporting", admin) as reporting:
        province = await create_org(membership, "Tỉnh Tuyên Quang", "province", None)
        district = await create_org(membership, "Huyện Sơn Dương", "district", province)
        commune = await create_org(membership, "Đảng ủy xã Xuân Lôi", "grassroots_committee", district)
        branch = await create_org(membership, "Chi bộ thôn Đồng Tâm", "branch", commune)
        people = [
            ("Nguyễn Văn Đức", "male", "Kinh"),
            ("Hoàng Thị Lan", "female", "Tày"),
            ("Trần Văn Minh", "male", "Kinh"),
        ]
        for number, (name, gender, ethnicity) in enumerate(people):
            response = await membership.post(
                "/api/v1/members",
                json={
                    "full_name": name,
                    "gender": gender,
                    "birth_date": "1988-09-02",
                    "ethnicity": ethnicity,
                    "national_id": f"0080880012{number:02d}",
                    "org_id": branch,
                    "status": "official",
                    "effective_date": "2026-03-01",
                },
            )
            assert response.status_code == 201, response.text

        async def counted() -> bool:
            response = await reporting.get(f"/api/v1/reports/{province}/summary", params={"period": PERIOD})
            return response.status_code == 200 and response.json()["figures"]["members_total"] == 3

        await eventually(counted, "counted", timeout=20)

    # A provincial committee's viewer, as a real user would be: the page is given only its URL.
    viewer = token(stack, province, "viewer")
    url = f"{stack.url('reporting')}/dashboard/#{urlencode({'token': viewer, 'org': province, 'period': PERIOD})}"
    html = await asyncio.to_thread(render, chromium, url, tmp_path / "chromium")
    dom = Dom(html)

    assert dom.one("body")["attrs"]["data-state"] == "ready", html[-3000:]
    assert "hidden" in dom.one(id="error")["attrs"]
    assert dom.text(dom.one(id="org-name")) == "Tỉnh Tuyên Quang"
    members = dom.one("div", data_figure="members_total")
    assert members["attrs"]["data-value"] == "3"
    assert [dom.text(e) for e in dom.inside(members, "dt")] == ["Tổng số đảng viên"]
    assert [dom.text(e) for e in dom.inside(members, "dd")] == ["3"]
    assert dom.one("div", data_figure="members_female")["attrs"]["data-value"] == "1"
    assert dom.one("div", data_figure="members_ethnic_minority")["attrs"]["data-value"] == "1"
    assert dom.text(dom.one(id="updated")).startswith("cập nhật lúc ")
    # The breakdown: the district's row, its member count, and its name as the drill-down link.
    rows = dom.inside(dom.one("table", id="children-table"), "tr")
    assert [r["attrs"].get("data-org-id") for r in rows] == [None, district]  # the header row, then the district
    drill = f"#{urlencode({'org': district, 'period': PERIOD})}"
    assert [(a["attrs"]["href"], dom.text(a)) for a in dom.inside(rows[1], "a")] == [(drill, "Huyện Sơn Dương")]
    cells = {c["attrs"].get("data-figure"): dom.text(c) for c in dom.inside(rows[1], "td")}
    assert cells["members_total"] == "3"
    # The chart's bar for the district is a link to the same drill-down.
    assert dom.find("a", href=drill, **{"class": "bar-link"})
    # Targets come with a verdict: no meeting held, so the meeting rates are "not met" or "no data".
    verdicts = {e["attrs"]["data-verdict"] for e in dom.elements if "data-verdict" in e["attrs"]}
    assert verdicts
    assert verdicts <= {"pass", "fail", "unknown"}
    # The token left the address bar for sessionStorage and is nowhere in the page.
    assert viewer not in html

    # The drill-down target, in English: the district's own page lists the commune under it.
    fragment = urlencode({"token": viewer, "org": district, "period": PERIOD, "lang": "en"})
    url = f"{stack.url('reporting')}/dashboard/#{fragment}"
    dom = Dom(await asyncio.to_thread(render, chromium, url, tmp_path / "chromium-en"))
    assert dom.one("body")["attrs"]["data-state"] == "ready"
    assert dom.one("html")["attrs"]["lang"] == "en"
    assert dom.text(dom.one(id="org-name")) == "Huyện Sơn Dương"
    members = dom.one("div", data_figure="members_total")
    assert [dom.text(e) for e in dom.inside(members, "dt")] == ["Members"]
    assert [dom.text(e) for e in dom.inside(members, "dd")] == ["3"]
    assert dom.text(dom.one(id="updated")).startswith("updated at ")
    assert dom.find("tr", data_org_id=commune)


async def test_the_dashboard_shows_the_problem_detail_of_a_refusal(stack: Stack, chromium: str, tmp_path: Path) -> None:
    admin = {"Authorization": f"Bearer {token(stack)}"}
    async with client(stack, "membership", admin) as membership, client(stack, "reporting", admin) as reporting:
        mine = await create_org(membership, "Tỉnh 1", "province", None)
        other = await create_org(membership, "Tỉnh 2", "province", None)

        async def known() -> bool:
            responses = [
                await reporting.get(f"/api/v1/reports/{org}/summary", params={"period": PERIOD})
                for org in (mine, other)
            ]
            return all(r.status_code == 200 for r in responses)

        await eventually(known, "known", timeout=20)

    base = f"{stack.url('reporting')}/dashboard/#"
    # Outside the token's subtree: the API's 404 problem (Vietnamese detail) is shown, nothing else.
    outside = await asyncio.to_thread(
        render,
        chromium,
        base + urlencode({"token": token(stack, mine, "viewer"), "org": other, "period": PERIOD}),
        tmp_path / "a",
    )
    dom = Dom(outside)
    assert dom.one("body")["attrs"]["data-state"] == "error"
    box = dom.one(id="error")
    assert "hidden" not in box["attrs"]
    assert box["attrs"]["role"] == "alert"
    assert f"Không tìm thấy tổ chức {other}" in dom.text(box)  # the server's own detail
    assert "hidden" in dom.one(id="report")["attrs"]

    # A token that does not verify: the 401 problem is shown and the token field comes back.
    broken = await asyncio.to_thread(
        render, chromium, base + urlencode({"token": "not-a-jwt", "org": mine, "period": PERIOD}), tmp_path / "b"
    )
    dom = Dom(broken)
    assert dom.one("body")["attrs"]["data-state"] == "error"
    assert "hidden" not in dom.one(id="error")["attrs"]
    assert "Token không hợp lệ" in dom.text(dom.one(id="error"))  # the server's detail …
    assert "Mã truy cập không hợp lệ" in dom.text(dom.one(id="error"))  # … and the page's advice
    assert "hidden" not in dom.one(id="token-fields")["attrs"]

    # No token at all: the page asks for one (the form's token field) and calls nothing.
    dom = Dom(await asyncio.to_thread(render, chromium, base + urlencode({"org": mine}), tmp_path / "c"))
    assert dom.one("body")["attrs"]["data-state"] == "need-token"
    assert "hidden" not in dom.one(id="token-fields")["attrs"]
    assert "hidden" in dom.one(id="report")["attrs"]


# The only load the page may fail: Chromium asks for /favicon.ico on its own, and the dashboard serves none.
def _favicon(entry: dict[str, Any]) -> bool:
    return str(entry.get("url", "")).endswith("/favicon.ico")


def overlap(a: list[float], b: list[float]) -> float:
    """The area two boxes ``[left, top, right, bottom]`` share (0 when they only touch)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def assert_chart_labels_legible(labels: list[dict[str, Any]], width: int) -> None:
    """Measured in the page, not read off a screenshot: every chart label reads at 11 px or more on screen, lies
    inside its chart (nothing cut at an edge), overlaps no other label of its chart, and a bar's name is shown
    whole (these names are short enough to need no ellipsis)."""
    charts = {label["svg"] for label in labels}
    kinds = {label["cls"] for label in labels}
    assert len(charts) >= 3, labels  # the age bars, the sub-organisations' bars and the monthly series
    assert {"bar-label", "bar-value"} <= kinds, kinds
    assert any(k.startswith("axis") for k in kinds), kinds
    small = [(lb["text"], round(lb["px"], 1)) for lb in labels if lb["px"] < 11]
    assert not small, f"labels under 11 px at {width} px: {small}"
    cut = [
        lb["text"] for lb in labels if not (lb["chart"][0] - 1 <= lb["box"][0] and lb["box"][2] <= lb["chart"][2] + 1)
    ]
    assert not cut, f"labels cut at a chart's edge at {width} px: {cut}"
    crowded = [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a["svg"] == b["svg"] and overlap(a["box"], b["box"]) > 1
    ]
    assert not crowded, f"overlapping labels at {width} px: {crowded}"
    names = [(lb["text"], lb["title"]) for lb in labels if lb["cls"] == "bar-label"]
    assert all(title.startswith(f"{text}: ") for text, title in names), names


def pick_by_name_typed_without_diacritics(
    chromium: str, base: str, viewer: str, commune: str, width: int, shots: Path
) -> None:
    """At ``width`` px: open the dashboard with only the token, type the commune's name without diacritics in
    the picker, choose it (its charts' labels measured legible), and come back with no organisation in the
    fragment to find it remembered."""
    with Browser(chromium, shots / f"profile-{width}") as browser:
        page = browser.page()
        page.resize(width, 900)
        page.send("Page.navigate", url=base + urlencode({"token": viewer, "period": PERIOD}))
        page.wait_for("document.body.dataset.state === 'ready'", "the token's own organisation")
        assert page.evaluate("document.getElementById('org-search').value") == "Tỉnh Tuyên Quang"

        page.evaluate("document.getElementById('org-search').select()")
        page.send("Input.insertText", text="dang uy xa xuan loi")
        choice = f"document.querySelector('#org-list .org-choice[data-org-id=\"{commune}\"]')"
        page.wait_for(f"{choice} && !document.getElementById('org-results').hidden", "the commune among the results")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "results overflow"
        page.screenshot(shots / f"dashboard-{width}-picker.png")
        page.evaluate(f"{choice}.click()")
        page.wait_for(
            "document.body.dataset.state === 'ready' && "
            "document.getElementById('org-name').textContent === 'Đảng ủy xã Xuân Lôi'",
            "the commune's report",
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the report overflows"
        assert_chart_labels_legible(page.svg_labels("#report"), width)
        page.screenshot(shots / f"dashboard-{width}.png")

        # A new page with the token only: the last organisation opened is the one shown.
        page.send("Page.navigate", url="about:blank")
        page.wait_for("location.href === 'about:blank'", "a blank page")
        page.send("Page.navigate", url=base + urlencode({"token": viewer, "period": PERIOD}))
        page.wait_for(
            "document.body.dataset.state === 'ready' && "
            "document.getElementById('org-name').textContent === 'Đảng ủy xã Xuân Lôi'",
            "the remembered commune",
        )
        assert page.console_errors(ignore=_favicon) == []


async def test_the_picker_finds_an_organisation_by_a_name_typed_without_diacritics_at_desktop_and_phone_widths(
    stack: Stack, chromium: str, tmp_path: Path
) -> None:
    admin = {"Authorization": f"Bearer {token(stack)}"}
    async with client(stack, "membership", admin) as membership, client(stack, "reporting", admin) as reporting:
        province = await create_org(membership, "Tỉnh Tuyên Quang", "province", None)
        district = await create_org(membership, "Huyện Sơn Dương", "district", province)
        commune = await create_org(membership, "Đảng ủy xã Xuân Lôi", "grassroots_committee", district)
        await create_org(membership, "Chi bộ thôn Đồng Tâm", "branch", commune)

        async def arrived() -> bool:
            response = await reporting.get("/api/v1/reports/orgs", params={"parent": commune})
            return response.status_code == 200 and len(response.json()["items"]) == 1

        await eventually(arrived, "the tree in reporting", timeout=30)

    viewer = token(stack, province, "viewer")
    base = f"{stack.url('reporting')}/dashboard/#"
    for width in (1366, 390):
        await asyncio.to_thread(pick_by_name_typed_without_diacritics, chromium, base, viewer, commune, width, tmp_path)
        assert (tmp_path / f"dashboard-{width}.png").stat().st_size > 0


def print_from_the_dashboard(chromium: str, url: str, downloads: Path) -> bytes:
    """Open the dashboard, press the printed report's PDF button and return the file the browser saved."""
    downloads.mkdir(parents=True, exist_ok=True)
    with Browser(chromium, downloads.parent / "profile-print") as browser:
        page = browser.page()
        page.send("Page.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
        page.send("Page.navigate", url=url)
        page.wait_for("document.body.dataset.state === 'ready'", "the province's report")
        page.evaluate('document.querySelector(\'button[data-report="printed_report"][data-format="pdf"]\').click()')
        page.wait_for("document.getElementById('status').textContent.includes('.pdf')", "the PDF downloaded")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not [p for p in downloads.iterdir() if p.suffix == ".pdf"]:
            time.sleep(0.2)
        assert page.console_errors(ignore=_favicon) == []
    saved = [p for p in downloads.iterdir() if p.suffix == ".pdf"]
    assert len(saved) == 1, list(downloads.iterdir())
    return saved[0].read_bytes()


async def test_the_dashboard_prints_the_official_report_as_pdf(stack: Stack, chromium: str, tmp_path: Path) -> None:
    """The committee's "In báo cáo" button: the PDF of the party-document layout, fetched with the token."""
    admin = {"Authorization": f"Bearer {token(stack)}"}
    async with client(stack, "membership", admin) as membership, client(stack, "reporting", admin) as reporting:
        province = await create_org(membership, "Tỉnh Tuyên Quang", "province", None)
        await create_org(membership, "Huyện Sơn Dương", "district", province)

        async def arrived() -> bool:
            response = await reporting.get("/api/v1/reports/orgs", params={"parent": province})
            return response.status_code == 200 and len(response.json()["items"]) == 1

        await eventually(arrived, "the tree in reporting", timeout=30)
    viewer = token(stack, province, "viewer")
    url = f"{stack.url('reporting')}/dashboard/#{urlencode({'token': viewer, 'org': province, 'period': PERIOD})}"
    pdf = await asyncio.to_thread(print_from_the_dashboard, chromium, url, tmp_path / "downloads")
    assert pdf.startswith(b"%PDF-")
    assert b"/Type /Page" in pdf or b"/Type/Page" in pdf
