"""Vietnamese and English texts of the calendar's rule codes."""

MESSAGES: dict[str, dict[str, str]] = {
    "holiday.working_weekend_not_weekend": {
        "vi": "Ngày {day} không phải thứ Bảy hoặc Chủ nhật nên không thể là ngày làm bù.",
        "en": "{day} is not a Saturday or Sunday, so it cannot be a swapped working weekend.",
    },
}
