"""The statistical forms on party members and organisations, as data: one definition per form.

The forms are the basic statistical forms of the party's organisation work (biểu thống kê cơ bản về công tác tổ
chức xây dựng Đảng) that Hướng dẫn 11-HD/BTCTW of the Central Organisation Commission (13 Dec 2021; before it
Hướng dẫn 09-HD/BTCTW of 5 Jun 2017 with Công văn 3296-CV/BTCTW of 26 Jul 2017, and before that part II of
Hướng dẫn 12-HD/BTCTW of 17 May 2012) prescribes. Verified: the guidance's number, date, issuer and subject (its
published text's opening). Not verified: the forms themselves — their numbers, titles, rows and columns here
follow a party committee's published copy of the forms ("Biểu số 1-BTCTW … 13-BTCTW", 2025), not the guidance's
annex, and each form's ``source`` says what was left out or added.
"""

from __future__ import annotations

from collections.abc import Mapping

from reporting.facts.rules import ADMISSION_AGE_BANDS, ADMITTED, admitted_metric, category_metric
from reporting.forms.model import (
    COMPARED,
    STRUCTURE,
    Form,
    Group,
    Measure,
    Row,
    Source,
    Words,
    age_band,
    flow,
    not_stated,
    opening,
    stock,
)
from reporting.ingest.unit_types import PREFIX as UNIT
from reporting.reports.figures import AGE_BANDS
from shared import ethnic_groups
from shared.member_categories import DIMENSIONS
from shared.org_unit_types import GROUPS, UNIT_TYPES
from shared.text import search_key

REGULATION = "Hướng dẫn 11-HD/BTCTW, 13/12/2021, Ban Tổ chức Trung ương"
NOT_STATED: Words = {"vi": "Chưa khai", "en": "Not stated"}
DIMENSION_TITLES: dict[str, Words] = {
    "general_education": {"vi": "Trình độ giáo dục phổ thông", "en": "General education"},
    "professional_level": {"vi": "Trình độ chuyên môn nghiệp vụ", "en": "Professional qualification"},
    "political_theory": {"vi": "Trình độ lý luận chính trị", "en": "Political theory"},
    "occupation": {"vi": "Nghề nghiệp", "en": "Occupation"},
    "religion": {"vi": "Tôn giáo", "en": "Religion"},
    "ethnic_group": {"vi": "Dân tộc", "en": "Ethnic group"},
}


def _category_rows(dimension: str, codes: Mapping[str, Words], admissions: bool = False) -> list[Row]:
    """A row per code (members at the period's end, or ``admissions`` in it), then the not stated."""
    if admissions:
        rows = [Row(c, _capitalised(w), flow(admitted_metric(dimension, c))) for c, w in codes.items()]
    else:
        rows = [Row(c, _capitalised(w), stock(category_metric(dimension, c))) for c, w in codes.items()]
    return [*rows, Row("not_stated", NOT_STATED, not_stated(dimension, admissions))]


def _capitalised(words: Words) -> Words:
    """The glossary's words start in lower case (they are read inside sentences); a form's row starts a line."""
    return {language: text[:1].upper() + text[1:] for language, text in words.items()}


def _category_groups(dimensions: list[str], admissions: bool = False) -> list[Group]:
    return [Group(d, DIMENSION_TITLES[d], _category_rows(d, DIMENSIONS[d], admissions)) for d in dimensions]


def _ethnic_words() -> dict[str, Words]:
    words: dict[str, Words] = {c: {"vi": n, "en": search_key(n).title()} for c, n in ethnic_groups.GROUPS}
    return words | {ethnic_groups.OTHER: {"vi": "Dân tộc khác", "en": "Other ethnic group"}}


