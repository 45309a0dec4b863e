"""Vietnamese and English messages, chosen by ``Accept-Language``.

Messages are keyed by a stable code (a rule code such as ``admission.age_range`` or a pydantic error type such as
``missing``), never by English text, so a translation cannot drift when a message is reworded. Each service
registers its own catalogue at import time; ``shared`` registers the generic ones.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError, negotiate_locale

SUPPORTED = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_catalogue: dict[str, dict[str, str]] = {}
_terms: dict[str, dict[str, str]] = {}


def catalogue(module_file: str) -> dict[str, dict[str, str]]:
    """The vi/en texts kept as data beside a module (``messages.py`` reads ``messages.toml``): one code a line,
    ``"code" = { vi = "…", en = "…" }``, so a translator edits a table, not code."""
    with Path(module_file).with_suffix(".toml").open("rb") as file:
        return tomllib.load(file)


def register_messages(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add ``{code: {"vi": ..., "en": ...}}`` entries; both languages are required for every code."""
    for code, texts in messages.items():
        missing = [lang for lang in SUPPORTED if lang not in texts]
        if missing:
            raise ValueError(f"message {code!r} lacks {missing}")
        _catalogue[code] = dict(texts)


def register_terms(terms: Mapping[str, Mapping[str, str]]) -> None:
    """Add the domain's vocabulary (``{"branch": {"vi": "chi bộ trực thuộc", "en": "branch"}}``).

    Rule values are stable codes (``branch``, ``probationary``); a message shows them in the reader's language, so a
    Vietnamese reader never meets "Tổ chức loại branch" and an English one still reads the same word."""
    for term, texts in terms.items():
        missing = [lang for lang in SUPPORTED if lang not in texts]
        if missing:
            raise ValueError(f"term {term!r} lacks {missing}")
        _terms[term] = dict(texts)


def term(value: str, language: str) -> str:
    """``value`` in ``language`` if it is a registered term, else unchanged (ids, numbers and names pass through)."""
    texts = _terms.get(value)
    return value if texts is None else texts.get(language) or texts[DEFAULT_LANGUAGE]


def has_message(code: str) -> bool:
    return code in _catalogue


def translate(code: str, language: str, /, default: str | None = None, **params: Any) -> str:
    """The message for ``code`` in ``language`` with ``params`` filled in; ``default`` or the code if unknown."""
    texts = _catalogue.get(code)
    if texts is None:
        return default if default is not None else code
    template = texts.get(language) or texts[DEFAULT_LANGUAGE]
    try:
        return template.format(**{k: _render(v, language) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        return template


def _render(value: Any, language: str) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(term(str(v), language) for v in value)
    if isinstance(value, str):
        return term(value, language)
    return value


def negotiate_language(accept_language: str | None) -> str:
    """Pick ``vi`` or ``en`` from an ``Accept-Language`` header (q-values honoured); Vietnamese by default."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    preferred: list[tuple[float, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, q = piece.partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        preferred.append((-weight + position * 1e-6, tag.strip().replace("-", "_")))
    tags = [tag for _, tag in sorted(preferred) if tag != "*"]
    chosen = negotiate_locale(tags, list(SUPPORTED), sep="_")
    if chosen:
        return chosen
    for tag in tags:
        try:
            lang = Locale.parse(tag).language
        except (UnknownLocaleError, ValueError):
            continue
        if lang in SUPPORTED:
            return lang
    return DEFAULT_LANGUAGE
