"""Vietnamese and English texts for the attendance rule codes (placeholders match the raised values)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "attendance.roster_overlap": {
        "vi": "Đảng viên {member_id} có hai trạng thái sinh hoạt cùng lúc vào ngày {on}.",
        "en": "Member {member_id} has two overlapping roster statuses on {on}.",
    },
    "attendance.duplicate_mark": {
        "vi": "Đảng viên {member_id} đã được điểm danh; mỗi đảng viên chỉ có một kết quả điểm danh.",
        "en": "Member {member_id} is marked twice; each member has exactly one attendance mark.",
    },
    "attendance.member_exempt": {
        "vi": "Đảng viên {member_id} được miễn sinh hoạt nên không tính vào số phải dự; "
        "nếu có tham dự, hãy ghi là khách mời.",
        "en": "Member {member_id} is exempted from meetings and not expected; record them as a guest if present.",
    },
    "attendance.member_away": {
        "vi": "Đảng viên {member_id} đang sinh hoạt tạm thời nơi khác nên không tính vào số phải dự; "
        "nếu có tham dự, hãy ghi là khách mời.",
        "en": "Member {member_id} is temporarily attached elsewhere and not expected; "
        "record them as a guest if present.",
    },
    "attendance.unknown_member": {
        "vi": "Đảng viên {member_id} không có trong danh sách chi bộ vào ngày sinh hoạt.",
        "en": "Member {member_id} is not on the branch roster on the meeting date.",
    },
    "attendance.excused_reason_required": {
        "vi": "Đảng viên {member_id} vắng có lý do: phải ghi rõ lý do vắng mặt.",
        "en": "Member {member_id} is marked as excused: the reason for the absence is required.",
    },
    "attendance.marks_missing": {
        "vi": "Còn {count} đảng viên phải dự chưa được điểm danh: {member_ids}.",
        "en": "{count} expected member(s) have no attendance mark: {member_ids}.",
    },
}
