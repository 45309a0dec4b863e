from shared.i18n import register_messages

register_messages({
    "member.org_not_branch": {"vi": "Đảng viên chỉ sinh hoạt ở chi bộ (tổ chức này là {kind}).",
                              "en": "Members belong to a branch (this organisation is a {kind})."},
    "member.national_id_taken": {"vi": "Số căn cước này đã thuộc về một đảng viên khác.",
                                 "en": "This national ID number already belongs to another member."},
})
