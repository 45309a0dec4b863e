"""Vietnamese and English texts for the appeal rule codes, and labels for the outcomes."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "appeals.received_before_decision": {
        "vi": "Ngày nhận quyết định {received_on} không được trước ngày ký quyết định {decided_on}.",
        "en": "The decision cannot be received on {received_on}, before it was issued on {decided_on}.",
    },
    "appeals.lodged_before_receipt": {
        "vi": "Ngày khiếu nại {lodged_on} không được trước ngày nhận quyết định {received_on}.",
        "en": "The appeal date {lodged_on} cannot be before the decision was received on {received_on}.",
    },
    "appeals.window_expired": {
        "vi": "Quá thời hạn khiếu nại: chỉ được khiếu nại trong vòng {months} tháng kể từ ngày nhận "
        "quyết định {received_on}, tức đến hết ngày {deadline}; ngày khiếu nại là {lodged_on}.",
        "en": "The appeal is too late: it must be lodged within {months} month(s) of receiving the "
        "decision on {received_on}, i.e. by {deadline}; it was lodged on {lodged_on}.",
    },
    "appeals.already_decided": {
        "vi": "Khiếu nại đã được giải quyết ngày {decided_on} với kết quả {outcome}; không thể giải quyết lại.",
        "en": "The appeal was already decided on {decided_on} ({outcome}); it cannot be decided again.",
    },
    "appeals.decided_before_lodged": {
        "vi": "Ngày giải quyết khiếu nại {decided_on} không được trước ngày khiếu nại {lodged_on}.",
        "en": "The appeal cannot be decided on {decided_on}, before it was lodged on {lodged_on}.",
    },
    "appeals.new_measure_required": {
        "vi": "Khi giảm hình thức kỷ luật phải nêu hình thức kỷ luật mới.",
        "en": "A reduced outcome must name the new, lighter measure.",
    },
    "appeals.new_measure_not_expected": {
        "vi": "Chỉ nêu hình thức kỷ luật mới khi giảm hình thức kỷ luật, không nêu khi kết quả là {outcome}.",
        "en": "A new measure is named only for a reduction, not for the outcome {outcome}.",
    },
    "appeals.reduction_not_lighter": {
        "vi": "Chỉ được giảm hình thức kỷ luật: {new_measure} không nhẹ hơn {original_measure}; "
        "các hình thức nhẹ hơn: {allowed}.",
        "en": "A reduction must be lighter: {new_measure} is not lighter than {original_measure}; "
        "lighter measures: {allowed}.",
    },
    "appeals.decision_annulled": {
        "vi": "Quyết định kỷ luật đã bị hủy bỏ, không thể khiếu nại.",
        "en": "The decision was annulled; there is nothing to appeal.",
    },
    "appeals.increase_not_heavier": {
        "vi": "Khi tăng hình thức kỷ luật, {new_measure} phải nặng hơn {original_measure}.",
        "en": "An increase must be heavier: {new_measure} is not heavier than {original_measure}.",
    },
    "appeals.outcome_not_allowed": {
        "vi": "Quy định hiện hành không cho phép kết quả giải quyết khiếu nại {outcome}.",
        "en": "The rule in force does not allow the appeal outcome {outcome}.",
    },
    "appeals.final_decision_reached": {
        "vi": "Khiếu nại đã được cấp giải quyết cuối cùng quyết định (lần {level}); không thể khiếu nại tiếp.",
        "en": "The final authority already decided the appeal (level {level}); there is no further appeal.",
    },
    "appeals.not_the_next_level": {
        "vi": "Khiếu nại phải gửi lên từng cấp: cấp giải quyết tiếp theo là {expected}, không phải {requested}.",
        "en": "Appeals go up level by level: the next level is {expected}, not {requested}.",
    },
    "inspection.label.appeal_outcome.increased": {"vi": "tăng hình thức kỷ luật", "en": "increased"},
    "inspection.label.final_authority.central_inspection_commission": {
        "vi": "Ủy ban Kiểm tra Trung ương",
        "en": "the Central Inspection Commission",
    },
    "inspection.label.final_authority.secretariat": {"vi": "Ban Bí thư", "en": "the Secretariat"},
    "inspection.label.appeal_outcome.upheld": {"vi": "giữ nguyên", "en": "upheld"},
    "inspection.label.appeal_outcome.reduced": {"vi": "giảm hình thức kỷ luật", "en": "reduced"},
    "inspection.label.appeal_outcome.annulled": {"vi": "xóa bỏ kỷ luật", "en": "annulled"},
}
