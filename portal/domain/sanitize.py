"""Normalising everything members write, at write time: what they typed is what is kept.

Nothing a member writes is removed for looking like markup. ``I'll be there <after
work>``, ``if x<y then y>x``, ``press <Enter>``, ``&lt;``, ``[my notes](notes.txt)`` and
even ``<script>alert(1)</script>`` are stored exactly as typed. Safety comes from how the
app shows member text, never from stripping it (``portal/components/member_text.py``):

- Markdown fields (posts, replies, private messages, bios, notes, group rules) are
  rendered by react-markdown with raw HTML, character references and images switched
  off, and any link whose target is not http(s), mailto, tel or sms shown as the text
  the member typed; no element outside Markdown's own small set can appear;
- one-line fields (content warnings, places, report notes, names, titles) are text nodes.

Both escape at render time, so no HTML ever reaches the page from member text, and a
member's ``<`` or ``&`` reads the same wherever it shows.

What ``clean_user_text`` does:

- no control characters except newline and tab; newlines are ``\\n``; Unicode NFC; no
  bidirectional override/isolate characters, byte-order marks, lone surrogates or
  noncharacters (invisible, and used to disguise text);
- no trailing whitespace on any line (so Markdown's two-space hard break is dropped: the
  app renders newlines as line breaks); at most one blank line in a row; no blank lines
  at the start or end;
- ``clean_user_text(clean_user_text(x)) == clean_user_text(x)``.

Nothing visible is ever removed, so the author never needs to be told about a removal.

Errors: ``EmptyText`` when nothing visible is left, ``TextTooLong`` when the cleaned
text has more than ``max_length`` code points, or the raw text is so long
(over ``4 * max_length + 1024``) that it is refused before any work is done.
Both are ``SanitizeError`` (a ``ValueError``) carrying a message key and params.

No HTML sanitiser is needed any more (bleach was used to strip tags). If one is ever
needed again, it is imported here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from portal.domain.keyed_error import KeyedError
from portal.domain.sanitize_markdown import (
    SAFE_LINK_REL,
    SAFE_URL_SCHEMES,
    contains_link,
    is_safe_link_target,
    is_safe_url,
)

__all__ = [
    "SAFE_LINK_REL",
    "SAFE_URL_SCHEMES",
    "EmptyText",
    "SanitizeError",
    "TextTooLong",
    "clean_plain_line",
    "clean_user_text",
    "contains_link",
    "is_safe_link_target",
    "is_safe_url",
]

MESSAGE_KEY_PREFIX = "sanitize."

# Raw input beyond this is refused unread; cleaning rarely shrinks text by 4x.
_RAW_LENGTH_FACTOR = 4
_RAW_LENGTH_SLACK = 1024
# Passes until a fixpoint; two are enough (the second confirms).
_MAX_PASSES = 6


class SanitizeError(KeyedError):
    """Text that cannot be stored, as a message key plus params."""

    key_prefix = MESSAGE_KEY_PREFIX


class EmptyText(SanitizeError):
    """Nothing visible is left after cleaning."""

    def __init__(self) -> None:
        super().__init__("empty")


class TextTooLong(SanitizeError):
    """Longer than allowed; ``params`` holds ``max_length`` and ``length``."""

    def __init__(self, *, max_length: int, length: int) -> None:
        super().__init__("too_long", {"max_length": max_length, "length": length})


ENGLISH_MESSAGES: dict[str, str] = {
    "empty": "Please write something first.",
    "too_long": "That's a little long. Please keep it under {max_length} characters.",
}


# ---------------------------------------------------------------- characters

_NEWLINE_VARIANTS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")
# Control characters (bar tab and newline), bidi embeddings/overrides/isolates (used to
# disguise text), BOM, interlinear annotations, lone surrogates and noncharacters.
# Characters beyond the BMP make a regex class slow, so the few noncharacters up there
# get their own pattern behind a cheap range check.
_DISALLOWED_BMP_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_AT_OR_BEYOND_U1FFFE = re.compile("[\U0001fffe-\U0010ffff]")
_SUPPLEMENTARY_NONCHARACTERS = re.compile(
    "["
    + "".join(chr(plane * 0x10000 + low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))
    + "]"
)
# Invisible characters allowed in a one-line name: joiners (emoji, Indic and Persian
# scripts) and tag characters (subdivision flag emoji).
_ALLOWED_FORMAT_CHARACTERS = frozenset("\u200c\u200d") | frozenset(
    chr(code) for code in range(0xE0020, 0xE0080)
)


def _normalise_characters(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    text = _NEWLINE_VARIANTS.sub("\n", text)
    text = _DISALLOWED_BMP_CHARACTERS.sub("", text)
    if _AT_OR_BEYOND_U1FFFE.search(text):
        text = _SUPPLEMENTARY_NONCHARACTERS.sub("", text)
    return unicodedata.normalize("NFC", text)


def _is_blank(text: str) -> bool:
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


# ---------------------------------------------------------------- whitespace

_RUN_OF_BLANK_LINES = re.compile(r"\n{3,}")
_ANY_WHITESPACE = re.compile(r"\s+")


def _tidy_lines(text: str) -> str:
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _RUN_OF_BLANK_LINES.sub("\n\n", text)
    text = text.strip("\n")
    return unicodedata.normalize("NFC", text)


# -------------------------------------------------------------------- public


def _clean_text_pass(text: str) -> str:
    return _tidy_lines(_normalise_characters(text))


def _clean_line_pass(text: str) -> str:
    text = _normalise_characters(text).replace("\n", " ").replace("\t", " ")
    text = "".join(
        ch for ch in text if unicodedata.category(ch) != "Cf" or ch in _ALLOWED_FORMAT_CHARACTERS
    )
    text = _ANY_WHITESPACE.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


def _to_fixpoint(clean_pass: Callable[[str], str], text: str) -> str:
    for _ in range(_MAX_PASSES):
        cleaned = clean_pass(text)
        if cleaned == text:
            return cleaned
        text = cleaned
    return text


def _check_limits(raw: str, max_length: int) -> None:
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    if len(raw) > _RAW_LENGTH_FACTOR * max_length + _RAW_LENGTH_SLACK:
        raise TextTooLong(max_length=max_length, length=len(raw))


def _checked_result(text: str, max_length: int) -> str:
    if _is_blank(text):
        raise EmptyText()
    if len(text) > max_length:
        raise TextTooLong(max_length=max_length, length=len(text))
    return text


def clean_user_text(raw: str, *, max_length: int) -> str:
    """Multi-line Markdown from a member, as typed and normalised (see module doc).

    Raises ``EmptyText`` or ``TextTooLong`` (both ``SanitizeError``); ``ValueError``
    only for a ``max_length`` below 1, which is a programming error.
    """
    _check_limits(raw, max_length)
    return _checked_result(_to_fixpoint(_clean_text_pass, raw), max_length)


def clean_plain_line(raw: str, *, max_length: int) -> str:
    """A one-line field (display name, title, content warning, place, note): kept as
    typed, with no newlines, no control or invisible format characters, spaces folded
    to one, trimmed, NFC.

    The result is plain text, not Markdown: render it as text (``member_plain``). Same
    errors as ``clean_user_text``.
    """
    _check_limits(raw, max_length)
    return _checked_result(_to_fixpoint(_clean_line_pass, raw), max_length)
