"""Vietnamese and English texts for the evaluation rule codes (placeholders match the raised values)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "evaluation.criterion_code_blank": {
        "vi": "Tiêu chí đánh giá phải có mã.",
        "en": "An evaluation criterion needs a code.",
    },
    "evaluation.criterion_duplicate": {
        "vi": "Tiêu chí “{criterion}” bị khai báo hai lần.",
        "en": "Criterion “{criterion}” is declared twice.",
    },
    "evaluation.weight_not_positive": {
        "vi": "Điểm tối đa của tiêu chí “{criterion}” phải lớn hơn 0 (đã nhập {weight}).",
        "en": "The weight of criterion “{criterion}” must be greater than 0 (got {weight}).",
    },
    "evaluation.weights_sum": {
        "vi": "Tổng điểm các tiêu chí phải bằng {expected} (hiện là {total}).",
        "en": "The criteria weights must sum to {expected} (they sum to {total}).",
    },
    "evaluation.bands_empty": {
        "vi": "Phải khai báo các mức xếp loại.",
        "en": "Grade bands are required.",
    },
    "evaluation.grade_duplicate": {
        "vi": "Mức xếp loại “{grade}” bị khai báo hai lần.",
        "en": "Grade “{grade}” has two bands.",
    },
    "evaluation.band_inverted": {
        "vi": "Mức “{grade}”: điểm thấp nhất ({low}) lớn hơn điểm cao nhất ({high}).",
        "en": "Grade “{grade}”: the lowest score ({low}) is above the highest ({high}).",
    },
    "evaluation.bands_not_contiguous": {
        "vi": "Các mức xếp loại phải liền nhau: mức “{grade}” phải bắt đầu từ {expected_min} điểm "
        "(đang là {actual_min}).",
        "en": "Grade bands must be contiguous: “{grade}” must start at {expected_min} (it starts at {actual_min}).",
    },
    "evaluation.bands_coverage": {
        "vi": "Các mức xếp loại phải phủ từ 0 đến {full} điểm (hiện từ {lowest} đến {highest}).",
        "en": "Grade bands must cover 0 to {full} points (they cover {lowest} to {highest}).",
    },
    "evaluation.criterion_unknown": {
        "vi": "Tiêu chí không có trong phiếu đánh giá: {criteria}.",
        "en": "Criteria not on the evaluation form: {criteria}.",
    },
    "evaluation.criterion_missing": {
        "vi": "Chưa chấm điểm các tiêu chí: {criteria}.",
        "en": "Criteria not yet scored: {criteria}.",
    },
    "evaluation.score_out_of_range": {
        "vi": "Điểm tiêu chí “{criterion}” phải từ 0 đến {weight} (đã nhập {score}).",
        "en": "The score for “{criterion}” must be from 0 to {weight} (got {score}).",
    },
}
