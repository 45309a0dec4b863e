"""The member record (hồ sơ đảng viên): personal history fields, yearly supplements, party card, scans."""
