"""Vietnamese and English texts for the compliance rule codes (placeholders match the raised values)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "compliance.period_invalid": {
        "vi": "Kỳ báo cáo “{value}” không hợp lệ; hãy nhập năm (2026), nửa năm (2026-H1), quý (2026-Q3), "
        "tháng (2026-07) hoặc khoảng 2026-01..2026-09.",
        "en": "The period “{value}” is not valid; use a year (2026), a half (2026-H1), a quarter (2026-Q3), "
        "a month (2026-07) or a range 2026-01..2026-09.",
    },
}
