MESSAGES: dict[str, dict[str, str]] = {
    "org.parent_required": {
        "vi": "Tổ chức loại {kind} phải có tổ chức cấp trên thuộc loại: {allowed}.",
        "en": "A {kind} needs a parent of kind: {allowed}.",
    },
    "org.parent_kind": {
        "vi": "Tổ chức loại {kind} không thể trực thuộc {parent_kind}; cấp trên hợp lệ: {allowed}.",
        "en": "A {kind} cannot sit under a {parent_kind}; allowed parents: {allowed}.",
    },
    "org.move_into_own_subtree": {
        "vi": "Không thể chuyển tổ chức {org_id} vào chính nó hoặc tổ chức cấp dưới của nó.",
        "en": "Organisation {org_id} cannot move under itself or its own descendant.",
    },
    "org.merge_into_self": {
        "vi": "Không thể hợp nhất tổ chức {org_id} vào chính nó hoặc cấp dưới của nó.",
        "en": "Organisation {org_id} cannot merge into itself or its own descendant.",
    },
    "org.merge_kind": {
        "vi": "Chỉ hợp nhất các tổ chức cùng loại ({kind} ≠ {into_kind}).",
        "en": "Only organisations of the same kind merge ({kind} ≠ {into_kind}).",
    },
    "org.not_active": {
        "vi": "Tổ chức {org_id} không còn hoạt động (trạng thái {status}).",
        "en": "Organisation {org_id} is no longer active (status {status}).",
    },
    "org.has_children": {
        "vi": "Tổ chức còn {children} tổ chức trực thuộc đang hoạt động.",
        "en": "The organisation still has {children} active units under it.",
    },
    "org.has_members": {
        "vi": "Tổ chức còn {members} đảng viên đang sinh hoạt.",
        "en": "The organisation still has {members} active members.",
    },
    "org.root_requires_national": {
        "vi": "Chỉ quản trị viên toàn quốc mới tạo được đảng bộ tỉnh.",
        "en": "Only a national admin may create a province.",
    },
    "org_import.duplicate_code": {
        "vi": "Mã tổ chức này đã có ở dòng {first} của tệp.",
        "en": "This organisation code already appears in row {first} of the file.",
    },
    "org_import.parent_cycle": {
        "vi": "Mã cấp trên tạo thành vòng lặp (một tổ chức nằm dưới chính nó).",
        "en": "The parent codes form a cycle (a unit would sit under itself).",
    },
    "org_import.parent_unknown": {
        "vi": "Không tìm thấy tổ chức cấp trên «{parent_code}» trong tệp hoặc trong phạm vi của bạn.",
        "en": "Parent '{parent_code}' is neither a good row of the file nor a unit in your organisation.",
    },
    "org_import.differs": {
        "vi": "Mã {code} đã có nhưng khác loại hoặc khác cấp trên; dùng thao tác đổi tên, chuyển hoặc hợp nhất.",
        "en": "Code {code} exists with another kind or parent; use the rename, move or merge commands.",
    },
    "org.code_taken": {"vi": "Mã tổ chức {code} đã được dùng.", "en": "Organisation code {code} is already used."},
    "org.cannot_change_own_scope": {
        "vi": "Không thể chuyển, hợp nhất hoặc giải thể tổ chức gốc trong phạm vi của bạn.",
        "en": "You cannot move, merge or dissolve the organisation your token is scoped to.",
    },
}
