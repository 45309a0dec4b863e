"""Vietnamese and English texts of the webhook rule codes."""

MESSAGES: dict[str, dict[str, str]] = {
    "webhook.https_required": {
        "vi": "Địa chỉ nhận webhook {url} phải dùng https (trừ máy chủ được quản trị viên cho phép).",
        "en": "The webhook target {url} must use https (unless the operator allows its host).",
    },
    "webhook.target_unresolvable": {
        "vi": "Không phân giải được tên máy chủ {host} của địa chỉ nhận webhook.",
        "en": "The webhook target's host {host} does not resolve.",
    },
    "webhook.target_not_public": {
        "vi": "Máy chủ {host} trỏ tới địa chỉ nội bộ {address}; webhook chỉ gửi tới địa chỉ công khai, trừ máy chủ "
        "được quản trị viên cho phép.",
        "en": "The host {host} resolves to the internal address {address}; webhooks are sent only to public "
        "addresses unless the operator allows the host.",
    },
}
