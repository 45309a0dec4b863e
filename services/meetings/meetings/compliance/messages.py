"""Vietnamese and English texts for the compliance rule codes (placeholders match the raised values)."""

from __future__ import annotations

from shared.i18n import register_messages

MESSAGES: dict[str, dict[str, str]] = {
    "compliance.period_invalid": {
        "vi": "Kỳ báo cáo “{value}” không hợp lệ; hãy nhập năm (2026), quý (2026-Q3) hoặc tháng (2026-07).",
        "en": "The period “{value}” is not valid; use a year (2026), a quarter (2026-Q3) or a month (2026-07).",
    },
}

register_messages(MESSAGES)
