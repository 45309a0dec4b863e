"""The categories the party's statistical forms count members by, as stable codes with their vi/en words.

Membership keeps a member's codes in the record (beside the free text of the personal history) and publishes them
with every member event; reporting counts members by them and prints the forms' rows from the same lists, so the
two never disagree on a category. Codes, never free text: a form can only count what it can name.

Source of the categories: the rows of the basic statistical forms on party members (biểu thống kê cơ bản về công
tác tổ chức xây dựng Đảng, Hướng dẫn 11-HD/BTCTW of 13 Dec 2021): "Trình độ giáo dục phổ thông", "Trình độ chuyên
môn nghiệp vụ", "Trình độ lý luận chính trị", "Nghề nghiệp" and "Tôn giáo". The rows were read from a published
rendering of the forms (a party committee's copy), not from the guidance's own text: not verified against it.
"""

from __future__ import annotations

from typing import Literal

Dimension = Literal["general_education", "professional_level", "political_theory", "occupation", "religion"]

GENERAL_EDUCATION: dict[str, dict[str, str]] = {
    "literate": {"vi": "biết đọc, biết viết chữ quốc ngữ", "en": "literate"},
    "primary": {"vi": "tiểu học", "en": "primary school"},
    "lower_secondary": {"vi": "trung học cơ sở", "en": "lower secondary school"},
    "upper_secondary": {"vi": "trung học phổ thông", "en": "upper secondary school"},
}
PROFESSIONAL_LEVEL: dict[str, dict[str, str]] = {
    "none": {"vi": "chưa qua đào tạo", "en": "none"},
    "vocational": {
        "vi": "công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp",
        "en": "skilled worker, clerk or elementary training",
    },
    "secondary_vocational": {"vi": "trung cấp", "en": "intermediate vocational"},
    "college": {"vi": "cao đẳng", "en": "college"},
    "university": {"vi": "đại học", "en": "university"},
    "master": {"vi": "thạc sĩ", "en": "master's degree"},
    "doctorate": {"vi": "tiến sĩ", "en": "doctorate"},
}
POLITICAL_THEORY: dict[str, dict[str, str]] = {
    "none": {"vi": "chưa qua đào tạo", "en": "none"},
    "elementary": {"vi": "sơ cấp", "en": "elementary"},
    "intermediate": {"vi": "trung cấp", "en": "intermediate"},
    "advanced": {"vi": "cao cấp", "en": "advanced"},
    "bachelor": {"vi": "cử nhân", "en": "bachelor"},
}
OCCUPATION: dict[str, dict[str, str]] = {
    "state_official": {
        "vi": "cán bộ, công chức cơ quan Nhà nước từ cấp huyện trở lên",
        "en": "state official (district level and above)",
    },
    "party_mass_official": {
        "vi": "cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể từ cấp huyện trở lên",
        "en": "party, Fatherland Front or mass organisation official (district level and above)",
    },
    "commune_official": {
        "vi": "cán bộ, công chức, người hoạt động không chuyên trách ở cấp xã",
        "en": "commune official or part-time commune worker",
    },
    "village_worker": {
        "vi": "người hoạt động không chuyên trách ở thôn, tổ dân phố",
        "en": "part-time village or residential group worker",
    },
    "public_employee": {"vi": "viên chức đơn vị sự nghiệp công lập", "en": "public service employee"},
    "non_public_employee": {
        "vi": "người lao động trong đơn vị sự nghiệp ngoài công lập",
        "en": "employee of a non-public service unit",
    },
    "enterprise_manager": {"vi": "người lãnh đạo, quản lý doanh nghiệp", "en": "enterprise manager"},
    "enterprise_staff": {"vi": "nhân viên, người gián tiếp sản xuất", "en": "enterprise staff"},
    "enterprise_worker": {"vi": "công nhân, lao động trực tiếp sản xuất", "en": "production worker"},
    "farmer": {"vi": "người làm nông, lâm, ngư nghiệp", "en": "farmer, forester or fisher"},
    "armed_forces": {"vi": "sĩ quan, chiến sĩ quân đội và công an", "en": "armed forces or police"},
    "university_student": {"vi": "sinh viên", "en": "university student"},
    "pupil": {"vi": "học sinh", "en": "pupil"},
    "retired": {"vi": "nghỉ hưu, nghỉ mất sức", "en": "retired"},
    "other": {"vi": "khác", "en": "other"},
}
RELIGION: dict[str, dict[str, str]] = {
    "no_religion": {"vi": "không theo tôn giáo", "en": "no religion"},
    "buddhism": {"vi": "Phật giáo", "en": "Buddhism"},
    "catholicism": {"vi": "Công giáo", "en": "Catholicism"},
    "protestantism": {"vi": "Tin lành", "en": "Protestantism"},
    "caodaism": {"vi": "Cao Đài", "en": "Caodaism"},
    "hoa_hao": {"vi": "Phật giáo Hòa Hảo", "en": "Hoa Hao Buddhism"},
    "islam": {"vi": "Hồi giáo", "en": "Islam"},
    "other": {"vi": "tôn giáo khác", "en": "other religion"},
}

DIMENSIONS: dict[str, dict[str, dict[str, str]]] = {
    "general_education": GENERAL_EDUCATION,
    "professional_level": PROFESSIONAL_LEVEL,
    "political_theory": POLITICAL_THEORY,
    "occupation": OCCUPATION,
    "religion": RELIGION,
}
"""Each dimension's codes in the forms' row order."""

GeneralEducation = Literal["literate", "primary", "lower_secondary", "upper_secondary"]
ProfessionalLevel = Literal[
    "none", "vocational", "secondary_vocational", "college", "university", "master", "doctorate"
]
PoliticalTheory = Literal["none", "elementary", "intermediate", "advanced", "bachelor"]
Occupation = Literal[
    "state_official",
    "party_mass_official",
    "commune_official",
    "village_worker",
    "public_employee",
    "non_public_employee",
    "enterprise_manager",
    "enterprise_staff",
    "enterprise_worker",
    "farmer",
    "armed_forces",
    "university_student",
    "pupil",
    "retired",
    "other",
]
Religion = Literal["no_religion", "buddhism", "catholicism", "protestantism", "caodaism", "hoa_hao", "islam", "other"]


def terms() -> dict[str, dict[str, str]]:
    """Every code's words, for the glossary. A code in two dimensions means the same in both (``none``,
    ``other``), except ``other`` whose religion wording is the more specific; the glossary keeps the general."""
    out: dict[str, dict[str, str]] = {}
    for codes in DIMENSIONS.values():
        for code, words in codes.items():
            out.setdefault(code, words)
    return out
