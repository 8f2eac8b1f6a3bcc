"""Languages in words, and the picker's typed names back into codes.

Shared by the states with a language picker; no Reflex state lives here.
"""

from __future__ import annotations

from collections.abc import Iterable

from portal.domain.languages import MAX_LANGUAGES, language_name, resolve_languages
from portal.state.payload import text


def language_words(lang: str, codes: Iterable[str], *, in_sentence: bool = False) -> str:
    return ", ".join(language_name(code, lang, in_sentence=in_sentence) for code in codes)


def others_typed(codes: Iterable[str], lang: str, usual: Iterable[str]) -> str:
    """The saved languages without a checkbox, as names for the picker to show."""
    shown = set(usual)
    return language_words(lang, [code for code in codes if code not in shown])


def typed_languages(typed: object, lang: str) -> list[str]:
    """Codes for what she typed; a part that is no language is kept as typed, so the
    service refuses it (calmly) instead of it being silently dropped."""
    codes, unknown = resolve_languages(text(typed, 600), lang)
    return [*codes, *unknown][: MAX_LANGUAGES * 2]


def one_language(typed: object, lang: str) -> str:
    """The one language typed (a group has one); otherwise what was typed, to be refused."""
    found = typed_languages(typed, lang)
    return found[0] if len(found) == 1 else text(typed, 60)


def picked_languages(ticked: list[str], typed: object, lang: str) -> list[str]:
    """Ticked usual languages plus the ones typed in the picker, without repeats."""
    picked = list(ticked)
    for code in typed_languages(typed, lang):
        if code not in picked:
            picked.append(code)
    return picked
