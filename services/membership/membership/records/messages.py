"""Vietnamese and English texts of the member record's rules."""

MESSAGES: dict[str, dict[str, str]] = {
    "record.card_sequence": {
        "vi": "Thẻ đảng viên: không thể ghi '{kind}' sau '{last}' (phát thẻ một lần; báo mất thẻ đang giữ; "
        "cấp lại thẻ đã mất).",
        "en": "Party card: '{kind}' cannot follow '{last}' (issued once; a held card is lost; a lost card is "
        "reissued).",
    },
    "record.card_before_last": {
        "vi": "Ngày của sự kiện thẻ đảng viên trước sự kiện trước đó ({last_date}).",
        "en": "The card event is dated before the previous one ({last_date}).",
    },
    "record.card_number_required": {
        "vi": "Phát hoặc cấp lại thẻ đảng viên cần số thẻ.",
        "en": "Issuing or reissuing a party card needs the card number.",
    },
    "record.date_in_future": {
        "vi": "Ngày không được sau hôm nay ({today}).",
        "en": "The date may not be after today ({today}).",
    },
    "record.supplement_before_year": {
        "vi": "Phiếu bổ sung hồ sơ năm {year} không được lập trước năm đó.",
        "en": "The supplement for {year} cannot be dated before that year.",
    },
    "record.supplement_exists": {
        "vi": "Đã có phiếu bổ sung hồ sơ đảng viên của năm này.",
        "en": "The record already has a supplement for this year.",
    },
    "record.attachment_too_large": {
        "vi": "Tệp đính kèm vượt quá {max_bytes} byte.",
        "en": "The attachment is over {max_bytes} bytes.",
    },
    "record.attachment_type": {
        "vi": "Chỉ nhận tệp PDF, JPEG hoặc PNG (không nhận '{content_type}').",
        "en": "Only PDF, JPEG or PNG files are accepted (not '{content_type}').",
    },
    "record.attachment_content": {
        "vi": "Nội dung tệp không phải {content_type} như đã khai.",
        "en": "The file's content is not the {content_type} it was declared as.",
    },
}
