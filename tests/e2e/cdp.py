"""Driving headless Chromium over the DevTools protocol (a websocket), for browser tests that must type, click,
measure the layout at a given width and read the console, which ``--dump-dom`` cannot.

``Browser`` starts its own Chromium with a fresh profile and closes it (by its process) on exit; ``Page`` sends
commands and keeps every event, so a test asserts on the console afterwards. Waits poll with a generous timeout
(the machine is shared): nothing is asserted on timing.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect


class Page:
    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.events: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=60))
            if message.get("id") == number:
                assert "error" not in message, message
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in answer, answer
        return answer["result"].get("value")

    def wait_for(self, expression: str, what: str, timeout: float = 60.0) -> Any:
        """Poll ``expression`` in the page until it is truthy (an error, e.g. while the document is still loading,
        counts as not yet); its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(f"(() => {{ try {{ return ({expression}); }} catch {{ return null; }} }})()")
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"{what}: not within {timeout} s; body: {self.evaluate('document.body.outerHTML')[:3000]}")

    def svg_labels(self, root: str = "body") -> list[dict[str, Any]]:
        """Every rendered text of every SVG under ``root`` as the reader sees it: its text, class, the SVG it is
        in (index), the font size the stylesheet computes, the size on screen (that size times the SVG's scale
        to CSS px: a 12 px label in a 720-unit chart squeezed into 350 px reads at 6 px), its box and the SVG's
        box in CSS px, and the <title> of its group (a bar's full label)."""
        labels: list[dict[str, Any]] = self.evaluate(SVG_LABELS.replace("ROOT", json.dumps(root)))
        return labels

    def resize(self, width: int, height: int) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 600
        )

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))

    def console_errors(self, ignore: Callable[[dict[str, Any]], bool] = lambda entry: False) -> list[dict[str, Any]]:
        """Errors the page reported: console.error, uncaught exceptions, and the browser's own log (CSP and
        Trusted Types violations, failed loads)."""
        errors = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            thrown = method == "Runtime.exceptionThrown"
            if thrown or (method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert")):
                errors.append(params)
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error" and not ignore(params["entry"]):
                errors.append(params["entry"])
        return errors


SVG_LABELS = """(() => {
  const svgs = [...document.querySelectorAll(ROOT + ' svg')];
  return [...document.querySelectorAll(ROOT + ' svg text')]
    .filter((t) => t.getClientRects().length > 0 && t.getScreenCTM() !== null)
    .map((t) => {
      const box = t.getBoundingClientRect();
      const chart = t.ownerSVGElement.getBoundingClientRect();
      const css = parseFloat(getComputedStyle(t).fontSize);
      const group = t.closest('g');
      const title = group ? group.querySelector(':scope > title') : null;
      return {text: t.textContent, cls: t.getAttribute('class') || '', svg: svgs.indexOf(t.ownerSVGElement),
        css, px: css * t.getScreenCTM().a, box: [box.left, box.top, box.right, box.bottom],
        chart: [chart.left, chart.top, chart.right, chart.bottom], title: title ? title.textContent : null};
    });
})()"""


class Browser:
    """A headless Chromium listening for DevTools on a free port; ``page()`` connects to its first tab."""

    def __init__(self, binary: str, profile: Path) -> None:
        profile.mkdir(parents=True, exist_ok=True)
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "about:blank",
        ]
        env = {**os.environ, "HOME": str(profile)}
        self.log = profile / "chromium.log"  # a file, not a pipe: a full pipe would stall the browser
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=log, env=env)
        self.socket: ClientConnection | None = None
        self.port = self._port()

    def _port(self, timeout: float = 60.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", self.log.read_text(errors="replace"))
            if found:
                return int(found.group(1))
            time.sleep(0.1)
        raise AssertionError(f"chromium gave no DevTools port: {self.log.read_text(errors='replace')[-2000:]}")

    def page(self) -> Page:
        targets = httpx.get(f"http://127.0.0.1:{self.port}/json/list", timeout=30).json()
        url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        self.socket = connect(url, max_size=None, open_timeout=30)
        page = Page(self.socket)
        for domain in ("Runtime", "Log", "Page"):
            page.send(f"{domain}.enable")
        return page

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.socket is not None:
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
