"""Vietnamese and English texts of the badge rules."""

MESSAGES: dict[str, dict[str, str]] = {
    "badge.not_an_award_day": {
        "vi": "Huy hiệu Đảng được trao vào dịp 3/2, 19/5, 2/9, 7/11 ({day} không phải); dịp khác cần ghi lý do.",
        "en": "Party badges are awarded on 3 Feb, 19 May, 2 Sep or 7 Nov ({day} is not); another occasion "
        "needs a recorded reason.",
    },
    "badge.not_reached": {
        "vi": "Tuổi đảng ({party_age_months} tháng) chưa đủ mốc {milestone} năm.",
        "en": "Party age ({party_age_months} months) has not reached {milestone} years.",
    },
    "badge.already_awarded": {
        "vi": "Đảng viên đã được tặng Huy hiệu {milestone} năm tuổi đảng hoặc cao hơn.",
        "en": "The member already holds the {milestone}-year badge or a higher one.",
    },
    "badge.unknown_milestone": {
        "vi": "Không có Huy hiệu {milestone} năm tuổi đảng.",
        "en": "There is no {milestone}-year party badge.",
    },
    "badge.disciplined": {
        "vi": "Đảng viên bị kỷ luật: chưa xét tặng Huy hiệu trước ngày {eligible_from}.",
        "en": "The member was disciplined: no badge before {eligible_from}.",
    },
    "badge.not_a_member": {
        "vi": "Người đã ra khỏi Đảng (xóa tên, xin ra, khai trừ) không được xét tặng Huy hiệu Đảng.",
        "en": "A person who left the party (removed, resigned, expelled) receives no party badge.",
    },
    "badge.posthumous_only": {
        "vi": "Đảng viên đã từ trần: chỉ xét truy tặng (kind = posthumous).",
        "en": "The member has died: only a posthumous award (kind = posthumous).",
    },
    "badge.posthumous_not_deceased": {
        "vi": "Chỉ truy tặng Huy hiệu cho đảng viên đã từ trần.",
        "en": "A posthumous award is only for a member who has died.",
    },
}
