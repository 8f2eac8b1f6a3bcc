"""Rules for pseudonyms (display names): safe to show, impossible to trace, never staff.

Like Togetherall, we refuse names that look like a real full name, a phone number,
an email address, a social handle or a long string of digits.

Names cannot pass for someone else's or for staff (Unicode TR39, with the confusables
data and script table shipped by ``confusable-homoglyphs``): uniqueness is decided on
a confusables skeleton, a name is written in one script (plus digits and punctuation),
and members may not use words that sound official ("Moderator", "Lantern Team").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from confusable_homoglyphs import categories as _scripts
from confusable_homoglyphs import confusables as _confusables

from portal.domain.refusal import Refused

MIN_LENGTH = 3
MAX_LENGTH = 30

_ALLOWED = re.compile(r"^[\w .'-]+$")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_DIGIT_RUN = re.compile(r"\d{5,}")
_PHONE_LIKE = re.compile(r"(?:\d[\s.()-]*){7,}")
_HANDLE = re.compile(r"(^|\s)@\w")
SKELETON_MAX_LENGTH = 255

# Words that make a member look like Lantern's staff, in English and Spanish. Compared
# whole-word on the skeleton, so case, accents and look-alike letters do not get around it.
RESERVED_WORDS = frozenset({
    "staff", "staffs", "personal",
    "admin", "admins", "administrator", "administrators", "administrador", "administradora",
    "administradores", "administradoras",
    "mod", "mods", "moderator", "moderators", "moderador", "moderadora", "moderadores",
    "moderadoras",
    "lantern", "lanterns",
    "support", "apoyo", "soporte",
    "team", "equipo",
    "official", "officials", "oficial", "oficiales",
})
# Scripts that are not a script of their own: digits, punctuation, combining marks.
_NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED"})
# TR39 "highly restrictive": the scripts a CJK name mixes by nature, optionally with Latin.
_MIXABLE_SCRIPTS = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")
_WORD_SEPARATORS = re.compile(r"[\s._'\-]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")


class NameRefused(Refused, ValueError):
    """A display name we cannot accept. ``code`` is a message key."""


@functools.cache
def _given_names() -> frozenset[str]:
    text = (Path(__file__).with_name("given_names.txt")).read_text(encoding="utf-8")
    words = " ".join(line for line in text.splitlines() if not line.startswith("#")).split()
    return frozenset(words)


def given_names() -> frozenset[str]:
    """The common given names (lower case) a real full name starts with."""
    return _given_names()


def normalise_display_name(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())


def display_name_key(name: str) -> str:
    """What uniqueness is checked on: case-insensitive, spacing-insensitive."""
    return normalise_display_name(name).casefold()


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each confusable character and the prototype TR39 maps it to.

    The package stores confusables.txt both ways (source to prototype and back). A
    prototype is never itself a source, so a character with several look-alikes is a
    prototype, and a character with exactly one is the source of that one. Where both
    sides have only each other, both map to the smaller one: the same class either way.
    """
    data = _confusables.confusables_data
    mapping: dict[str, str] = {}
    for raw, entries in data.items():
        char = raw.translate(_DIRECTION_MARKS)
        if len(char) != 1 or len(entries) != 1:
            continue
        other = entries[0]["c"].translate(_DIRECTION_MARKS)
        if not other or other == char:
            continue
        if len(other) > 1 or len(data.get(entries[0]["c"], ())) > 1:
            mapping[char] = other
        elif other < char:
            mapping[char] = other
    return mapping


def _skeleton(text: str) -> str:
    """TR39 skeleton: NFD, map every character to its prototype, NFD again."""
    prototypes = _prototypes()
    mapped = "".join(prototypes.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def name_skeleton(name: str) -> str:
    """What look-alike uniqueness is checked on: two names with one skeleton look the same.

    Case is folded between two skeleton passes, so "ΜAPLE", "Maple" and "rnaple" (r, n)
    all meet: the first pass turns look-alikes into Latin prototypes, the fold makes them
    lower case, the second pass maps the lower-case letters.
    """
    first = _skeleton(normalise_display_name(name))
    return _skeleton(first.casefold())


def scripts_of(name: str) -> frozenset[str]:
    """The writing systems a name uses, leaving out digits, punctuation and marks."""
    return frozenset(_scripts.unique_aliases(name)) - _NEUTRAL_SCRIPTS


def is_mixed_script(name: str) -> bool:
    scripts = scripts_of(name)
    if len(scripts) <= 1:
        return False
    return not any(scripts <= allowed for allowed in _MIXABLE_SCRIPTS)


def _bare(text: str) -> str:
    """The skeleton without accents, for comparing words ("Lántern" is "Lantern")."""
    return "".join(ch for ch in name_skeleton(text) if unicodedata.category(ch) != "Mn")


@functools.cache
def _reserved_skeletons() -> frozenset[str]:
    return frozenset(_bare(word) for word in RESERVED_WORDS)


def reserved_word_in(name: str) -> bool:
    """Whether a whole word of ``name`` reads as a staff word (any case, accent, look-alike).

    Words are split at spaces, dots, dashes, underscores and apostrophes, and camel case
    ("LanternTeam") is looked at both whole and in its parts.
    """
    reserved = _reserved_skeletons()
    for token in _WORD_SEPARATORS.split(normalise_display_name(name)):
        if not token:
            continue
        parts = {token, *_CAMEL_BOUNDARY.split(token)}
        # As written ("IANTERN": capital i for l) and folded first ("ADMIN": the capital I
        # is an i there, which TR39 alone would read as an l).
        candidates = {form for part in parts if part for form in (part, part.casefold())}
        if any(_bare(candidate) in reserved for candidate in candidates):
            return True
    return False


def looks_like_full_name(name: str) -> bool:
    words = name.split()
    if len(words) < 2 or len(words) > 4:
        return False
    if not all(word.isalpha() and word[0].isupper() for word in words):
        return False
    return words[0].casefold() in _given_names()


def validate_display_name(raw: str, *, allow_reserved: bool = False) -> str:
    """The cleaned name, or ``NameRefused`` with the reason's message key.

    ``allow_reserved`` is only for staff accounts (moderators and admins, created by an
    admin's invite or on the command line), who may say what they are.
    """
    name = normalise_display_name(raw)
    if len(name) < MIN_LENGTH:
        raise NameRefused("name.too_short")
    if len(name) > MAX_LENGTH:
        raise NameRefused("name.too_long")
    if _EMAIL.search(name):
        raise NameRefused("name.looks_like_email")
    if _PHONE_LIKE.search(name) or _DIGIT_RUN.search(name):
        raise NameRefused("name.too_many_digits")
    if _HANDLE.search(name):
        raise NameRefused("name.looks_like_handle")
    if not _ALLOWED.match(name):
        raise NameRefused("name.bad_characters")
    if is_mixed_script(name):
        raise NameRefused("name.mixed_scripts")
    if not allow_reserved and reserved_word_in(name):
        raise NameRefused("name.reserved")
    if looks_like_full_name(name):
        raise NameRefused("name.looks_like_real_name")
    if len(name_skeleton(name)) > SKELETON_MAX_LENGTH:
        raise NameRefused("name.too_long")
    return name
