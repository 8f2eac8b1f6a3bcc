"""Cleaning of everything members write, at write time.

This is the only module that imports bleach, so swapping it for nh3 touches one file.

User text (posts, replies, private messages, bios) is stored as Markdown that contains
no HTML at all. The app renders it with raw HTML off, so plain characters such as the
``<`` in ``a < b`` or ``<3`` are stored as typed (not as ``&lt;``) and shown as text.

What ``clean_user_text`` guarantees about its result:

- no ``<`` is directly followed by an ASCII letter, ``/``, ``!`` or ``?``, so no HTML
  parser can find a tag, comment, declaration or processing instruction in it, and no
  Markdown autolink (``<scheme:...>``) can form. Tags are removed with their
  attributes (``<br>`` and the end of a block such as ``</p>`` leave a line break);
  comments and the contents of ``<script>``/``<style>`` go too. Safe autolinks
  (``<https://...>``, ``<name@host>``) are unwrapped, others dropped. A leftover tag
  opener that is really text (``x<y``) gets a space: ``x< y``;
- no image: ``![alt](url)``, ``![alt][ref]`` and ``![alt]`` become ``alt`` (remote
  images would leak readers' IP addresses);
- every Markdown link target (``[x](target)``, ``[ref]: target``) literally starts
  with ``http://``, ``https://``, ``mailto:`` or ``tel:``. Any other target
  (``javascript:``, ``data:``, relative, encoded or escaped schemes) is neutralised by
  escaping the bracket's follower (``]\\(`` / ``]\\:``), which shows the text as typed
  and makes no link;
- no control characters except newline and tab; newlines are ``\\n``; Unicode NFC; no
  bidirectional override/isolate characters, byte-order marks, lone surrogates or
  noncharacters; no trailing whitespace on any line (so Markdown's two-space hard
  break is dropped: the app should render newlines as line breaks); at most one blank
  line in a row; no blank lines at the start or end;
- ``clean_user_text(clean_user_text(x)) == clean_user_text(x)``.

Entities such as ``&amp;`` are left as typed: decoding them would make the function
unstable (``&amp;lt;`` -> ``&lt;`` -> ``<``) and could turn text back into markup.

Errors: ``EmptyText`` when nothing visible is left, ``TextTooLong`` when the cleaned
text has more than ``max_length`` code points, or the raw text is so long
(over ``4 * max_length + 1024``) that it is refused before any work is done.
Both are ``SanitizeError`` (a ``ValueError``) carrying a message key and params.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable

from bleach.sanitizer import Cleaner

from portal.domain.keyed_error import KeyedError
from portal.domain.sanitize_markdown import (
    SAFE_LINK_REL,
    SAFE_URL_SCHEMES,
    contains_link,
    is_safe_url,
    neutralise_link_targets,
    replace_images,
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
    "is_safe_url",
]

MESSAGE_KEY_PREFIX = "sanitize."

# Raw input beyond this is refused unread; cleaning rarely shrinks text by 4x.
_RAW_LENGTH_FACTOR = 4
_RAW_LENGTH_SLACK = 1024
# Passes until a fixpoint; two are enough (the second confirms). Any single pass
# already yields safe text, so the cap only matters for idempotency.
_MAX_PASSES = 6
_MAX_TAG_ROUNDS = 4


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


# ---------------------------------------------------------------------- HTML

_TAG_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_RAW_TEXT_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
_RAW_TEXT_CLOSE = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}
_SIMPLE_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9\-]{0,30})"
    r"(?:\s+[A-Za-z_:@][\w:.\-]{0,60}"
    r"(?:\s*=\s*(?:\"[^\"<>]{0,500}\"|'[^'<>]{0,500}'|[^\s\"'<>=`]{1,500}))?){0,30}"
    r"\s*/?>"
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tr ul".split()
)
# bleach escapes the text it keeps; hiding the author's own "&" behind a noncharacter
# (removed from input above) lets us undo exactly bleach's escapes and nothing else.
_AMPERSAND_STAND_IN = "\ufdd0"
_per_thread = threading.local()
_BLEACH_ESCAPES = re.compile(r"&(lt|gt|amp|quot|#39);")
_UNESCAPED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "#39": "'"}
# Markdown autolinks look like tags to an HTML parser; unwrap them before bleach runs.
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_EMAIL_AUTOLINK = re.compile(
    r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*)>"
)


def _strip_html(text: str) -> str:
    if "<" not in text:
        return text
    text = _EMAIL_AUTOLINK.sub(r"\1", text)
    text = _AUTOLINK.sub(lambda match: match.group(1) if is_safe_url(match.group(1)) else "", text)
    text = _LINE_BREAK_TAG.sub("\n", text)
    text = _drop_raw_text_elements(text)
    text = _drop_comments(text)
    for _ in range(_MAX_TAG_ROUNDS):
        # Well-formed tags go at regex speed; bleach's HTML parser handles whatever is
        # left (malformed, quoted ">" and the like), one paragraph at a time: tags
        # rarely span a blank line and the parser is slow, so most text never meets it.
        text = _SIMPLE_TAG.sub(_simple_tag_replacement, text)
        if not _TAG_OPENER.search(text):
            break
        text = "\n\n".join(_strip_paragraph_tags(part) for part in text.split("\n\n"))
    return _TAG_OPENER.sub("< ", text)


def _strip_paragraph_tags(paragraph: str) -> str:
    first_opener = _TAG_OPENER.search(paragraph)
    if first_opener is None:
        return paragraph
    # Text before the first tag is plain. A tag opener after the last ">" never
    # closes: a browser would swallow the rest, we keep it as text (the final guard
    # makes its "<" harmless).
    start, end = first_opener.start(), paragraph.rfind(">") + 1
    if end <= start:
        return paragraph
    return paragraph[:start] + _bleach_strip(paragraph[start:end]) + paragraph[end:]


def _tag_stripper() -> Cleaner:
    # A Cleaner saves ~30 us per call over bleach.clean but is not thread-safe.
    stripper: Cleaner | None = getattr(_per_thread, "tag_stripper", None)
    if stripper is None:
        stripper = Cleaner(
            tags=frozenset(),
            attributes={},
            protocols=frozenset(),
            strip=True,
            strip_comments=True,
        )
        _per_thread.tag_stripper = stripper
    return stripper


def _bleach_strip(text: str) -> str:
    cleaned = _tag_stripper().clean(text.replace("&", _AMPERSAND_STAND_IN))
    cleaned = _BLEACH_ESCAPES.sub(lambda match: _UNESCAPED[match.group(1)], cleaned)
    return cleaned.replace(_AMPERSAND_STAND_IN, "&")


def _simple_tag_replacement(match: re.Match[str]) -> str:
    # Closing a block keeps the text apart, as a browser would show it.
    return "\n" if match.group(1) and match.group(2).lower() in _BLOCK_TAGS else ""


def _drop_comments(text: str) -> str:
    kept: list[str] = []
    position = 0
    while (opening := text.find("<!--", position)) != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            break
        kept.append(text[position:opening])
        position = closing + 3
    kept.append(text[position:])
    return "".join(kept)


def _drop_raw_text_elements(text: str) -> str:
    """Remove ``<script>``/``<style>`` elements with their contents (junk, never prose)."""
    kept: list[str] = []
    position = 0
    while opening := _RAW_TEXT_OPEN.search(text, position):
        closing = _RAW_TEXT_CLOSE[opening.group(1).lower()].search(text, opening.end())
        if closing is None:
            break
        kept.append(text[position : opening.start()])
        position = closing.end()
    kept.append(text[position:])
    return "".join(kept)


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
    text = _normalise_characters(text)
    text = _strip_html(text)
    text = replace_images(text)
    text = neutralise_link_targets(text)
    return _tidy_lines(text)


def _clean_line_pass(text: str) -> str:
    text = _normalise_characters(text).replace("\n", " ").replace("\t", " ")
    text = "".join(
        ch for ch in text if unicodedata.category(ch) != "Cf" or ch in _ALLOWED_FORMAT_CHARACTERS
    )
    text = _strip_html(text)
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
    """Multi-line Markdown/plain text from a member, ready to store (see module doc).

    Raises ``EmptyText`` or ``TextTooLong`` (both ``SanitizeError``); ``ValueError``
    only for a ``max_length`` below 1, which is a programming error.
    """
    _check_limits(raw, max_length)
    return _checked_result(_to_fixpoint(_clean_text_pass, raw), max_length)


def clean_plain_line(raw: str, *, max_length: int) -> str:
    """A one-line field (display name, title): no HTML, no newlines, no control or
    invisible format characters, spaces folded to one, trimmed, NFC.

    The result is plain text, not Markdown: render it as text. Same errors as
    ``clean_user_text``.
    """
    _check_limits(raw, max_length)
    return _checked_result(_to_fixpoint(_clean_line_pass, raw), max_length)
