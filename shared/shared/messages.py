"""Generic vi/en messages: problem titles, auth refusals, and pydantic validation error types."""

from shared.glossary import TERMS
from shared.i18n import register_messages, register_terms

register_terms(TERMS)

register_messages(
    {
        # problem titles, by kind
        "title.bad-request": {"vi": "Yêu cầu không hợp lệ", "en": "Bad request"},
        "title.validation-error": {"vi": "Dữ liệu không hợp lệ", "en": "Invalid input"},
        "title.rule-violation": {"vi": "Vi phạm quy định", "en": "Rule violated"},
        "title.invalid-transition": {"vi": "Không thể chuyển trạng thái", "en": "Invalid state transition"},
        "title.conflict": {"vi": "Xung đột dữ liệu", "en": "Conflict"},
        "title.not-found": {"vi": "Không tìm thấy", "en": "Not found"},
        "title.forbidden": {"vi": "Không có quyền", "en": "Forbidden"},
        "title.unauthenticated": {"vi": "Chưa xác thực", "en": "Not authenticated"},
        "title.precondition-failed": {"vi": "Dữ liệu đã thay đổi", "en": "Precondition failed"},
        "title.precondition-required": {"vi": "Thiếu điều kiện If-Match", "en": "Precondition required"},
        "title.payload-too-large": {"vi": "Dữ liệu quá lớn", "en": "Payload too large"},
        "title.unsupported-media-type": {"vi": "Loại dữ liệu không được chấp nhận", "en": "Unsupported media type"},
        "title.internal": {"vi": "Lỗi hệ thống", "en": "Internal error"},
        "title.idempotency-key-reused": {
            "vi": "Khóa Idempotency-Key đã dùng cho yêu cầu khác",
            "en": "Idempotency-Key reused for another request",
        },
        "title.method-not-allowed": {"vi": "Phương thức không được hỗ trợ", "en": "Method not allowed"},
        "title.service-unavailable": {"vi": "Dịch vụ tạm thời không sẵn sàng", "en": "Service unavailable"},
        "database.unavailable": {
            "vi": "Cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau {seconds} giây. "
            "Không có gì bị thay đổi.",
            "en": "The database is unavailable for now; retry in {seconds} seconds. Nothing was changed.",
        },
        "conflict.duplicate": {
            "vi": "Đã có bản ghi với cùng giá trị ({fields}); giá trị này phải là duy nhất.",
            "en": "A record with the same value ({fields}) already exists; it must be unique.",
        },
        "input.date_out_of_range": {
            "vi": "Ngày nằm ngoài khoảng hệ thống hỗ trợ.",
            "en": "The date is outside the range the system supports.",
        },
        "input.value_out_of_range": {
            "vi": "Giá trị nằm ngoài khoảng hệ thống lưu được.",
            "en": "A value is outside the range the system can store.",
        },
        "internal": {
            "vi": "Đã xảy ra lỗi không mong muốn; mã yêu cầu {request_id}.",
            "en": "An unexpected error occurred; request id {request_id}.",
        },
        "policy.not_in_force": {
            "vi": "Ngày {date} trước quy định sớm nhất hệ thống biết cho quy tắc {policy} (từ {earliest}).",
            "en": "The date {date} precedes the earliest regulation the system knows for the rule {policy} "
            "(from {earliest}).",
        },
        "http.not_found": {"vi": "Không có tài nguyên tại địa chỉ này.", "en": "There is no resource at this address."},
        "http.method_not_allowed": {
            "vi": "Phương thức này không được hỗ trợ tại địa chỉ này.",
            "en": "This method is not allowed here.",
        },
        # auth
        "auth.missing_token": {
            "vi": "Thiếu token xác thực (Authorization: Bearer …).",
            "en": "Missing bearer token (Authorization: Bearer …).",
        },
        "auth.invalid_token": {
            "vi": "Token không hợp lệ hoặc đã hết hạn ({reason}).",
            "en": "The token is invalid or expired ({reason}).",
        },
        "auth.missing_claims": {
            "vi": "Token phải nêu vai trò (roles) và tổ chức (org).",
            "en": "The token must name roles and an organisation (org).",
        },
        "auth.malformed_claims": {
            "vi": "Token có trường {claim} sai kiểu (cần {expected}).",
            "en": "The token's {claim} claim has the wrong type (expected {expected}).",
        },
        "auth.national_admin_required": {
            "vi": "Chỉ quản trị viên cấp toàn quốc (org: *) được thực hiện thao tác này.",
            "en": "Only a national admin (org: *) may do this.",
        },
        "auth.national_scope_requires_admin": {
            "vi": "Chỉ quản trị viên mới được phạm vi toàn quốc.",
            "en": "Only an admin may act nationally.",
        },
        "auth.role_not_allowed": {
            "vi": "Vai trò của bạn không được thực hiện thao tác này (cần: {roles}).",
            "en": "Your role may not do this (needs one of: {roles}).",
        },
        "org.not_found": {
            "vi": "Không tìm thấy tổ chức {org_id} trong phạm vi của bạn.",
            "en": "Organisation {org_id} was not found within your scope.",
        },
        "resource.not_found": {
            "vi": "Không tìm thấy {resource} {id} trong phạm vi của bạn.",
            "en": "{resource} {id} was not found within your scope.",
        },
        "etag.mismatch": {
            "vi": "Bản ghi đã bị thay đổi (ETag hiện tại {current}); hãy tải lại.",
            "en": "The record has changed (current ETag {current}); reload it.",
        },
        "etag.required": {"vi": "Cần header If-Match với ETag của bản ghi.", "en": "An If-Match header is required."},
        "input.nul_character": {
            "vi": "Dữ liệu gửi lên chứa ký tự NUL (\\u0000), không được chấp nhận.",
            "en": "The input contains a NUL character (\\u0000), which is not accepted.",
        },
        "period.invalid": {
            "vi": "Kỳ '{value}' không hợp lệ: dùng năm (2026), nửa năm (2026-H1), quý (2026-Q3), tháng (2026-07) "
            "hoặc khoảng 2021-06..2024-03.",
            "en": "Period '{value}' is not valid: use a year (2026), a half (2026-H1), a quarter (2026-Q3), "
            "a month (2026-07) or a range 2021-06..2024-03.",
        },
        "pagination.bad_cursor": {"vi": "Con trỏ phân trang không hợp lệ.", "en": "The pagination cursor is invalid."},
        # pydantic validation error types (translated from the stable type and ctx, never from the English text)
        "missing": {"vi": "Trường này là bắt buộc.", "en": "This field is required."},
        "string_too_short": {"vi": "Cần ít nhất {min_length} ký tự.", "en": "Needs at least {min_length} characters."},
        "string_too_long": {"vi": "Tối đa {max_length} ký tự.", "en": "At most {max_length} characters."},
        "string_pattern_mismatch": {
            "vi": "Không đúng định dạng quy định ({pattern}).",
            "en": "Does not match the required format ({pattern}).",
        },
        "string_type": {"vi": "Phải là chuỗi ký tự.", "en": "Must be a string."},
        "int_parsing": {"vi": "Phải là số nguyên.", "en": "Must be an integer."},
        "int_type": {"vi": "Phải là số nguyên.", "en": "Must be an integer."},
        "bool_parsing": {"vi": "Phải là true hoặc false.", "en": "Must be true or false."},
        "float_parsing": {"vi": "Phải là số.", "en": "Must be a number."},
        "decimal_parsing": {"vi": "Phải là số.", "en": "Must be a number."},
        "greater_than": {"vi": "Phải lớn hơn {gt}.", "en": "Must be greater than {gt}."},
        "greater_than_equal": {"vi": "Phải lớn hơn hoặc bằng {ge}.", "en": "Must be at least {ge}."},
        "less_than": {"vi": "Phải nhỏ hơn {lt}.", "en": "Must be less than {lt}."},
        "less_than_equal": {"vi": "Phải nhỏ hơn hoặc bằng {le}.", "en": "Must be at most {le}."},
        "date_parsing": {"vi": "Ngày không hợp lệ (định dạng YYYY-MM-DD).", "en": "Invalid date (use YYYY-MM-DD)."},
        "date_from_datetime_parsing": {
            "vi": "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
            "en": "Invalid date (use YYYY-MM-DD).",
        },
        "date_type": {"vi": "Ngày không hợp lệ (định dạng YYYY-MM-DD).", "en": "Invalid date (use YYYY-MM-DD)."},
        "datetime_parsing": {"vi": "Thời điểm không hợp lệ (RFC 3339).", "en": "Invalid date-time (RFC 3339)."},
        "datetime_from_date_parsing": {
            "vi": "Thời điểm không hợp lệ (RFC 3339).",
            "en": "Invalid date-time (RFC 3339).",
        },
        "timezone_aware": {"vi": "Thời điểm phải có múi giờ.", "en": "The date-time needs a time zone."},
        "enum": {"vi": "Giá trị phải là một trong: {expected}.", "en": "Must be one of: {expected}."},
        "literal_error": {"vi": "Giá trị phải là một trong: {expected}.", "en": "Must be one of: {expected}."},
        "uuid_parsing": {"vi": "Mã định danh không hợp lệ (UUID).", "en": "Invalid identifier (UUID)."},
        "uuid_type": {"vi": "Mã định danh không hợp lệ (UUID).", "en": "Invalid identifier (UUID)."},
        "extra_forbidden": {"vi": "Trường này không được phép.", "en": "This field is not allowed."},
        "json_invalid": {
            "vi": "Nội dung gửi lên không phải JSON hợp lệ (lỗi tại ký tự thứ {position}).",
            "en": "The body is not valid JSON (error at character {position}).",
        },
        "choice.or": {"vi": "hoặc", "en": "or"},
        "pattern.national_id": {
            "vi": "Số căn cước công dân gồm đúng 12 chữ số.",
            "en": "A national ID (căn cước công dân) is exactly 12 digits.",
        },
        "pattern.code": {
            "vi": "Mã chỉ gồm chữ cái không dấu, chữ số và các ký tự . _ -",
            "en": "A code holds only unaccented letters, digits and . _ -",
        },
        "model_attributes_type": {"vi": "Phải là một đối tượng JSON.", "en": "Must be a JSON object."},
        "dict_type": {"vi": "Phải là một đối tượng JSON.", "en": "Must be a JSON object."},
        "list_type": {"vi": "Phải là một danh sách.", "en": "Must be a list."},
        "too_short": {"vi": "Cần ít nhất {min_length} phần tử.", "en": "Needs at least {min_length} items."},
        "too_long": {"vi": "Tối đa {max_length} phần tử.", "en": "At most {max_length} items."},
        "value_error": {"vi": "Giá trị không hợp lệ: {error}.", "en": "Invalid value: {error}."},
    }
)
