"""Vietnamese and English texts for the classification rule codes, and labels for the grades."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "classification.empty_batch": {
        "vi": "Danh sách xếp loại chất lượng không có đối tượng nào.",
        "en": "The classification batch has no entries.",
    },
    "classification.assessed_before_year": {
        "vi": "Không thể đánh giá, xếp loại chất lượng năm {year} vào ngày {assessed_on}, trước khi năm đó bắt đầu.",
        "en": "The year {year} cannot be classified on {assessed_on}, before that year began.",
    },
    "classification.duplicate_subject": {
        "vi": "Đối tượng {subject_id} xuất hiện hai lần trong danh sách xếp loại.",
        "en": "Subject {subject_id} appears twice in the batch.",
    },
    "classification.score_out_of_range": {
        "vi": "Điểm {score} nằm ngoài thang điểm từ {minimum} đến {maximum}.",
        "en": "The score {score} is outside the scale from {minimum} to {maximum}.",
    },
    "classification.grade_does_not_match_score": {
        "vi": "Mức xếp loại {grade} không khớp với số điểm {score}: theo quy định hiện hành, "
        "số điểm này tương ứng mức {expected_grade}.",
        "en": "The grade {grade} does not match the score {score}: under the rule in force that "
        "score means {expected_grade}.",
    },
    "classification.condition_failed": {
        "vi": "Không thể xếp loại {grade}: điều kiện {condition} không đạt nên mức cao nhất là {max_grade}, "
        "dù điểm số thế nào.",
        "en": "{grade} is refused: the condition {condition} fails, so the highest grade is {max_grade} "
        "whatever the score.",
    },
    "classification.cap_exceeded": {
        "vi": "Số được xếp loại hoàn thành xuất sắc nhiệm vụ ({excellent}) vượt quá {ratio} "
        "của {basis_count} (cơ sở tính: {basis}), tối đa {max_allowed}; cần ghi rõ lý do để chấp nhận.",
        "en": "{excellent} rated excellent exceeds {ratio} of {basis_count} (basis: {basis}), "
        "at most {max_allowed}; a recorded justification is required to accept it.",
    },
    "inspection.label.grade.excellent": {
        "vi": "hoàn thành xuất sắc nhiệm vụ",
        "en": "excellent",
    },
    "inspection.label.grade.good": {"vi": "hoàn thành tốt nhiệm vụ", "en": "good"},
    "inspection.label.grade.completed": {"vi": "hoàn thành nhiệm vụ", "en": "completed"},
    "inspection.label.grade.not_completed": {
        "vi": "không hoàn thành nhiệm vụ",
        "en": "not completed",
    },
    "inspection.label.grade_condition.disciplined_member": {
        "vi": "đảng viên bị xử lý kỷ luật trong năm",
        "en": "member disciplined in the year",
    },
    "inspection.label.grade_condition.disciplined_organisation": {
        "vi": "tổ chức đảng bị xử lý kỷ luật trong năm",
        "en": "organisation disciplined in the year",
    },
    "inspection.label.grade_condition.unit_or_leader_disciplined": {
        "vi": "có tổ chức trực thuộc hoặc cán bộ lãnh đạo bị xử lý kỷ luật trong năm",
        "en": "a unit or a leading member disciplined in the year",
    },
    "inspection.label.cap_basis.good": {
        "vi": "số được xếp loại hoàn thành tốt nhiệm vụ",
        "en": "the number rated good",
    },
    "inspection.label.cap_basis.total": {"vi": "tổng số được xếp loại", "en": "the total rated"},
}
