"""Party badges (Huy hiệu Đảng): eligibility by party age at each award date, awards in the member's record."""
