"""Vietnam's 54 ethnic groups as stable codes, so a member's ethnicity (free text in membership, 1–60 characters)
becomes a category a statistical form can count: membership publishes the code (``ethnic_group``) and reporting
counts members by it. A name not in the list is ``other``: an unknown spelling never creates a new category.

The names follow the General Statistics Office's list of ethnic groups (Danh mục các dân tộc Việt Nam, Quyết định
121-TCTK/PPCĐ, 2 Mar 1979) in its order; the codes here are our own slugs, not the list's numbers (the numbers
were not verified against the text). Names are matched folded (case, diacritics, spaces and hyphens ignored), with
the usual alternative spellings.
"""

from __future__ import annotations

from functools import lru_cache

from shared.text import search_key

GROUPS: tuple[tuple[str, str], ...] = (
    ("kinh", "Kinh"),
    ("tay", "Tày"),
    ("thai", "Thái"),
    ("hoa", "Hoa"),
    ("khmer", "Khơ-me"),
    ("muong", "Mường"),
    ("nung", "Nùng"),
    ("hmong", "H'Mông"),
    ("dao", "Dao"),
    ("gia_rai", "Gia-rai"),
    ("ngai", "Ngái"),
    ("ede", "Ê-đê"),
    ("ba_na", "Ba-na"),
    ("xo_dang", "Xơ-đăng"),
    ("san_chay", "Sán Chay"),
    ("co_ho", "Cơ-ho"),
    ("cham", "Chăm"),
    ("san_diu", "Sán Dìu"),
    ("hre", "Hrê"),
    ("mnong", "Mnông"),
    ("ra_glai", "Ra-glai"),
    ("xtieng", "Xtiêng"),
    ("bru_van_kieu", "Bru-Vân Kiều"),
    ("tho", "Thổ"),
    ("giay", "Giáy"),
    ("co_tu", "Cơ-tu"),
    ("gie_trieng", "Gié-Triêng"),
    ("ma", "Mạ"),
    ("kho_mu", "Khơ-mú"),
    ("co", "Co"),
    ("ta_oi", "Tà-ôi"),
    ("cho_ro", "Chơ-ro"),
    ("khang", "Kháng"),
    ("xinh_mun", "Xinh-mun"),
    ("ha_nhi", "Hà Nhì"),
    ("chu_ru", "Chu-ru"),
    ("lao", "Lào"),
    ("la_chi", "La Chí"),
    ("la_ha", "La Ha"),
    ("phu_la", "Phù Lá"),
    ("la_hu", "La Hủ"),
    ("lu", "Lự"),
    ("lo_lo", "Lô Lô"),
    ("chut", "Chứt"),
    ("mang", "Mảng"),
    ("pa_then", "Pà Thẻn"),
    ("co_lao", "Cơ Lao"),
    ("cong", "Cống"),
    ("bo_y", "Bố Y"),
    ("si_la", "Si La"),
    ("pu_peo", "Pu Péo"),
    ("brau", "Brâu"),
    ("o_du", "Ơ Đu"),
    ("ro_mam", "Rơ-măm"),
)
OTHER = "other"
NAMES = dict(GROUPS)
ALIASES = {"khome": "khmer", "mong": "hmong", "hmong": "hmong", "jrai": "gia_rai", "bahnar": "ba_na"}


def _fold(name: str) -> str:
    return "".join(ch for ch in search_key(name) if ch.isalnum())


_BY_FOLDED = {_fold(name): code for code, name in GROUPS} | ALIASES


@lru_cache(maxsize=4096)
def code_of(name: str | None) -> str | None:
    """The group's code for a name as typed (``"Tày"``, ``"tay"``, ``"H'Mông"``, ``"Mông"``); ``other`` for a name
    not in the list; None when nothing was given."""
    if name is None or not name.strip():
        return None
    return _BY_FOLDED.get(_fold(name), OTHER)