MOVEMENT = Form(
    code="1-BTCTW",
    title={"vi": "Thống kê tăng, giảm đảng viên", "en": "Increase and decrease of party members"},
    source=Source(
        REGULATION,
        "Biểu số 1-BTCTW",
        False,
        "Rows from a published copy of the form. Transfers in and out are those crossing the organisation's "
        "boundary (permanent, internal between branches, abroad; a move between two of its own units is "
        "neither); the form splits them by other province / other district, which the events do not say. "
        "Opening: members at the end of the month before the period.",
    ),
    columns=COMPARED,
    base="closing",
    groups=[
        Group(
            "opening",
            {"vi": "A. Đảng viên cuối kỳ trước chuyển sang", "en": "A. Members brought forward"},
            [Row("opening", {"vi": "Tổng số", "en": "Total"}, opening("members.total"), 0)],
        ),
        Group(
            "increase",
            {"vi": "B. Đảng viên tăng trong kỳ", "en": "B. Increase in the period"},
            [
                Row("admitted", {"vi": "Kết nạp", "en": "Admitted"}, flow("members.admitted")),
                Row(
                    "transferred_in",
                    {"vi": "Chuyển đến", "en": "Transferred in"},
                    flow("members.arrived"),
                ),
                Row("restored", {"vi": "Phục hồi đảng tịch", "en": "Membership restored"}, flow("members.restored")),
            ],
        ),
        Group(
            "decrease",
            {"vi": "C. Đảng viên giảm trong kỳ", "en": "C. Decrease in the period"},
            [
                Row("died", {"vi": "Từ trần", "en": "Died"}, flow("members.died")),
                Row("expelled", {"vi": "Khai trừ", "en": "Expelled"}, flow("members.expelled")),
                Row("removed", {"vi": "Xóa tên", "en": "Removed from the rolls"}, flow("members.removed")),
                Row(
                    "removed_probationary",
                    {"vi": "Trong đó: đảng viên dự bị", "en": "Of which probationary members"},
                    flow("members.removed.probationary"),
                    2,
                ),
                Row("resigned", {"vi": "Xin ra khỏi Đảng", "en": "Resigned"}, flow("members.resigned")),
                Row(
                    "transferred_out",
                    {"vi": "Chuyển đi", "en": "Transferred out"},
                    flow("members.departed"),
                ),
                Row(
                    "transferred_abroad",
                    {"vi": "Trong đó: ra nước ngoài", "en": "Of which abroad"},
                    flow("members.transferred_out.abroad"),
                    2,
                ),
            ],
        ),
        Group(
            "closing",
            {"vi": "D. Đảng viên cuối kỳ", "en": "D. Members at the end of the period"},
            [Row("closing", {"vi": "Tổng số", "en": "Total"}, stock("members.total"), 0)],
        ),
    ],
)


def _admission_age_rows() -> list[Row]:
    """The admissions form's bands (``rules.admission_age_band`` names them): 18–30, five years to 60, over 60."""
    rows = []
    for low, high in ADMISSION_AGE_BANDS:
        key = f"{low}_{high}" if high < 200 else "over_60"
        words = {"vi": f"Từ {low} đến {high} tuổi", "en": f"{low} to {high}"}
        rows.append(
            Row(key, words if high < 200 else {"vi": "Trên 60 tuổi", "en": "Over 60"}, flow(f"{ADMITTED}age.{key}"))
        )
    return rows


ADMISSIONS = Form(
    code="2-BTCTW",
    title={"vi": "Thống kê đảng viên mới kết nạp", "en": "New members admitted"},
    source=Source(
        REGULATION,
        "Biểu số 2-BTCTW",
        False,
        "Rows from a published copy of the form. Left out (not recorded): Youth Union members, private business "
        "owners, family-planning violators, marriage to a foreigner, readmissions, academic titles, and the "
        "grassroots organisations admitting members. Added: gender, political theory and religion. Age is the "
        "age on the admission decision's day.",
    ),
    columns=COMPARED,
    groups=[
        Group(
            "total",
            {"vi": "I. Tổng số đảng viên mới kết nạp", "en": "I. New members admitted"},
            [
                Row("total", {"vi": "Tổng số", "en": "Total"}, flow("members.admitted"), 0),
                Row("female", {"vi": "Nữ", "en": "Women"}, flow(f"{ADMITTED}g.female"), 2),
                Row(
                    "ethnic_minority",
                    {"vi": "Dân tộc thiểu số", "en": "Ethnic minority"},
                    flow(f"{ADMITTED}mi"),
                    2,
                ),
            ],
        ),
        *_category_groups(["occupation"], admissions=True),
        Group("age", {"vi": "Tuổi đời", "en": "Age"}, _admission_age_rows()),
        *_category_groups(["general_education", "professional_level", "political_theory", "religion"], admissions=True),
    ],
)

