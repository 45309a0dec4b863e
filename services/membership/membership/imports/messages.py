"""Vietnamese and English texts of the import and export codes."""

MESSAGES: dict[str, dict[str, str]] = {
    "title.bad-file": {"vi": "Tệp không hợp lệ", "en": "Unusable file"},
    "import.too_large": {
        "vi": "Tệp vượt quá giới hạn {max_bytes} byte.",
        "en": "The file exceeds the {max_bytes}-byte limit.",
    },
    "import.empty": {"vi": "Tệp rỗng.", "en": "The file is empty."},
    "import.unknown_format": {
        "vi": "Không nhận ra định dạng tệp ({content_type}); dùng CSV, XLSX hoặc JSON, hoặc tham số format.",
        "en": "Unknown file format ({content_type}); send CSV, XLSX or JSON, or set the format parameter.",
    },
    "import.not_utf8": {
        "vi": "Tệp không được mã hóa UTF-8 (vị trí {position}).",
        "en": "The file is not UTF-8 encoded (at byte {position}).",
    },
    "import.malformed": {
        "vi": "Tệp {format} bị lỗi cấu trúc ({error}); không có dữ liệu nào được ghi.",
        "en": "The {format} file is malformed ({error}); nothing was written.",
    },
    "import.zip_bomb": {
        "vi": "Tệp XLSX bị từ chối: phần {member} giải nén lớn bất thường (tỉ lệ {ratio}:1).",
        "en": "XLSX refused: part {member} unpacks to an abnormal size (ratio {ratio}:1).",
    },
    "import.xml_dtd": {
        "vi": "Tệp XLSX bị từ chối: phần {member} khai báo DTD hoặc thực thể XML.",
        "en": "XLSX refused: part {member} declares an XML DTD or entities.",
    },
    "import.xlsx_shared_strings_too_large": {
        "vi": "Tệp XLSX bị từ chối: bảng chuỗi dùng chung giải nén ra {size} byte, vượt giới hạn {limit} byte "
        "(tệp lớn như vậy hãy gửi dạng CSV).",
        "en": "XLSX refused: its shared-strings table unpacks to {size} bytes, over the {limit}-byte limit "
        "(send a file this large as CSV).",
    },
    "import.xlsx_sheet_too_large": {
        "vi": "Tệp XLSX bị từ chối: trang tính giải nén ra {size} byte, vượt giới hạn {limit} byte.",
        "en": "XLSX refused: its worksheets unpack to {size} bytes, over the {limit}-byte limit.",
    },
    "import.too_many_rows": {"vi": "Tệp có quá {max_rows} dòng.", "en": "The file has more than {max_rows} rows."},
    "import.too_many_cells": {
        "vi": "Dòng {row} có nhiều ô hơn dòng tiêu đề.",
        "en": "Row {row} has more cells than the header.",
    },
    "import.no_header": {"vi": "Tệp không có dòng tiêu đề.", "en": "The file has no header row."},
    "import.missing_columns": {
        "vi": "Thiếu cột bắt buộc: {columns}.",
        "en": "Required columns missing: {columns}.",
    },
    "import.duplicate_in_file": {
        "vi": "Giá trị này đã xuất hiện ở một dòng trước trong tệp.",
        "en": "This value already appears in an earlier row of the file.",
    },
    "import.data_as_of_future": {
        "vi": "Ngày chốt dữ liệu (data_as_of) không được sau hôm nay ({today}).",
        "en": "data_as_of (the date the data is true as of) cannot be after today ({today}).",
    },
    "import.duplicate_external_id": {
        "vi": "Mã hồ sơ (external_id) này đã dùng cho một đảng viên khác (ở dòng trước của tệp hoặc đã lưu).",
        "en": "This external id already belongs to another member (an earlier row of the file, or stored).",
    },
    "import.date_in_future": {
        "vi": "Ngày {date} sau ngày hôm nay ({today}).",
        "en": "The date {date} is after today ({today}).",
    },
    "import.date_after_data_as_of": {
        "vi": "Ngày {date} sau ngày chốt dữ liệu của tệp ({as_of}).",
        "en": "The date {date} is after the date the file's data is true as of ({as_of}).",
    },
    "import.dates_out_of_order": {
        "vi": "Ngày này phải sau ngày ở cột {after} (sinh < kết nạp ≤ lễ kết nạp ≤ công nhận chính thức).",
        "en": "This date must come after {after} (birth < admission ≤ ceremony ≤ recognition).",
    },
    "import.age_at_admission": {
        "vi": "Tuổi khi kết nạp là {years} tuổi {months} tháng, ngoài khoảng đủ {min} đến đủ {max} tuổi "
        "(trên {max} tuổi cần ghi số quyết định ở cột age_exception_decision).",
        "en": "Age at admission was {years} years {months} months, outside full {min} to full {max} years "
        "(over {max} needs the decision's number in age_exception_decision).",
    },
    "import.probation_too_short": {
        "vi": "Công nhận chính thức sớm nhất vào {earliest}, sau 12 tháng dự bị.",
        "en": "Recognition can be no earlier than {earliest}, after the 12 months of probation.",
    },
    "import.probation_overdue": {
        "vi": "Thời kỳ dự bị đã hết ngày {ended}; đến {as_of} đảng viên phải đã được công nhận chính thức "
        "(ghi ngày công nhận) hoặc xóa tên.",
        "en": "Probation ended on {ended}; by {as_of} the member must have been recognised (give the date) "
        "or removed from the rolls.",
    },
    "import.probationary_recognised": {
        "vi": "Đảng viên dự bị không có ngày công nhận chính thức.",
        "en": "A probationary member has no recognition date.",
    },
    "import.too_many_unavailable": {
        "vi": "Dừng nhập: quá {limit} dòng dùng số CCCD hoặc mã hồ sơ không thể dùng ở đây; việc này đã được ghi lại.",
        "en": "Import stopped: more than {limit} rows use national IDs or external ids unavailable here; "
        "this has been recorded.",
    },
    "import.org_required": {
        "vi": "Cần cột org_code hoặc org_id (chi bộ của đảng viên).",
        "en": "An org_code or org_id column (the member's branch) is required.",
    },
    "import.org_unknown": {
        "vi": "Không tìm thấy chi bộ «{org}» trong phạm vi của bạn (hoặc đó không phải chi bộ đang hoạt động).",
        "en": "Branch '{org}' is not an active branch in your organisation.",
    },
    "import.use_status_command": {
        "vi": "Không đổi trạng thái hoặc chi bộ qua nhập tệp (hiện tại: «{current}», chi bộ {org_id}); "
        "dùng thao tác chuyển sinh hoạt, công nhận, xóa tên… tương ứng.",
        "en": "Status and branch are not changed by import (now '{current}', branch {org_id}); use the "
        "transfer, recognition, removal… commands.",
    },
}
