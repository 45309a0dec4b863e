"""Vietnamese and English texts for the codes the service layer raises (the pure rules register their own)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "inspection.concurrent_change": {
        "vi": "Một yêu cầu khác vừa ghi cùng dữ liệu này; hãy tải lại rồi thử lại.",
        "en": "Another request wrote the same record at the same time; reload and try again.",
    },
    "member.not_found": {
        "vi": "Không tìm thấy đảng viên {member_id} (hoặc đảng viên không thuộc phạm vi của bạn).",
        "en": "Member {member_id} was not found (or is outside your scope).",
    },
    "programme.not_found": {
        "vi": "Không tìm thấy chương trình kiểm tra, giám sát.",
        "en": "The inspection programme was not found.",
    },
    "inspection.not_found": {
        "vi": "Không tìm thấy cuộc kiểm tra, giám sát.",
        "en": "The inspection item was not found.",
    },
    "discipline.not_found": {
        "vi": "Không tìm thấy quyết định kỷ luật.",
        "en": "The discipline decision was not found.",
    },
    "appeal.not_found": {
        "vi": "Không tìm thấy đơn khiếu nại kỷ luật.",
        "en": "The appeal was not found.",
    },
    "classification.not_found": {
        "vi": "Không tìm thấy đợt xếp loại.",
        "en": "The classification batch was not found.",
    },
    "inspection.org_not_active": {
        "vi": "Tổ chức đảng {org_id} không còn hoạt động (trạng thái {status}).",
        "en": "Organisation {org_id} is no longer active (status {status}).",
    },
    "inspection.member_not_active": {
        "vi": "Đảng viên {member_id} không còn sinh hoạt đảng (trạng thái {status}).",
        "en": "Member {member_id} is no longer an active party member (status {status}).",
    },
    "programmes.programme_exists": {
        "vi": "Cấp ủy {committee_id} đã có chương trình kiểm tra, giám sát năm {year}.",
        "en": "Committee {committee_id} already has an inspection programme for {year}.",
    },
    "discipline.decision_number_taken": {
        "vi": "Tổ chức {issuing_org_id} đã có quyết định kỷ luật số {number}.",
        "en": "Organisation {issuing_org_id} already issued a decision numbered {number}.",
    },
    "discipline.effective_before_decision": {
        "vi": "Ngày có hiệu lực {effective_date} không được trước ngày quyết định {decided_on}.",
        "en": "The effective date {effective_date} cannot be before the decision date {decided_on}.",
    },
    "appeals.already_lodged": {
        "vi": "Quyết định kỷ luật này đã có đơn khiếu nại ({appeal_id}); khiếu nại tiếp gửi lên cấp trên.",
        "en": "This decision already has an appeal ({appeal_id}); a further appeal goes to the next level up.",
    },
    "appeals.decider_not_competent": {
        "vi": "Chỉ cấp giải quyết khiếu nại ({heard_by}) hoặc cấp trên của cấp đó mới được quyết định.",
        "en": "Only the level hearing the appeal ({heard_by}), or one above it, may decide it.",
    },
    "classification.batch_exists": {
        "vi": "Tổ chức {org_id} đã gửi xếp loại năm {year} cho đối tượng {target_type} (đợt {batch_id}); "
        "hãy thay thế đợt đó (PUT kèm If-Match).",
        "en": "Organisation {org_id} already submitted the {year} classification of {target_type} "
        "(batch {batch_id}); replace that batch (PUT with If-Match).",
    },
    "classification.subject_outside_org": {
        "vi": "Đối tượng {target_id} không thuộc tổ chức {org_id} gửi xếp loại.",
        "en": "Subject {target_id} does not belong to the submitting organisation {org_id}.",
    },
    "classification.subject_already_classified": {
        "vi": "Đối tượng {target_id} đã được xếp loại năm {year} trong đợt {batch_id} của tổ chức khác.",
        "en": "Subject {target_id} was already classified for {year} in batch {batch_id} of another organisation.",
    },
}
