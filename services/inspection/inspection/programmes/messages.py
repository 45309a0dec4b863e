"""Vietnamese and English texts for the programme rule codes, and labels for kinds and states."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "programmes.kind_requires_organisation": {
        "vi": "Nội dung {kind} chỉ áp dụng với tổ chức đảng, không áp dụng với {target_kind}.",
        "en": "An item of kind {kind} targets an organisation, not a {target_kind}.",
    },
    "programmes.target_outside_jurisdiction": {
        "vi": "Cấp ủy {committee_id} không có thẩm quyền kiểm tra, giám sát đối tượng thuộc "
        "tổ chức {target_org_id}: chỉ kiểm tra đảng viên của mình và tổ chức đảng cấp dưới.",
        "en": "Committee {committee_id} cannot inspect a target of organisation {target_org_id}: "
        "only its own members and the organisations below it.",
    },
    "programmes.invalid_transition": {
        "vi": "Không thể chuyển cuộc kiểm tra, giám sát từ trạng thái {from_state} sang {to_state}.",
        "en": "An inspection item cannot move from {from_state} to {to_state}.",
    },
    "programmes.concluded_before_started": {
        "vi": "Ngày kết luận {concluded_on} không được trước ngày bắt đầu {started_on}.",
        "en": "The conclusion date {concluded_on} cannot be before the start date {started_on}.",
    },
    "programmes.findings_required": {
        "vi": "Kết luận kiểm tra, giám sát phải có nội dung kết quả (những phát hiện).",
        "en": "A conclusion must state its findings.",
    },
    "programmes.measure_without_violation": {
        "vi": "Không thể đề nghị hình thức kỷ luật {measure} khi kết luận không có vi phạm.",
        "en": "The measure {measure} cannot be recommended when no violation was found.",
    },
    "programmes.measure_not_for_target": {
        "vi": "Hình thức kỷ luật {measure} không áp dụng cho đối tượng loại {target_kind}; "
        "các hình thức được áp dụng: {allowed}.",
        "en": "The measure {measure} does not apply to a target of kind {target_kind}; allowed: {allowed}.",
    },
    "inspection.label.item_kind.regular_supervision": {
        "vi": "giám sát thường xuyên",
        "en": "regular supervision",
    },
    "inspection.label.item_kind.thematic_supervision": {
        "vi": "giám sát chuyên đề",
        "en": "thematic supervision",
    },
    "inspection.label.item_kind.inspection_on_signs_of_violation": {
        "vi": "kiểm tra khi có dấu hiệu vi phạm",
        "en": "inspection upon signs of violation",
    },
    "inspection.label.item_kind.inspection_of_discipline_work": {
        "vi": "kiểm tra việc thi hành kỷ luật trong Đảng",
        "en": "inspection of discipline work",
    },
    "inspection.label.item_state.planned": {"vi": "kế hoạch", "en": "planned"},
    "inspection.label.item_state.in_progress": {"vi": "đang tiến hành", "en": "in progress"},
    "inspection.label.item_state.concluded": {"vi": "đã kết luận", "en": "concluded"},
}
