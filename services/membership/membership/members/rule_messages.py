"""Vietnamese and English texts of the member status rule codes (``members.rules`` and ``members.limits``).

Kept apart from ``messages.py`` (the texts of the member commands) so that the pure rules and their texts
travel together; ``membership.members`` imports it, so the texts are registered wherever a rule can raise.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "member.invalid_transition": {
        "vi": "Không thể thực hiện thao tác «{command}» với đảng viên đang ở trạng thái «{current}».",
        "en": "The command '{command}' is not allowed for a member whose status is '{current}'.",
    },
    "member.exemption_requires_official": {
        "vi": "Chỉ đảng viên chính thức mới được miễn công tác và sinh hoạt đảng (trạng thái hiện tại: «{current}»).",
        "en": "Only an official member can be exempted from party work and meetings (status: '{current}').",
    },
    "member.expel_probationary": {
        "vi": "Không thi hành kỷ luật khai trừ đối với đảng viên dự bị; chi bộ xem xét xóa tên "
        "(trạng thái hiện tại: «{current}»).",
        "en": "A probationary member cannot be expelled; the branch considers removal from the rolls "
        "instead (status: '{current}').",
    },
    "member.transfer_not_allowed": {
        "vi": "Không thể chuyển sinh hoạt đảng loại «{transfer_kind}» khi đảng viên đang ở trạng thái «{current}».",
        "en": "A '{transfer_kind}' transfer is not allowed while the member's status is '{current}'.",
    },
    "member.removal_reason_not_applicable": {
        "vi": "Lý do xóa tên «{reason}» không áp dụng cho đảng viên «{standing}».",
        "en": "The removal reason '{reason}' does not apply to a member who is '{standing}'.",
    },
    "member.removal_grounds_insufficient": {
        "vi": "Chưa đủ căn cứ xóa tên vì lý do «{reason}»: {months} tháng trong năm, cần ít nhất {threshold} tháng.",
        "en": "Not enough grounds for removal ('{reason}'): {months} months in the year, at least "
        "{threshold} are required.",
    },
    "member.transfer_presented_before_issue": {
        "vi": "Ngày xuất trình giấy giới thiệu ({presented_on}) trước ngày giới thiệu chuyển đi ({issued_on}).",
        "en": "The transfer letter is presented ({presented_on}) before it was issued ({issued_on}).",
    },
    "member.transfer_presented_late": {
        "vi": "Giấy giới thiệu sinh hoạt đảng cấp ngày {issued_on} được xuất trình ngày {presented_on}, "
        "quá thời hạn {limit_days} ngày (hạn {deadline}).",
        "en": "The transfer letter issued on {issued_on} was presented on {presented_on}, after the "
        "{limit_days}-day limit ({deadline}).",
    },
    "member.temporary_period_invalid": {
        "vi": "Ngày kết thúc sinh hoạt tạm thời ({ends_on}) phải sau ngày bắt đầu ({starts_on}).",
        "en": "The temporary transfer must end ({ends_on}) after it starts ({starts_on}).",
    },
    "member.temporary_too_short": {
        "vi": "Thời gian sinh hoạt tạm thời {months} tháng, ít hơn {min_months} tháng.",
        "en": "A temporary transfer of {months} months is shorter than {min_months} months.",
    },
    "member.temporary_too_long": {
        "vi": "Thời gian sinh hoạt tạm thời ({months} tháng) vượt quá giới hạn {max_months} tháng; "
        "cần chuyển sinh hoạt đảng chính thức.",
        "en": "A temporary transfer of {months} months exceeds the {max_months}-month limit; "
        "a permanent transfer is needed.",
    },
    "member.transfer_wrong_branch": {
        "vi": "Giấy giới thiệu chuyển sinh hoạt đảng ghi chi bộ {expected}, không phải {org_id}.",
        "en": "The transfer letter names branch {expected}, not {org_id}.",
    },
    "member.host_already_accepted": {
        "vi": "Chi bộ nơi sinh hoạt tạm thời đã tiếp nhận đảng viên này ngày {accepted_on}.",
        "en": "The host branch already accepted this member on {accepted_on}.",
    },
    "member.abroad_destination_required": {
        "vi": "Chuyển sinh hoạt đảng ra nước ngoài: cần ghi tổ chức đảng nơi đến (to_description).",
        "en": "A transfer abroad needs the receiving party organisation abroad (to_description).",
    },
}
