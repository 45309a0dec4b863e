"""The admission pipeline (kết nạp đảng viên): from an introduced candidate to a recognised official member.

Pure rules only in ``rules``, ``pipeline`` and ``deadlines``; the values they apply are effective-dated
policies in ``policies`` (Quy định 232-QĐ/TW of 2025, and 24-QĐ/TW of 2021 before it).
"""
