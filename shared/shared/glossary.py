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
    "discipline": {"vi": "quyết định kỷ luật", "en": "discipline"},
    "appeal": {"vi": "đơn khiếu nại", "en": "appeal"},
    "programme": {"vi": "chương trình kiểm tra", "en": "programme"},
    # roles
    "admin": {"vi": "quản trị viên", "en": "admin"},
    "organiser": {"vi": "cán bộ tổ chức", "en": "organiser"},
    "inspector": {"vi": "cán bộ kiểm tra", "en": "inspector"},
    "viewer": {"vi": "người xem", "en": "viewer"},
    "integration": {"vi": "hệ thống tích hợp", "en": "integration"},
}
