"""Vietnamese and English texts of the admission commands' own codes (the rules' texts are in ``messages``)."""

MESSAGES: dict[str, dict[str, str]] = {
    "admission.already_member": {
        "vi": "Người này đang là đảng viên.",
        "en": "This person is already a party member.",
    },
    "admission.already_candidate": {
        "vi": "Người này đang trong hồ sơ kết nạp {candidate_id}.",
        "en": "This person is already a candidate ({candidate_id}).",
    },
    "admission.introducer_unknown": {
        "vi": "Không tìm thấy đảng viên giới thiệu {person_id} trong phạm vi của bạn.",
        "en": "Introducing member {person_id} was not found in your organisation.",
    },
}
