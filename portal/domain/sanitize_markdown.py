"""Markdown links and images in user text, and link detection.

Pure regex and scanning, no HTML parser: ``sanitize.py`` (the only module that imports
bleach) calls ``replace_images`` and ``neutralise_link_targets`` on text that has
already lost its HTML, and re-exports the public names here.

The rule for link targets is deliberately literal: a target is kept only when its
first characters are ``http://``, ``https://``, ``mailto:`` or ``tel:``. Decoding
entities or escapes is never needed to decide, because no encoding can appear inside
those literal prefixes, and anything else (``javascript:``, ``data:``, ``&#106;...``,
``java\\script:``, relative paths) is refused.
"""

from __future__ import annotations

import re
import unicodedata

SAFE_LINK_REL = "nofollow noopener noreferrer ugc"
SAFE_URL_SCHEMES: tuple[str, ...] = ("http", "https", "mailto", "tel")

# Bracket scans stop here so adversarial "[[[[..." input stays linear.
_MAX_BRACKET_SCAN = 1000

_SAFE_TARGET_START = re.compile(r"https?://[^\s/?#\\]|mailto:[^\s]|tel:[+\d(]", re.IGNORECASE)
_LINK_TARGET_INTRO = re.compile(r"\]([(:])")


def _is_escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _skip_link_whitespace(text: str, index: int) -> int:
    """Skip spaces and tabs and at most one line ending, as CommonMark allows."""
    length = len(text)
    while index < length and text[index] in " \t":
        index += 1
    if index < length and text[index] == "\n":
        index += 1
        while index < length and text[index] in " \t":
            index += 1
    return index


_BRACKET_TOKEN = re.compile(r"\\.|[\[\]]|\n[ \t]*(?=\n|$)", re.DOTALL)


def _bracket_pairs(text: str) -> dict[int, int]:
    """Index of each ``[`` -> index of its ``]``, pairing within a paragraph and
    skipping backslash-escaped brackets; one pass, so "![![![..." stays linear."""
    pairs: dict[int, int] = {}
    open_brackets: list[int] = []
    for token in _BRACKET_TOKEN.finditer(text):
        kind = token.group(0)[0]
        if kind == "[":
            open_brackets.append(token.start())
        elif kind == "]":
            if open_brackets:
                pairs[open_brackets.pop()] = token.start()
        elif kind == "\n":
            open_brackets.clear()  # a blank line ends the paragraph
    return pairs


# An inline link tail, "(target "title")", as CommonMark writes it: a <pointy> target
# or a bare one with balanced parentheses (one level), then an optional title. Any
# exotic form it misses is left as plain text after the image's alt (still no image).
_LINK_SPACE = r"[ \t]*(?:\n[ \t]*)?"
_BARE_TARGET_PART = r"(?:[^\s()<>\\]|\\.)*"
_INLINE_TAIL = re.compile(
    r"\("
    + _LINK_SPACE
    + r"(?:<[^<>\n]*>|"
    + _BARE_TARGET_PART
    + r"(?:\((?:[^\s()\\]|\\.)*\)"
    + _BARE_TARGET_PART
    + r")*)"
    + r"(?:[ \t\n]+(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?"
    + _LINK_SPACE
    + r"\)",
    re.DOTALL,
)


def _image_end(text: str, closing_bracket: int) -> int:
    """End of an image's tail after its ``]``: an inline target, a reference, or none."""
    after = closing_bracket + 1
    if text.startswith("(", after):
        tail = _INLINE_TAIL.match(text, after)
        return tail.end() if tail else after
    if text.startswith("[", after):
        label_end = text.find("]", after, after + _MAX_BRACKET_SCAN)
        if label_end != -1 and "[" not in text[after + 1 : label_end]:
            return label_end + 1
    return after


