"""Vietnamese and English texts of the dues rules."""

MESSAGES: dict[str, dict[str, str]] = {
    "dues.basis_required": {
        "vi": "Cần mức lương (trợ cấp, lương hưu) làm căn cứ đóng đảng phí cho đối tượng {category}.",
        "en": "The salary (benefit, pension) basis is required for category {category}.",
    },
    "dues.amount_required": {
        "vi": "Cần mức đảng phí do tổ chức đảng quy định cho đối tượng {category}.",
        "en": "The amount set by the party organisation is required for category {category}.",
    },
    "dues.below_minimum": {
        "vi": "Mức đảng phí thấp hơn mức tối thiểu {minimum} đồng.",
        "en": "The dues are below the minimum of {minimum} VND.",
    },
    "dues.reduction_not_allowed": {
        "vi": "Chỉ được giảm đảng phí theo các mức {allowed} (%).",
        "en": "Dues may only be reduced by {allowed} (percent).",
    },
    "dues.reduction_too_long": {
        "vi": "Giảm đảng phí không quá {max_months} tháng.",
        "en": "A reduction lasts at most {max_months} months.",
    },
    "dues.amount_below_due": {
        "vi": "Số tiền nộp thấp hơn mức phải đóng ({amount_due} đồng); nếu có lý do chính đáng, hãy ghi lý do.",
        "en": "The amount paid is below the dues owed ({amount_due} VND); record a valid reason if there is one.",
    },
    "dues.receipt_required": {
        "vi": "Cần số biên lai thu đảng phí.",
        "en": "The receipt number is required.",
    },
    "dues.not_a_member": {
        "vi": "Người này không còn là đảng viên ({status}).",
        "en": "This person is no longer a party member ({status}).",
    },
    "dues.already_recorded": {
        "vi": "Đảng phí tháng này của đảng viên đã được ghi.",
        "en": "This member's dues for the month are already recorded.",
    },
    "dues.month_already_remitted": {
        "vi": "Tổ chức này đã ghi số thu, trích giữ lại và nộp cấp trên của tháng này.",
        "en": "This organisation has already recorded its month (received, retained, remitted).",
    },
    "dues.level_holds_no_dues": {
        "vi": "Cấp {kind} không thu, nộp đảng phí.",
        "en": "A {kind} does not collect or remit dues.",
    },
}
