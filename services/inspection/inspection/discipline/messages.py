"""Vietnamese and English texts for the discipline rule codes, and labels for the measures."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "discipline.number_required": {
        "vi": "Quyết định kỷ luật phải có số quyết định.",
        "en": "A discipline decision must have a number.",
    },
    "discipline.violation_after_decision": {
        "vi": "Ngày vi phạm {violation_on} không được sau ngày quyết định kỷ luật {decided_on}.",
        "en": "The violation date {violation_on} cannot be after the decision date {decided_on}.",
    },
    "discipline.measure_not_for_target": {
        "vi": "Hình thức kỷ luật {measure} không áp dụng cho đối tượng loại {target_kind}; "
        "các hình thức được áp dụng: {allowed}.",
        "en": "The measure {measure} does not apply to a target of kind {target_kind}; allowed: {allowed}.",
    },
    "discipline.probationary_measure": {
        "vi": "Đảng viên dự bị chỉ bị kỷ luật bằng hình thức {allowed}, không thể áp dụng {measure}.",
        "en": "A probationary member can only receive {allowed}, not {measure}.",
    },
    "discipline.no_post_to_remove": {
        "vi": "Không thể áp dụng hình thức {measure} (cách chức) với đảng viên không giữ chức vụ.",
        "en": "The measure {measure} cannot apply to a member who holds no post.",
    },
    "discipline.issuer_not_competent": {
        "vi": "Tổ chức đảng {issuing_org_id} không có thẩm quyền kỷ luật: phải là tổ chức đảng "
        "của đối tượng hoặc cấp trên của tổ chức {target_org_id}.",
        "en": "Organisation {issuing_org_id} is not competent: the issuer must be the target's own "
        "organisation or an ancestor of organisation {target_org_id}.",
    },
    "discipline.measure_beyond_competence": {
        "vi": "Cấp {level} không có thẩm quyền áp dụng hình thức {measure} đối với {standing}; "
        "cấp này chỉ được áp dụng: {allowed} (Điều lệ Đảng, Điều 36, 37).",
        "en": "A {level} may not impose {measure} on {standing}; it may only impose: {allowed} "
        "(Party Charter, Articles 36 and 37).",
    },
    "discipline.limitation_expired": {
        "vi": "Đã hết thời hiệu xử lý kỷ luật: hình thức {measure} có thời hiệu {years} năm "
        "kể từ ngày vi phạm {violation_on}, tức đến hết ngày {deadline}; "
        "ngày quyết định là {decided_on}.",
        "en": "The limitation period has expired: {measure} must be decided within {years} years of the "
        "violation on {violation_on}, i.e. by {deadline}; the decision date is {decided_on}.",
    },
    "inspection.label.measure.reprimand": {"vi": "khiển trách", "en": "reprimand"},
    "inspection.label.measure.warning": {"vi": "cảnh cáo", "en": "warning"},
    "inspection.label.measure.removal_from_post": {"vi": "cách chức", "en": "removal from post"},
    "inspection.label.measure.expulsion": {"vi": "khai trừ", "en": "expulsion"},
    "inspection.label.measure.dissolution": {"vi": "giải tán", "en": "dissolution"},
    "inspection.label.violation_category.internal_political_protection": {
        "vi": "vi phạm về chính trị nội bộ",
        "en": "internal political protection",
    },
    "inspection.label.violation_category.defence_security_foreign_affairs": {
        "vi": "vi phạm về quốc phòng, an ninh, đối ngoại có xâm hại đến lợi ích quốc gia",
        "en": "defence, security or foreign affairs harming the national interest",
    },
    "inspection.label.violation_category.illegal_qualifications": {
        "vi": "sử dụng văn bằng, chứng chỉ, chứng nhận không hợp pháp",
        "en": "use of unlawful diplomas or certificates",
    },
    "inspection.label.target_kind.member": {"vi": "đảng viên", "en": "member"},
    "inspection.label.target_kind.organisation": {"vi": "tổ chức đảng", "en": "organisation"},
}
