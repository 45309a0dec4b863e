"""Vietnamese labels of the figures a printed document shows, and the sections they are grouped in. Party
documents are written in Vietnamese, so the printed ones are (the dashboard's ``texts.js`` carries both
languages for the screen)."""

from __future__ import annotations

from shared.orgtree import OrgKind

LABELS: dict[str, str] = {
    "members_total": "Tổng số đảng viên",
    "members_official": "Đảng viên chính thức",
    "members_probationary": "Đảng viên dự bị",
    "members_exempt": "Đảng viên được miễn công tác và sinh hoạt",
    "members_temporarily_away": "Đảng viên sinh hoạt tạm thời nơi khác",
    "members_transfer_pending": "Đảng viên đang chuyển sinh hoạt",
    "members_male": "Nam",
    "members_female": "Nữ",
    "members_ethnic_minority": "Dân tộc thiểu số",
    "members_ethnic_minority_pct": "Tỷ lệ dân tộc thiểu số (%)",
    "age_under_30": "Dưới 30 tuổi",
    "age_30_40": "Từ 30 đến 40 tuổi",
    "age_41_50": "Từ 41 đến 50 tuổi",
    "age_51_60": "Từ 51 đến 60 tuổi",
    "age_over_60": "Trên 60 tuổi",
    "admissions": "Kết nạp đảng viên mới",
    "recognitions": "Công nhận đảng viên chính thức",
    "transfers_in": "Chuyển sinh hoạt đến",
    "transfers_out": "Chuyển sinh hoạt đi",
    "removals": "Xóa tên",
    "resignations": "Xin ra khỏi Đảng",
    "expulsions": "Khai trừ",
    "deaths": "Từ trần",
    "grassroots_committees": "Đảng bộ cơ sở",
    "grassroots_branches": "Chi bộ cơ sở",
    "branches": "Chi bộ trực thuộc",
    "regular_meetings_required": "Sinh hoạt thường kỳ phải tổ chức (chi bộ-tháng)",
    "regular_branch_months_met": "Sinh hoạt thường kỳ đã tổ chức (chi bộ-tháng)",
    "regular_meeting_rate": "Tỷ lệ sinh hoạt thường kỳ (%)",
    "thematic_meetings_required": "Sinh hoạt chuyên đề phải tổ chức (chi bộ-quý)",
    "thematic_branch_quarters_met": "Sinh hoạt chuyên đề đã tổ chức (chi bộ-quý)",
    "thematic_meeting_rate": "Tỷ lệ sinh hoạt chuyên đề (%)",
    "meetings_held": "Tổng số buổi sinh hoạt",
    "attendance_rate": "Tỷ lệ đảng viên dự sinh hoạt (%)",
    "meetings_attendance_90_share": "Buổi có từ 90% đảng viên dự (%)",
    "superior_attendance_share": "Buổi có cấp ủy cấp trên dự (%)",
    "meetings_resolution_share": "Buổi ra được nghị quyết (%)",
    "disciplines": "Kỷ luật (tổng số)",
    "discipline_member_reprimand": "Đảng viên bị khiển trách",
    "discipline_member_warning": "Đảng viên bị cảnh cáo",
    "discipline_member_removal_from_post": "Đảng viên bị cách chức",
    "discipline_member_expulsion": "Đảng viên bị khai trừ",
    "discipline_org_reprimand": "Tổ chức đảng bị khiển trách",
    "discipline_org_warning": "Tổ chức đảng bị cảnh cáo",
    "discipline_org_dissolution": "Tổ chức đảng bị giải tán",
    "inspections_opened": "Cuộc kiểm tra đã mở",
    "inspections_concluded": "Cuộc kiểm tra đã kết luận",
    "candidates_introduced": "Quần chúng được giới thiệu",
    "candidates_class_completed": "Hoàn thành lớp bồi dưỡng nhận thức về Đảng",
    "candidates_branch_voted": "Được chi bộ biểu quyết đề nghị kết nạp",
    "candidates_decided": "Có quyết định kết nạp",
    "candidates_withdrawn": "Rút khỏi danh sách",
}
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "I. Đảng viên",
        ["members_total", "members_official", "members_probationary", "members_exempt", "members_temporarily_away"],
    ),
    ("Cơ cấu", ["members_male", "members_female", "members_ethnic_minority", "members_ethnic_minority_pct"]),
    ("Độ tuổi", ["age_under_30", "age_30_40", "age_41_50", "age_51_60", "age_over_60"]),
    (
        "II. Biến động đảng viên trong kỳ",
        [
            "admissions",
            "recognitions",
            "transfers_in",
            "transfers_out",
            "removals",
            "resignations",
            "expulsions",
            "deaths",
        ],
    ),
    ("III. Tổ chức đảng", ["grassroots_committees", "grassroots_branches", "branches"]),
    (
        "IV. Sinh hoạt chi bộ",
        [
            "regular_meetings_required",
            "regular_branch_months_met",
            "regular_meeting_rate",
            "thematic_meetings_required",
            "thematic_branch_quarters_met",
            "thematic_meeting_rate",
            "meetings_held",
            "attendance_rate",
            "meetings_attendance_90_share",
            "superior_attendance_share",
        ],
    ),
    (
        "V. Kiểm tra, kỷ luật",
        [
            "inspections_opened",
            "inspections_concluded",
            "disciplines",
            "discipline_member_reprimand",
            "discipline_member_warning",
            "discipline_member_removal_from_post",
            "discipline_member_expulsion",
            "discipline_org_reprimand",
            "discipline_org_warning",
            "discipline_org_dissolution",
        ],
    ),
]
"""Sections of the periodic report; a heading without a number is a sub-heading of the one before."""
GRADES: list[tuple[str, str]] = [
    ("excellent", "Hoàn thành xuất sắc nhiệm vụ"),
    ("good", "Hoàn thành tốt nhiệm vụ"),
    ("completed", "Hoàn thành nhiệm vụ"),
    ("not_completed", "Không hoàn thành nhiệm vụ"),
]
COMMITTEE: dict[str, str] = {
    OrgKind.PROVINCE: "Ban Thường vụ Tỉnh ủy",
    OrgKind.DISTRICT: "Ban Thường vụ Huyện ủy",
    OrgKind.GRASSROOTS_COMMITTEE: "Đảng ủy",
    OrgKind.PARTIAL_COMMITTEE: "Đảng ủy",
    OrgKind.GRASSROOTS_BRANCH: "Chi ủy",
    OrgKind.BRANCH: "Chi ủy",
}
"""Who signs for the organisation ("T/M …"): the standing committee of a province or district, the committee of a
grassroots or partial committee, the branch committee of a branch (Hướng dẫn 36-HD/VPTW: thể thức đề ký)."""
