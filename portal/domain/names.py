"""Rules for pseudonyms (display names): safe to show, impossible to trace.

Like Togetherall, we refuse names that look like a real full name, a phone number,
an email address, a social handle or a long string of digits.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

MIN_LENGTH = 3
MAX_LENGTH = 30

_ALLOWED = re.compile(r"^[\w .'-]+$")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_DIGIT_RUN = re.compile(r"\d{5,}")
_PHONE_LIKE = re.compile(r"(?:\d[\s.()-]*){7,}")
_HANDLE = re.compile(r"(^|\s)@\w")


class NameRefused(ValueError):
    """A display name we cannot accept. ``code`` is a message key."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@functools.cache
def _given_names() -> frozenset[str]:
    text = (Path(__file__).with_name("given_names.txt")).read_text(encoding="utf-8")
    words = " ".join(line for line in text.splitlines() if not line.startswith("#")).split()
    return frozenset(words)


def normalise_display_name(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())


def display_name_key(name: str) -> str:
    """What uniqueness is checked on: case-insensitive, spacing-insensitive."""
    return normalise_display_name(name).casefold()


def looks_like_full_name(name: str) -> bool:
    words = name.split()
    if len(words) < 2 or len(words) > 4:
        return False
    if not all(word.isalpha() and word[0].isupper() for word in words):
        return False
    return words[0].casefold() in _given_names()


def validate_display_name(raw: str) -> str:
    """The cleaned name, or ``NameRefused`` with the reason's message key."""
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
    if looks_like_full_name(name):
        raise NameRefused("name.looks_like_real_name")
    return name
