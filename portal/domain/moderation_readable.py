"""Watched words as people read them (issue 13 item 10): a phrase as it is, and a
regular expression turned into a plain approximation for the list ("my insta(gram) /
ig / snap(chat)"). The stored pattern is what matching uses; this is only its label.

And the other way: a plain word or phrase a moderator types is stored as a phrase
(``is_regex=False``), which matching treats as whole words with any spacing or
punctuation between them, accents and capitals ignored: a safe pattern by
construction, with nothing to escape."""

from __future__ import annotations

import re

_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\\b|\^|\$"), ""),
    (re.compile(r"(\\[Ws]|\[\^?\\[ws]\])[+*?]?"), " "),
    (re.compile(r"(\\w|\.|\[[^\]]*\])(\{\d*,?\d*\}|[+*])\??"), "…"),
    (re.compile(r"\\d(\{\d*,?\d*\}|[+*])?"), "#"),
    (re.compile(r"\(\?i\)"), ""),
    (re.compile(r"\(\?:"), "("),
    (re.compile(r"\)\?"), ")"),
    (re.compile(r"\[([a-z])([a-z])\]"), r"(\1/\2)"),
    (re.compile(r"(?<=[^\s\\()])([a-z])\?"), r"(\1)"),
    (re.compile(r"(?<=[^\s\\])\?"), ""),
)


def readable_pattern(pattern: str, is_regex: bool) -> str:
    """The word or phrase a moderator reads in the list."""
    text = pattern.strip()
    if not is_regex:
        return text
    for rewrite, replacement in _REWRITES:
        text = rewrite.sub(replacement, text)
    text = text.replace("|", " / ")
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"\(([^()/]*)\)", r"(\1)", text)
    # A whole pattern that is one group of choices reads without the brackets.
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1]
    return re.sub(r"\s+", " ", text).strip() or pattern.strip()
