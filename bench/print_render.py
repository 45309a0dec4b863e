"""The cost of printing: a periodic report of a province (every summary section) whose breakdown lists N
organisations, rendered to PDF (Typst) and to XLSX (openpyxl) through the same ``Printer`` the routes use.

    .venv/bin/python bench/print_render.py [--rows 50 500 2000] [--runs 5]

Prints per size the median and maximum time in ms, the pages and the bytes of each file, and the load average
before and after (the shared development machine: only ratios from one run mean much).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "services" / "reporting")]

from reporting.printing.documents import CHILD_KEYS, Child, Heading, report_document  # noqa: E402
from reporting.printing.labels import SECTIONS  # noqa: E402
from reporting.printing.render import default_printer  # noqa: E402


def document(rows: int, rng: random.Random) -> object:
    keys = [k for _, section in SECTIONS for k in section] + CHILD_KEYS
    figures = {k: rng.randint(0, 50_000) for k in keys}
    children = [Child(f"Đảng bộ xã Ea Kly {i}", {k: rng.randint(0, 900) for k in keys}) for i in range(rows)]
    head = Heading("Đảng bộ tỉnh Đắk Lắk", "province", "", "Năm 2026", date(2026, 12, 1), place="Buôn Ma Thuột")
    return report_document(head, figures, children)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[50, 500, 2000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    printer, rng = default_printer(), random.Random(2026)
    print(f"load average before: {os.getloadavg()}")
    print("rows  format  median_ms  max_ms  pages  bytes")
    for rows in args.rows:
        for fmt in ("pdf", "xlsx"):
            times, body = [], b""
            for _ in range(args.runs):
                doc = document(rows, rng)  # new figures each run: Typst memoises what it has laid out before
                started = time.perf_counter()
                body, _ = printer.render(doc, fmt)  # type: ignore[arg-type]
                times.append((time.perf_counter() - started) * 1000)
            pages = len(re.findall(rb"/Type\s*/Page(?!s)", body)) if fmt == "pdf" else "-"
            print(
                f"{rows:>5} {fmt:>6} {statistics.median(times):>10.1f} {max(times):>7.1f} {pages!s:>6} {len(body):>7}"
            )
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
