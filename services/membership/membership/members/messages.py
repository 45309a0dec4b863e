"""Vietnamese and English texts of the member commands' own codes (the status rules' texts are in rule_messages)."""

from shared.faults import register_unique_rule

MESSAGES: dict[str, dict[str, str]] = {
    "member.org_not_branch": {
        "vi": "Đảng viên chỉ sinh hoạt ở chi bộ (tổ chức này là {kind}).",
        "en": "Members belong to a branch (this organisation is a {kind}).",
    },
    "member.national_id_unavailable": {
        "vi": "Không thể dùng số CCCD này ở đây.",
        "en": "This national ID cannot be used here.",
    },
    "member.external_id_unavailable": {
        "vi": "Không thể dùng mã hồ sơ (hệ thống nguồn và mã) này ở đây.",
        "en": "This external id (source system and id) cannot be used here.",
    },
    "member.external_id_taken": {
        "vi": "Mã hồ sơ này (hệ thống nguồn và mã) đã thuộc về một đảng viên khác.",
        "en": "This external id (source system and id) already belongs to another member.",
    },
    "member.caller_stopped": {
        "vi": "Tạm dừng: quá {limit} lần dùng số CCCD hoặc mã hồ sơ không thể dùng ở đây trong {hours} giờ; "
        "việc này đã được ghi lại.",
        "en": "Stopped: more than {limit} national IDs or external ids unavailable here were tried within {hours} "
        "hours; this has been recorded.",
    },
    "member.national_id_taken": {
        "vi": "Số căn cước này đã thuộc về một đảng viên khác.",
        "en": "This national ID number already belongs to another member.",
    },
    "member.ceremony_date_unknown": {
        "vi": "Chưa có ngày lễ kết nạp (hoặc ngày kết nạp) nên không tính được thời kỳ dự bị.",
        "en": "The admission ceremony (or admission) date is unknown, so probation cannot be counted.",
    },
    "member.transfer_target_required": {
        "vi": "Cần chọn chi bộ nơi chuyển đến.",
        "en": "The receiving branch is required.",
    },
    "member.transfer_target_unknown": {
        "vi": "Không có chi bộ {org_id} nào có thể nhận đảng viên chuyển đến.",
        "en": "No branch {org_id} that can receive the member is known.",
    },
    "member.internal_transfer_other_grassroots": {
        "vi": "Chuyển sinh hoạt nội bộ chỉ giữa các chi bộ của cùng một đảng bộ cơ sở ({org_id}).",
        "en": "An internal transfer moves a member between branches of one grassroots organisation ({org_id}).",
    },
    "member.temporary_end_required": {
        "vi": "Cần ngày kết thúc sinh hoạt tạm thời.",
        "en": "A temporary transfer needs its end date.",
    },
    "member.not_yet_recorded": {
        "vi": "Đảng viên {id} chưa có trong hệ thống vào ngày {as_of}.",
        "en": "Member {id} was not yet recorded on {as_of}.",
    },
    "member.search_too_short": {
        "vi": "Từ khóa tìm kiếm cần ít nhất {min_length} ký tự.",
        "en": "The search needs at least {min_length} characters.",
    },
}

# a concurrent registration that passes the check above meets the constraint: the same rule, not a generic one
register_unique_rule("uq_members_national_id", "member.national_id_taken", field="national_id")
register_unique_rule("uq_members_external_ref", "member.external_id_taken", field="external_id")
