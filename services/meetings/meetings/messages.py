"""Vietnamese and English texts for the codes the commands and queries raise (the pure rules' codes are in
each feature's ``messages.py``)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "meeting.not_found": {
        "vi": "Không tìm thấy buổi sinh hoạt {meeting_id} trong phạm vi của bạn.",
        "en": "Meeting {meeting_id} was not found within your scope.",
    },
    "meeting.org_not_branch": {
        "vi": "Tổ chức {org_id} ({kind}) không phải chi bộ; chỉ chi bộ tổ chức sinh hoạt.",
        "en": "Organisation {org_id} ({kind}) is not a branch; only branches hold meetings.",
    },
    "meeting.branch_not_active": {
        "vi": "Chi bộ {org_id} không còn hoạt động (trạng thái {status}).",
        "en": "Branch {org_id} is no longer active (status {status}).",
    },
    "meeting.no_branches": {
        "vi": "Không có chi bộ đang hoạt động nào thuộc tổ chức {org_id}.",
        "en": "There is no active branch under organisation {org_id}.",
    },
    "meeting.plan_not_found": {
        "vi": "Không tìm thấy kế hoạch chuyên đề {plan_id} của chi bộ này.",
        "en": "Thematic plan {plan_id} of this branch was not found.",
    },
    "meeting.held_in_future": {
        "vi": "Không thể ghi nhận buổi sinh hoạt kết thúc lúc {ended_at}, sau hiện tại.",
        "en": "A meeting ending at {ended_at}, in the future, cannot be recorded as held.",
    },
    "meeting.start_far_from_date": {
        "vi": "Giờ bắt đầu {started_at} cách ngày sinh hoạt {meeting_date} quá xa; hãy dời lịch trước.",
        "en": "Start {started_at} is far from the meeting date {meeting_date}; reschedule it first.",
    },
    "attendance.superior_not_above": {
        "vi": "Tổ chức {committee_org_id} không phải cấp ủy cấp trên của chi bộ.",
        "en": "Organisation {committee_org_id} is not a superior committee of the branch.",
    },
    "attendance.roster_unknown": {
        "vi": "Chưa nhận được danh sách đảng viên của chi bộ {org_id}; hãy thử lại sau.",
        "en": "Branch {org_id}'s roster has not arrived yet; try again shortly.",
    },
    "plan.exists": {
        "vi": "Chi bộ đã có kế hoạch chuyên đề năm {year} ({plan_id}); hãy sửa kế hoạch đó.",
        "en": "The branch already has a {year} thematic plan ({plan_id}); revise that one.",
    },
    "plan.not_found": {
        "vi": "Không tìm thấy kế hoạch {plan_id} trong phạm vi của bạn.",
        "en": "Plan {plan_id} was not found within your scope.",
    },
    "rubric.not_found": {
        "vi": "Không tìm thấy bộ tiêu chí {rubric_id} trong phạm vi của bạn.",
        "en": "Rubric {rubric_id} was not found within your scope.",
    },
    "rubric.org_not_province": {
        "vi": "Bộ tiêu chí do đảng bộ tỉnh quy định; {org_id} là {kind}.",
        "en": "Rubrics are set by a province; {org_id} is a {kind}.",
    },
    "rubric.exists": {
        "vi": "Tỉnh đã có bộ tiêu chí áp dụng từ {effective_from}.",
        "en": "The province already has a rubric effective from {effective_from}.",
    },
    "evaluation.not_found": {
        "vi": "Buổi sinh hoạt {meeting_id} chưa có phiếu đánh giá.",
        "en": "Meeting {meeting_id} has no evaluation form yet.",
    },
    "evaluation.meeting_not_held": {
        "vi": "Chỉ đánh giá buổi sinh hoạt đã diễn ra (trạng thái hiện tại {status}).",
        "en": "Only a held meeting is evaluated (current status {status}).",
    },
    "evaluation.already_confirmed": {
        "vi": "Phiếu đánh giá đã được xác nhận, không sửa được nữa.",
        "en": "The evaluation form is confirmed and can no longer change.",
    },
    "evaluation.confirmer_not_attending": {
        "vi": "Chỉ đại diện cấp ủy cấp trên dự buổi sinh hoạt mới xác nhận phiếu (tổ chức của bạn: {org_id}).",
        "en": "Only the attending superior committee confirms the form (your organisation: {org_id}).",
    },
    "compliance.as_of_invalid": {
        "vi": "Ngày tính {as_of} trước khi kỳ {period} bắt đầu.",
        "en": "As-of date {as_of} is before period {period} starts.",
    },
}
