"""Vietnamese and English texts for the scheduling rule codes (placeholders match the raised values)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "meeting.plan_day_invalid": {
        "vi": "Ngày sinh hoạt trong tháng phải từ 1 đến 31 (đã nhập {day}).",
        "en": "The meeting day of the month must be from 1 to 31 (got {day}).",
    },
    "meeting.plan_weekday_invalid": {
        "vi": "Thứ trong tuần phải từ 0 (thứ Hai) đến 6 (Chủ nhật) (đã nhập {weekday}).",
        "en": "The weekday must be from 0 (Monday) to 6 (Sunday) (got {weekday}).",
    },
    "meeting.plan_nth_invalid": {
        "vi": "Thứ tự tuần trong tháng phải là 1, 2, 3, 4 hoặc -1 (tuần cuối) (đã nhập {nth}).",
        "en": "The week of the month must be 1, 2, 3, 4 or -1 (the last one) (got {nth}).",
    },
    "meeting.thematic_quarter_invalid": {
        "vi": "Quý phải từ 1 đến 4 (đã nhập {quarter}).",
        "en": "The quarter must be from 1 to 4 (got {quarter}).",
    },
    "meeting.thematic_title_blank": {
        "vi": "Chuyên đề sinh hoạt phải có tên.",
        "en": "A thematic topic needs a title.",
    },
    "meeting.thematic_date_outside_quarter": {
        "vi": "Ngày dự kiến {planned_on} không thuộc quý {quarter} năm {year}.",
        "en": "The planned date {planned_on} is not in quarter {quarter} of {year}.",
    },
    "meeting.thematic_quarter_missing": {
        "vi": "Kế hoạch sinh hoạt chuyên đề năm {year} phải có ít nhất {minimum} chuyên đề mỗi quý; "
        "còn thiếu ở quý {quarters}.",
        "en": "The {year} thematic plan needs at least {minimum} topic(s) in every quarter; "
        "quarter(s) {quarters} are short.",
    },
    "meeting.not_notified": {
        "vi": "Cuộc sinh hoạt chưa được thông báo; hãy ghi nhận thông báo trước khi ghi kết quả sinh hoạt.",
        "en": "The meeting has not been notified; record its notice before recording it as held.",
    },
    "meeting.already_held": {
        "vi": "Cuộc sinh hoạt đã được tổ chức nên không thể thay đổi.",
        "en": "The meeting has already been held and can no longer be changed.",
    },
    "meeting.already_cancelled": {
        "vi": "Cuộc sinh hoạt đã bị hủy nên không thể thay đổi.",
        "en": "The meeting has been cancelled and can no longer be changed.",
    },
    "meeting.cancel_reason_required": {
        "vi": "Phải nêu lý do hủy cuộc sinh hoạt.",
        "en": "A reason is required to cancel the meeting.",
    },
    "meeting.end_not_after_start": {
        "vi": "Giờ kết thúc ({ended_at}) phải sau giờ bắt đầu ({started_at}).",
        "en": "The end time ({ended_at}) must be after the start time ({started_at}).",
    },
}
