"""Links in member text: which targets the app links, and link detection.

Pure regex, no HTML parser. ``sanitize.py`` re-exports the public names here.

Member text is stored as typed; the app decides at render time what becomes a link
(``portal/components/member_text.py`` and ``assets/member_markdown.js`` apply
``is_safe_link_target``'s rule in the browser). The rule is deliberately literal: a
target is linked only when its first characters are ``http://``, ``https://``,
``mailto:``, ``tel:`` or ``sms:`` (checked on the target as the Markdown parser decoded
it, so ``&#106;avascript:`` or ``java\\script:`` never pass). Any other target
(``javascript:``, ``data:``, relative paths) is shown as the text the member typed.
"""

from __future__ import annotations

import re
import unicodedata

SAFE_LINK_REL = "nofollow noopener noreferrer ugc"
SAFE_URL_SCHEMES: tuple[str, ...] = ("http", "https", "mailto", "tel", "sms")

# The same pattern is written in assets/member_markdown.js (SAFE_TARGET); a test keeps
# the two identical.
SAFE_LINK_TARGET_PATTERN = r"^(?:https?://[^\s/?#\\]|mailto:[^\s]|tel:[+\d(]|sms:[+\d(])"
_SAFE_LINK_TARGET = re.compile(SAFE_LINK_TARGET_PATTERN, re.IGNORECASE)


def is_safe_link_target(url: str) -> bool:
    """Whether the app makes ``url`` (a decoded Markdown link target) a link."""
    return bool(_SAFE_LINK_TARGET.match(url))


_URL_FORMS = re.compile(
    r"https?://[^/?#\\][^\s]*|mailto:[^/][^\s]*|(?:tel|sms):\+?[\d(][\d\-.()]*",
    re.IGNORECASE,
)
_URL_UNSAFE_CHARACTER = re.compile(r"[\x00-\x20\x7f-\x9f<>\"\\`\s]")


def is_safe_url(url: str) -> bool:
    """True for an absolute http(s), mailto, tel or sms URL with nothing a browser would
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
