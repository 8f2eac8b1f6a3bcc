"""Every language a member may speak: ISO 639 codes, named by Babel (CLDR) data.

Codes are stored; names are never stored, only looked up in the reader's interface
language. The codes are the two- and three-letter ISO 639 codes CLDR names (about 600),
so Amharic ("am"), Khmer ("km") or American Sign Language ("ase") are all as good as
English. Search folds accents and case and forgives a small misspelling, so "amhárico"
finds Amharic in Spanish (CLDR spells it "amárico").
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache

from babel import Locale

# CLDR names these too, but they are not languages a person speaks.
_NOT_SPOKEN = frozenset({"und", "mul", "zxx", "mis"})
_CODE = re.compile(r"^[a-z]{2,3}$")
_SPLIT = re.compile(r"[,;\n]+")
# How close a misspelling may be to a name's start to still count (0..1).
_CLOSE_ENOUGH = 0.85
MAX_LANGUAGES = 12


@cache
def _names(locale: str) -> dict[str, str]:
    return {code: name for code, name in Locale.parse(locale).languages.items()
            if _CODE.match(code) and code not in _NOT_SPOKEN}


LANGUAGE_CODES: frozenset[str] = frozenset(_names("en"))


def is_language(code: object) -> bool:
    return isinstance(code, str) and code in LANGUAGE_CODES


def language_name(code: str, locale: str, *, in_sentence: bool = False) -> str:
    """The language's name in ``locale`` (English when that locale lacks it); else the code.

    Capitalised to stand alone in a list; ``in_sentence`` keeps CLDR's own case, so
    Spanish says "habla amárico" mid-sentence.
    """
    name = _names(locale).get(code) or _names("en").get(code) or code
    return name if in_sentence else name[:1].upper() + name[1:]


def fold(text: str) -> str:
    """Lower case without accents, for comparing what she typed with a name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def _score(query: str, name: str) -> float:
    folded = fold(name)
    if folded == query:
        return 3.0
    if folded.startswith(query):
        return 2.0
    if any(word.startswith(query) for word in folded.split()):
        return 1.5
    if len(query) >= 4:
        ratio = SequenceMatcher(None, query, folded[: len(query) + 1]).ratio()
        if ratio >= _CLOSE_ENOUGH:
            return ratio
    return 0.0


def _ranked(wanted: str, locale: str) -> list[tuple[float, str, str]]:
    scored: list[tuple[float, str, str]] = []
    for code in LANGUAGE_CODES:
        shown = language_name(code, locale)
        best = max(_score(wanted, shown), _score(wanted, language_name(code, "en")),
                   3.0 if wanted == code else 0.0)
        if best:
            scored.append((-best, fold(shown), code))
    scored.sort()
    return scored


def search_languages(query: str, locale: str, *, limit: int = 10) -> tuple[tuple[str, str], ...]:
    """(code, name in ``locale``) best first: exact, then name starts, then near spellings.

    Names in ``locale`` and in English both count, and so does the code itself.
    """
    wanted = fold(query or "")[:60]
    if not wanted:
        return ()
    return tuple((code, language_name(code, locale))
                 for _, _, code in _ranked(wanted, locale)[:limit])


def resolve_language(text: str, locale: str) -> str | None:
    """One typed language (a code, or a name in ``locale`` or English) as its code.

    An exact name or code wins; otherwise a longer text that fits one language only.
    """
    wanted = fold(text or "")[:60]
    if is_language(wanted):
        return wanted
    if not wanted:
        return None
    ranked = _ranked(wanted, locale)
    if ranked and ranked[0][0] <= -3.0:
        return ranked[0][2]
    if len(wanted) >= 4 and len(ranked) == 1:
        return ranked[0][2]
    return None


def resolve_languages(text: str, locale: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Codes for "Amharic, khmer; tl", and the parts that matched no language."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in _SPLIT.split(text or "")[: MAX_LANGUAGES * 2]:
        if not part.strip():
            continue
        code = resolve_language(part, locale)
        if code is None:
            unknown.append(part.strip()[:40])
        elif code not in codes:
            codes.append(code)
    return tuple(codes), tuple(unknown)


def ordered_languages(codes, first: tuple[str, ...] = ()) -> tuple[str, ...]:
    """``first`` (the usual ones, in their order), then the rest by code; unknown dropped."""
    chosen = {code for code in codes if is_language(code)}
    return tuple(code for code in first if code in chosen) + tuple(
        sorted(chosen - set(first)))


def datalist_names(locale: str) -> tuple[str, ...]:
    """Every name in ``locale``, sorted, for the picker's suggestions."""
    return tuple(sorted({language_name(code, locale) for code in LANGUAGE_CODES}, key=fold))