_BAND_WORDS: dict[str, Words] = {
    "age_under_30": {"vi": "Dưới 30 tuổi", "en": "Under 30"},
    "age_30_40": {"vi": "Từ 30 đến 40 tuổi", "en": "30 to 40"},
    "age_41_50": {"vi": "Từ 41 đến 50 tuổi", "en": "41 to 50"},
    "age_51_60": {"vi": "Từ 51 đến 60 tuổi", "en": "51 to 60"},
    "age_over_60": {"vi": "Trên 60 tuổi", "en": "Over 60"},
}
BODY = Form(
    code="3-BTCTW",
    title={"vi": "Thống kê đội ngũ đảng viên", "en": "The body of party members"},
    source=Source(
        REGULATION,
        "Biểu số 3-BTCTW",
        False,
        "Title from a published list of the forms; the rows follow the categories of the admissions form and "
        "the columns (number, share of the total) are ours: the form's own columns were not verified. Age is "
        "the age reached in the year the period ends, in the summary's bands.",
    ),
    columns=STRUCTURE,
    groups=[
        Group(
            "total",
            {"vi": "Tổng số đảng viên", "en": "Party members"},
            [
                Row("total", {"vi": "Tổng số", "en": "Total"}, stock("members.total"), 0),
                Row("official", {"vi": "Đảng viên chính thức", "en": "Official"}, stock("members.status.official")),
                Row(
                    "probationary",
                    {"vi": "Đảng viên dự bị", "en": "Probationary"},
                    stock("members.status.probationary"),
                ),
                Row(
                    "exempt",
                    {"vi": "Được miễn công tác và sinh hoạt", "en": "Exempt"},
                    stock("members.status.exempt"),
                ),
                Row("female", {"vi": "Nữ", "en": "Women"}, stock("members.gender.female")),
                Row("ethnic_minority", {"vi": "Dân tộc thiểu số", "en": "Ethnic minority"}, stock("members.minority")),
            ],
        ),
        Group(
            "age",
            {"vi": "Tuổi đời", "en": "Age"},
            [Row(name, _BAND_WORDS[name], age_band(name)) for name, _, _ in AGE_BANDS],
        ),
        *_category_groups(["general_education", "professional_level", "political_theory", "occupation"]),
    ],
)

ETHNICITY_RELIGION = Form(
    code="3B-BTCTW",
    title={
        "vi": "Thống kê đảng viên chia theo dân tộc và trong các tôn giáo",
        "en": "Party members by ethnic group and religion",
    },
    source=Source(
        REGULATION,
        "Biểu số 3-BTCTW (đảng viên chia theo dân tộc và trong các tôn giáo)",
        False,
        "Title from a published list of the forms, where it is numbered 3 like the body of members: '3B' is "
        "ours. Ethnic groups are the 54 of the General Statistics Office's list (shared.ethnic_groups) and "
        "'other' for a name not in it; religions are shared.member_categories'. Columns are ours.",
    ),
    columns=STRUCTURE,
    groups=[
        Group(
            "total",
            {"vi": "Tổng số đảng viên", "en": "Party members"},
            [Row("total", {"vi": "Tổng số", "en": "Total"}, stock("members.total"), 0)],
        ),
        Group("ethnic_group", DIMENSION_TITLES["ethnic_group"], _category_rows("ethnic_group", _ethnic_words())),
        *_category_groups(["religion"]),
    ],
)

_KINDS: tuple[tuple[str, Words], ...] = (
    ("grassroots_committee", {"vi": "Đảng bộ cơ sở", "en": "Grassroots committees"}),
    ("grassroots_branch", {"vi": "Chi bộ cơ sở", "en": "Grassroots branches"}),
    ("partial_committee", {"vi": "Đảng bộ bộ phận", "en": "Partial committees"}),
    ("branch", {"vi": "Chi bộ trực thuộc", "en": "Branches"}),
)
ORGANISATIONS = Form(
    code="TCD-LOAI",
    title={"vi": "Thống kê tổ chức đảng theo loại", "en": "Party organisations by kind"},
    source=Source(
        REGULATION,
        "none (our own form)",
        False,
        "Not an official form: the official one (Biểu số 5-BTCTW, organisations and members by type of "
        "grassroots unit: commune, ward, enterprise, school…) needs the unit's type, which the tree does not "
        "record. This form counts the organisations of the tree by kind, at the period's end, as the tree was.",
    ),
    columns=COMPARED,
    base="grassroots",
    groups=[
        Group(
            "grassroots",
            {"vi": "Tổ chức cơ sở đảng", "en": "Grassroots organisations"},
            [
                Row(
                    "grassroots",
                    {"vi": "Tổng số tổ chức cơ sở đảng", "en": "Grassroots organisations"},
                    stock("orgs.active.grassroots_committee", "orgs.active.grassroots_branch"),
                    0,
                ),
                *(Row(kind, words, stock(f"orgs.active.{kind}")) for kind, words in _KINDS),
            ],
        ),
        Group(
            "members",
            {"vi": "Đảng viên", "en": "Members"},
            [Row("members", {"vi": "Tổng số đảng viên", "en": "Party members"}, stock("members.total"), 0)],
        ),
    ],
)

