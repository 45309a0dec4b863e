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