def replace_images(text: str) -> str:
    """``![alt](url)``, ``![alt][ref]`` and ``![alt]`` become ``alt``; any other
    ``![`` is escaped, so no image can form."""
    if "![" not in text:
        return text
    pairs = _bracket_pairs(text)
    kept: list[str] = []
    position = 0
    while (start := text.find("![", position)) != -1:
        if _is_escaped(text, start):
            kept.append(text[position : start + 2])
            position = start + 2
            continue
        closing = pairs.get(start + 1)
        kept.append(text[position:start])
        if closing is None:
            kept.append("!\\[")
            position = start + 2
            continue
        # An image inside the alt stays visible as text: flattening nested images
        # one level per pass could take as many passes as there are levels.
        kept.append(text[start + 2 : closing].replace("![", "!\\["))
        position = _image_end(text, closing)
    kept.append(text[position:])
    # Whatever is left of "![" (an escaped "!") must not start an image either.
    return "".join(kept).replace("![", "!\\[")


def neutralise_link_targets(text: str) -> str:
    """Escape ``](`` and ``]:`` unless a safe target follows: ``]\\(`` shows as typed."""

    def neutralise(match: re.Match[str]) -> str:
        target = _skip_link_whitespace(text, match.end())
        if text.startswith("<", target):
            target += 1
        if _SAFE_TARGET_START.match(text, target):
            return match.group(0)
        return "]\\" + match.group(1)

    return _LINK_TARGET_INTRO.sub(neutralise, text)


_URL_FORMS = re.compile(
    r"https?://[^/?#\\][^\s]*|mailto:[^/][^\s]*|tel:\+?[\d(][\d\-.()]*", re.IGNORECASE
)
_URL_UNSAFE_CHARACTER = re.compile(r"[\x00-\x20\x7f-\x9f<>\"\\`\s]")


def is_safe_url(url: str) -> bool:
    """True for an absolute http(s), mailto or tel URL with nothing a browser would
    strip or reinterpret (no whitespace, controls, quotes, angle brackets, backslashes).
    """
    url = url.strip(" \t\n")
    return bool(_URL_FORMS.fullmatch(url)) and not _URL_UNSAFE_CHARACTER.search(url)


# Top-level domains that spam and recruiters use and that do not double as common
# English or Spanish words (so "do it.It was" or "lo que es.Es" are not links).
_LINK_TLDS = (
    "com|net|org|info|biz|io|co|ly|ru|cn|xyz|top|online|site|website|app|dev|link|"
    "click|club|shop|store|live|life|tk|ml|ga|cf|gq|uk|mx|ar|cl|pe|ec|uy|cr|gt|hn|sv|"
    "bo|br|fr|tv|cc|ws|su|gg|ai|vip|fun|icu|work|buzz|page|chat|social|gov|edu|eu|ca|au"
)
# Each alternative starts only where a run of its characters starts, so a long run
# ("a-a-a-...") is tried once, not from every position (which would be quadratic).
_LINK_PATTERNS = re.compile(
    r"[a-z][a-z0-9+.\-]{0,31}://"  # any scheme://
    r"|\b(?:mailto|sms|whatsapp|tg|tel):(?=\S)"
    r"|\bwww\s?\."
    r"|\]\(\s*\S"  # a Markdown link
    rf"|(?<![\w@.\-])(?:[a-z0-9\-]+\.)+(?:{_LINK_TLDS})(?![\w\-])"
    r"|(?<![\w@.\-])[a-z0-9\-]+\.[a-z]{2,24}/[\w\-]"  # t.me/name, wa.me/123
    rf"|(?<![\w\-])[a-z0-9\-]{{2,}}\s*[\[(]\s*(?:\.|dot|punto)\s*[\])]\s*(?:{_LINK_TLDS}|me|es)\b",
    re.IGNORECASE,
)


def contains_link(text: str) -> bool:
    """Whether ``text`` contains a link or something that becomes one when pasted:
    URLs with a scheme, ``www.``, Markdown links, bare domains on common
    top-level domains (``example.com``), short links (``t.me/name``) and bracketed
    disguises (``example[.]com``). A heuristic that favours catching links.
    """
    return bool(_LINK_PATTERNS.search(unicodedata.normalize("NFKC", text)))
