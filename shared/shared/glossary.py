"""The domain's vocabulary in Vietnamese and English (domain.md's glossary).

Codes such as ``branch`` or ``probationary`` are stable API values; when a message names one, the reader sees the
word of their language. Every service shares this vocabulary because they all speak of the same tree, members and
measures; a service adds its own words with ``shared.i18n.register_terms``.
"""

TERMS: dict[str, dict[str, str]] = {
    # organisations
    "province": {"vi": "đảng bộ tỉnh", "en": "province"},
    "district": {"vi": "đảng bộ huyện", "en": "district"},
    "grassroots_committee": {"vi": "đảng bộ cơ sở", "en": "grassroots committee"},
    "grassroots_branch": {"vi": "chi bộ cơ sở", "en": "grassroots branch"},
    "partial_committee": {"vi": "đảng bộ bộ phận", "en": "partial committee"},
    "branch": {"vi": "chi bộ trực thuộc", "en": "branch"},
    "organisation": {"vi": "tổ chức đảng", "en": "organisation"},
    # member standings and statuses
    "probationary": {"vi": "dự bị", "en": "probationary"},
    "official": {"vi": "chính thức", "en": "official"},
    "exempt": {"vi": "miễn công tác và sinh hoạt", "en": "exempt"},
    "transfer_pending": {"vi": "đang chuyển sinh hoạt", "en": "transfer pending"},
    "temporarily_away": {"vi": "sinh hoạt tạm thời nơi khác", "en": "temporarily away"},
    "removed": {"vi": "đã xóa tên", "en": "removed from the rolls"},
    "resigned": {"vi": "đã xin ra khỏi Đảng", "en": "resigned"},
    "expelled": {"vi": "đã bị khai trừ", "en": "expelled"},
    "deceased": {"vi": "đã từ trần", "en": "deceased"},
    # people
    "male": {"vi": "nam", "en": "male"},
    "female": {"vi": "nữ", "en": "female"},
    "other": {"vi": "khác", "en": "other"},
    "secretary": {"vi": "bí thư", "en": "secretary"},
    "deputy_secretary": {"vi": "phó bí thư", "en": "deputy secretary"},
    "committee_member": {"vi": "cấp ủy viên", "en": "committee member"},
    # transfers
    "permanent": {"vi": "chính thức", "en": "permanent"},
    "temporary": {"vi": "tạm thời", "en": "temporary"},
    "internal": {"vi": "nội bộ", "en": "internal"},
    # discipline and classification
    "reprimand": {"vi": "khiển trách", "en": "reprimand"},
    "warning": {"vi": "cảnh cáo", "en": "warning"},
    "removal_from_post": {"vi": "cách chức", "en": "removal from post"},
    "expulsion": {"vi": "khai trừ", "en": "expulsion"},
    "dissolution": {"vi": "giải tán", "en": "dissolution"},
    "excellent": {"vi": "hoàn thành xuất sắc nhiệm vụ", "en": "excellent"},
    "good": {"vi": "hoàn thành tốt nhiệm vụ", "en": "good"},
    "completed": {"vi": "hoàn thành nhiệm vụ", "en": "completed"},
    "not_completed": {"vi": "không hoàn thành nhiệm vụ", "en": "not completed"},
    # meetings
    "regular": {"vi": "thường kỳ", "en": "regular"},
    "thematic": {"vi": "chuyên đề", "en": "thematic"},
    "combined": {"vi": "thường kỳ kết hợp chuyên đề", "en": "combined"},
    # resources named in "not found" messages
    "member": {"vi": "đảng viên", "en": "member"},
    "candidate": {"vi": "quần chúng", "en": "candidate"},
    "import": {"vi": "lượt nhập dữ liệu", "en": "import"},
    "holiday": {"vi": "ngày nghỉ", "en": "holiday"},
    "target": {"vi": "chỉ tiêu", "en": "target"},
    "flag": {"vi": "cờ cảnh báo", "en": "flag"},
    "dead letter": {"vi": "thông điệp lỗi", "en": "dead letter"},
    "meeting": {"vi": "buổi sinh hoạt", "en": "meeting"},
    "roster": {"vi": "danh sách sinh hoạt của chi bộ", "en": "the roster of branch"},
    "discipline": {"vi": "quyết định kỷ luật", "en": "discipline"},
    "appeal": {"vi": "đơn khiếu nại", "en": "appeal"},
    "programme": {"vi": "chương trình kiểm tra", "en": "programme"},
    # organisation and record states
    "active": {"vi": "đang hoạt động", "en": "active"},
    "merged": {"vi": "đã hợp nhất", "en": "merged"},
    "dissolved": {"vi": "đã giải thể", "en": "dissolved"},
    "current": {"vi": "đang có hiệu lực", "en": "current"},
    "superseded": {"vi": "đã được thay thế", "en": "superseded"},
    "draft": {"vi": "bản nháp", "en": "draft"},
    "confirmed": {"vi": "đã xác nhận", "en": "confirmed"},
    "running": {"vi": "đang xử lý", "en": "running"},
    "done": {"vi": "đã xong", "en": "done"},
    "failed": {"vi": "thất bại", "en": "failed"},
    # admission stages, deadlines and readmission
    "introduced": {"vi": "đã được giới thiệu", "en": "introduced"},
    "class_completed": {"vi": "đã học lớp nhận thức về Đảng", "en": "class completed"},
    "introducers_assigned": {"vi": "đã phân công đảng viên giúp đỡ", "en": "introducers assigned"},
    "branch_voted": {"vi": "chi bộ đã biểu quyết", "en": "branch voted"},
    "committee_reviewed": {"vi": "đảng ủy cơ sở đã xét", "en": "committee reviewed"},
    "decided": {"vi": "đã có quyết định", "en": "decided"},
    "ceremony_held": {"vi": "đã tổ chức lễ kết nạp", "en": "ceremony held"},
    "withdrawn": {"vi": "đã rút hồ sơ", "en": "withdrawn"},
    "decision": {"vi": "quyết định kết nạp", "en": "decision"},
    "ceremony": {"vi": "lễ kết nạp", "en": "ceremony"},
    "probation_end": {"vi": "hết thời kỳ dự bị", "en": "end of probation"},
    "recognition": {"vi": "xét công nhận đảng viên chính thức", "en": "recognition"},
    "transfer_presentation": {"vi": "nộp giấy giới thiệu sinh hoạt đảng", "en": "transfer presentation"},
    "youth_union": {"vi": "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "en": "Youth Union"},
    "trade_union": {"vi": "công đoàn cơ sở", "en": "trade union"},
    "abandoned": {"vi": "tự bỏ sinh hoạt đảng", "en": "abandoned party activity"},
    "resigned_family_hardship": {
        "vi": "xin ra khỏi Đảng vì hoàn cảnh gia đình đặc biệt khó khăn",
        "en": "resigned for family hardship",
    },
    "serious_disunity": {"vi": "gây mất đoàn kết nội bộ nghiêm trọng", "en": "serious disunity"},
    "convicted_corruption": {"vi": "bị kết án về tội tham nhũng", "en": "convicted of corruption"},
    "convicted_serious": {"vi": "bị kết án về tội nghiêm trọng trở lên", "en": "convicted of a serious crime"},
    "convicted_less_serious": {"vi": "bị kết án về tội ít nghiêm trọng", "en": "convicted of a less serious crime"},
    # member changes
    "abroad": {"vi": "ra nước ngoài", "en": "abroad"},
    "not_recognised": {"vi": "không được công nhận đảng viên chính thức", "en": "not recognised"},
    "absence_3_months": {"vi": "bỏ sinh hoạt 3 tháng trong năm", "en": "absent 3 months in a year"},
    "dues_3_months": {"vi": "không đóng đảng phí 3 tháng trong năm", "en": "dues unpaid 3 months in a year"},
    "reduce": {"vi": "giảm công tác và sinh hoạt", "en": "reduce"},
    "working_weekend": {"vi": "ngày cuối tuần làm bù", "en": "working weekend"},
    # meetings
    "scheduled": {"vi": "đã lên lịch", "en": "scheduled"},
    "notified": {"vi": "đã thông báo", "en": "notified"},
    "held": {"vi": "đã tổ chức", "en": "held"},
    "cancelled": {"vi": "đã hủy", "en": "cancelled"},
    "present": {"vi": "có mặt", "en": "present"},
    "excused": {"vi": "vắng có lý do", "en": "excused"},
    "unexcused": {"vi": "vắng không lý do", "en": "unexcused"},
    "fair": {"vi": "khá", "en": "fair"},
    "average": {"vi": "trung bình", "en": "average"},
    "poor": {"vi": "kém", "en": "poor"},
    "month": {"vi": "tháng", "en": "month"},
    "quarter": {"vi": "quý", "en": "quarter"},
    "year": {"vi": "năm", "en": "year"},
    # inspection, discipline, appeals and classification
    "regular_supervision": {"vi": "giám sát thường xuyên", "en": "regular supervision"},
    "thematic_supervision": {"vi": "giám sát chuyên đề", "en": "thematic supervision"},
    "inspection_on_signs_of_violation": {
        "vi": "kiểm tra khi có dấu hiệu vi phạm",
        "en": "inspection on signs of violation",
    },
    "inspection_of_discipline_work": {
        "vi": "kiểm tra việc thi hành kỷ luật trong Đảng",
        "en": "inspection of discipline work",
    },
    "planned": {"vi": "đã lập kế hoạch", "en": "planned"},
    "in_progress": {"vi": "đang tiến hành", "en": "in progress"},
    "concluded": {"vi": "đã kết luận", "en": "concluded"},
    "in_force": {"vi": "đang có hiệu lực", "en": "in force"},
    "lodged": {"vi": "đã nộp", "en": "lodged"},
    "upheld": {"vi": "giữ nguyên", "en": "upheld"},
    "reduced": {"vi": "giảm hình thức kỷ luật", "en": "reduced"},
    "increased": {"vi": "tăng hình thức kỷ luật", "en": "increased"},
    "annulled": {"vi": "xóa bỏ quyết định kỷ luật", "en": "annulled"},
    "central_inspection_commission": {"vi": "Ủy ban Kiểm tra Trung ương", "en": "Central Inspection Commission"},
    "secretariat": {"vi": "Ban Bí thư", "en": "Secretariat"},
    "internal_political_protection": {
        "vi": "vi phạm về bảo vệ chính trị nội bộ",
        "en": "internal political protection",
    },
    "defence_security_foreign_affairs": {
        "vi": "vi phạm về quốc phòng, an ninh, đối ngoại",
        "en": "defence, security and foreign affairs",
    },
    "illegal_qualifications": {
        "vi": "sử dụng văn bằng, chứng chỉ không hợp pháp",
        "en": "illegal qualifications",
    },
    "total": {"vi": "tổng số được xếp loại", "en": "everyone rated"},
    # party-age badges: why a badge is awarded early
    "illness": {"vi": "ốm đau hiểm nghèo", "en": "serious illness"},
    "posthumous": {"vi": "truy tặng", "en": "posthumous"},
    # party dues: who pays what (01-QĐ/TW 2026)
    "salaried": {"vi": "đảng viên đóng bảo hiểm xã hội bắt buộc", "en": "salaried"},
    "sick_leave": {"vi": "đảng viên hưởng trợ cấp ốm đau, thai sản", "en": "on sickness or maternity benefit"},
    "pensioner": {"vi": "đảng viên hưởng lương hưu", "en": "pensioner"},
    "student": {"vi": "đảng viên là học sinh, sinh viên", "en": "student"},
    # party cards and political theory (member records)
    "issued": {"vi": "cấp thẻ", "en": "issued"},
    "lost": {"vi": "mất thẻ", "en": "lost"},
    "reissued": {"vi": "cấp lại thẻ", "en": "reissued"},
    "none": {"vi": "chưa qua đào tạo", "en": "none"},
    "elementary": {"vi": "sơ cấp", "en": "elementary"},
    "intermediate": {"vi": "trung cấp", "en": "intermediate"},
    "advanced": {"vi": "cao cấp", "en": "advanced"},
    "bachelor": {"vi": "cử nhân", "en": "bachelor"},
    # roles
    "admin": {"vi": "quản trị viên", "en": "admin"},
    "organiser": {"vi": "cán bộ tổ chức", "en": "organiser"},
    "inspector": {"vi": "cán bộ kiểm tra", "en": "inspector"},
    "viewer": {"vi": "người xem", "en": "viewer"},
    "integration": {"vi": "hệ thống tích hợp", "en": "integration"},
}


def _with_member_categories() -> None:
    """The statistical forms' categories (education, qualification, occupation, religion) are domain words too."""
    from shared.member_categories import terms

    for code, words in terms().items():
        TERMS.setdefault(code, words)


_with_member_categories()
