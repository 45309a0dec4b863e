"""Vietnamese and English texts of reporting's rule codes."""

MESSAGES: dict[str, dict[str, str]] = {
    "report.bad_period": {
        "vi": "Kỳ báo cáo '{value}' không hợp lệ (dạng 2026, 2026-H1, 2026-Q3, 2026-07 hoặc 2021-06..2024-03).",
        "en": "Period '{value}' is not valid (use 2026, 2026-H1, 2026-Q3, 2026-07 or 2021-06..2024-03).",
    },
    "report.no_data": {
        "vi": "Không có dữ liệu cho kỳ {period}: dữ liệu của tổ chức này chỉ có từ ngày {covered_from}.",
        "en": "No data for {period}: this organisation's data covers only from {covered_from}.",
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
    "report.unknown_form": {
        "vi": "Không có biểu thống kê '{value}'.",
        "en": "There is no statistical form '{value}'.",
    },
    "report.bad_format": {
        "vi": "Định dạng '{value}' không hỗ trợ (json, csv, xlsx).",
        "en": "Format '{value}' is not supported (json, csv, xlsx).",
    },
}
