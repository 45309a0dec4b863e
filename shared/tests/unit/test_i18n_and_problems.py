from shared.i18n import negotiate_language, register_messages, translate


def test_vietnamese_is_the_default_language() -> None:
    assert negotiate_language(None) == "vi"
    assert negotiate_language("") == "vi"
    assert negotiate_language("fr-FR") == "vi"


def test_accept_language_picks_the_preferred_supported_language() -> None:
    assert negotiate_language("en-US,en;q=0.9") == "en"
    assert negotiate_language("vi-VN") == "vi"
    assert negotiate_language("fr;q=1.0, en;q=0.5, vi;q=0.8") == "vi"
    assert negotiate_language("en;q=0.2, vi;q=0.1") == "en"


def test_messages_fill_their_placeholders_and_lists() -> None:
    register_messages({"test.range": {"vi": "Tuổi {age} ngoài {allowed}", "en": "Age {age} outside {allowed}"}})
    assert translate("test.range", "en", age=17, allowed=[18, 60]) == "Age 17 outside 18, 60"
    assert translate("test.range", "vi", age=17, allowed=[18, 60]) == "Tuổi 17 ngoài 18, 60"


def test_an_unknown_code_falls_back_to_the_default_or_the_code() -> None:
    assert translate("nope.nothing", "en") == "nope.nothing"
    assert translate("nope.nothing", "en", default="fallback") == "fallback"


def test_a_message_missing_a_language_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="lacks"):
        register_messages({"test.half": {"en": "only English"}})


def test_domain_codes_in_a_message_read_in_the_readers_language() -> None:
    import shared.messages  # noqa: F401  (the shared vocabulary)

    register_messages({"test.kind": {"vi": "Tổ chức loại {kind} dưới {allowed}", "en": "A {kind} under {allowed}"}})
    vi = translate("test.kind", "vi", kind="branch", allowed=["grassroots_committee", "partial_committee"])
    assert vi == "Tổ chức loại chi bộ trực thuộc dưới đảng bộ cơ sở, đảng bộ bộ phận"
    assert translate("test.kind", "en", kind="branch", allowed=["province"]) == "A branch under province"
    # ids, names and numbers are not vocabulary and pass through untouched
    assert translate("test.kind", "vi", kind="3f1c-uuid", allowed=["Nguyễn Văn A"]) == (
        "Tổ chức loại 3f1c-uuid dưới Nguyễn Văn A"
    )


def test_every_problem_kind_has_a_title_in_both_languages() -> None:
    import shared.idempotency
    import shared.messages  # noqa: F401
    from shared import errors
    from shared.i18n import has_message

    kinds = {c.kind for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.DomainError)}
    kinds |= {"validation-error", "internal", "method-not-allowed", "idempotency-key-reused"}
    for kind in kinds:
        assert has_message(f"title.{kind}"), kind
        assert translate(f"title.{kind}", "vi") != translate(f"title.{kind}", "en"), kind