GRASSROOTS = ("orgs.active.grassroots_committee", "orgs.active.grassroots_branch")


def _unit_type_not_stated() -> Measure:
    """Grassroots organisations whose unit type no event stated: the total less the stated ones."""
    return lambda r: (
        sum(r.totals.stock(m) for m in GRASSROOTS) - sum(v for k, v in r.totals.stocks.items() if k.startswith(UNIT))
        if r.totals
        else 0
    )


def _unit_type_group(key: str, title: Words, codes: tuple[str, ...]) -> Group:
    rows = [Row(code, _capitalised(UNIT_TYPES[code]), stock(f"{UNIT}{code}")) for code in codes]
    heading = Row(key, title, stock(*(f"{UNIT}{code}" for code in codes)), 0)
    return Group(key, title, [heading, *rows] if len(rows) > 1 else rows)


GRASSROOTS_BY_UNIT = Form(
    code="5-BTCTW",
    title={"vi": "Thống kê tổ chức cơ sở đảng theo loại hình", "en": "Grassroots party organisations by unit type"},
    source=Source(
        REGULATION,
        "Biểu số 5-BTCTW",
        False,
        "Number and subject from a published list of the forms; the annex's rows and columns were not readable. "
        "Rows: the unit types of shared.org_unit_types (the Charter's Điều 21.2 and a provincial committee's "
        "published groups; unverified against the form). Left out: the form's branches and members per unit "
        "type (the figures count organisations by type only). Organisations of the tree at the period's end, "
        "as the tree and the types stood then; the kinds stay in TCD-LOAI.",
    ),
    columns=STRUCTURE,
    groups=[
        Group(
            "total",
            {"vi": "Tổng số tổ chức cơ sở đảng", "en": "Grassroots organisations"},
            [
                Row("total", {"vi": "Tổng số", "en": "Total"}, stock(*GRASSROOTS), 0),
                Row(
                    "grassroots_committee",
                    {"vi": "Đảng bộ cơ sở", "en": "Grassroots committees"},
                    stock(GRASSROOTS[0]),
                    2,
                ),
                Row("grassroots_branch", {"vi": "Chi bộ cơ sở", "en": "Grassroots branches"}, stock(GRASSROOTS[1]), 2),
            ],
        ),
        *(_unit_type_group(key, words, codes) for key, (words, codes) in GROUPS.items()),
        Group("not_stated", NOT_STATED, [Row("not_stated", NOT_STATED, _unit_type_not_stated())]),
    ],
)

MEMBER_WORK = Form(
    code="7-BTCTW",
    title={"vi": "Thống kê về nghiệp vụ công tác đảng viên", "en": "Party member work"},
    source=Source(
        REGULATION,
        "Biểu số 7-BTCTW",
        False,
        "Title from a published list of the forms; the rows are those of its subject the events record "
        "(recognitions, exemptions, temporary transfers, party badges), not the form's own rows, which were not "
        "verified.",
    ),
    columns=COMPARED,
    base="recognised",
    groups=[
        Group(
            "work",
            {"vi": "Nghiệp vụ công tác đảng viên", "en": "Member work"},
            [
                Row(
                    "recognised",
                    {"vi": "Công nhận đảng viên chính thức", "en": "Recognised as official members"},
                    flow("members.recognised"),
                ),
                Row(
                    "exempted",
                    {"vi": "Miễn, giảm công tác và sinh hoạt đảng", "en": "Exempted from party work"},
                    flow("members.exempted"),
                ),
                Row(
                    "temporary_in",
                    {"vi": "Chuyển sinh hoạt đảng tạm thời đến", "en": "Temporary transfers in"},
                    flow("members.transferred_in.temporary"),
                ),
                Row(
                    "temporary_out",
                    {"vi": "Chuyển sinh hoạt đảng tạm thời đi", "en": "Temporary transfers out"},
                    flow("members.transferred_out.temporary"),
                ),
                Row("badges", {"vi": "Trao tặng Huy hiệu Đảng", "en": "Party badges awarded"}, flow("badges.awarded")),
            ],
        )
    ],
)

FORMS: dict[str, Form] = {
    f.code: f for f in (MOVEMENT, ADMISSIONS, BODY, ETHNICITY_RELIGION, GRASSROOTS_BY_UNIT, MEMBER_WORK, ORGANISATIONS)
}
"""Every form by its code, in the order they are listed."""
