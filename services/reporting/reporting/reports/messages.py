"""Vietnamese and English texts of reporting's rule codes."""

from shared.i18n import register_messages

register_messages(
    {
        "report.bad_period": {
            "vi": "Kỳ báo cáo '{value}' không hợp lệ (dạng 2026, 2026-Q3 hoặc 2026-07).",
            "en": "Period '{value}' is not valid (use 2026, 2026-Q3 or 2026-07).",
        },
        "report.bad_granularity": {
            "vi": "Độ chi tiết '{value}' không hợp lệ (month, quarter, year).",
            "en": "Granularity '{value}' is not valid (month, quarter, year).",
        },
        "report.bad_range": {
            "vi": "Kỳ bắt đầu {start} phải trước kỳ kết thúc {end}.",
            "en": "The first period {start} must not come after the last {end}.",
        },
        "report.unknown_figure": {"vi": "Không có chỉ tiêu '{value}'.", "en": "There is no figure '{value}'."},
        "report.bad_format": {
            "vi": "Định dạng '{value}' không hỗ trợ (json, csv, xlsx).",
            "en": "Format '{value}' is not supported (json, csv, xlsx).",
        },
    }
)
