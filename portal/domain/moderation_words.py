"""Watched words: moderator-editable patterns, checked safely and matched robustly.

Text and plain phrases are compared after the same normalisation: NFKC, case folded,
accents removed (so "envíame" matches "enviame"), apostrophes dropped (so "can't",
"can’t" and "cant" are one word), invisible format characters dropped. A plain phrase
matches whole words only, with any run of spaces or punctuation between its words
("send   money", "send-money", "send...money").

Regex patterns are the moderators' own: they run against that same normalised text,
case-insensitively, with accents stripped from the pattern too. They run on RE2
(google-re2), whose matching time grows linearly with the text whatever the pattern,
so no pattern can stall the server (THREATS.md #16). A pattern must compile on RE2
(back-references and look-arounds do not), be at most ``PATTERN_MAX_LENGTH``
characters, and fit RE2's program within ``PATTERN_MEMORY_BYTES``; otherwise
``validate_watched_word`` refuses it with a reason.
"""

from __future__ import annotations

import functools
import re

# Python's own parser (re._parser since 3.11) only finds a literal every match must
# contain, a cheap prefilter; matching itself never runs on ``re``.
import re._parser as _regex_parser
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import re2

from portal.domain.keyed_error import KeyedError

PATTERN_MAX_LENGTH = 200
# RE2 refuses a pattern whose compiled program needs more memory than this; a counted
# repeat such as ``(\w{0,99}){0,99}`` is refused instead of growing without bound.
PATTERN_MEMORY_BYTES = 1 << 20
MESSAGE_KEY_PREFIX = "moderation.pattern."


class WatchCategory(StrEnum):
    """What a watched word is about; each category has its own action."""

    PERSONAL_DETAILS = "personal_details"
    RECRUITMENT = "recruitment"
    CRISIS = "crisis"
    SLUR = "slur"


@dataclass(frozen=True)
class WatchedWord:
    """One moderator-managed pattern. ``is_regex=False`` means a literal phrase."""

    pattern: str
    category: WatchCategory
    is_regex: bool = False


class InvalidPattern(KeyedError):
    """A watched word that cannot be used, as a message key plus params."""

    key_prefix = MESSAGE_KEY_PREFIX


ENGLISH_MESSAGES: dict[str, str] = {
    "empty": "Please enter a word or phrase.",
    "too_long": "Please keep a pattern under {max_length} characters.",
    "no_letters": "A phrase needs at least one letter or number.",
    "invalid_regex": "This pattern isn't a valid regular expression: {detail}.",
    "too_complex": (
        "This pattern is too big to check quickly. Please use smaller counts like {{1,20}}."
    ),
}


# ---------------------------------------------------------------- normalising

_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u2032`\u00b4]")
_WORD_PIECE = re.compile(r"[^\W_]+")


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def drop_characters_of(text: str, categories: frozenset[str]) -> str:
    """``text`` without characters of the given Unicode categories (all non-ASCII)."""

    def drop(run: re.Match[str]) -> str:
        return "".join(ch for ch in run.group(0) if unicodedata.category(ch) not in categories)

    # Only non-ASCII runs need a look, so mostly-English text stays at C speed.
    return _NON_ASCII_RUN.sub(drop, text)


_MARKS_AND_FORMAT = frozenset({"Mn", "Cf"})


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", drop_characters_of(decomposed, _MARKS_AND_FORMAT))


def normalise_for_matching(text: str) -> str:
    """The form watched words are matched against (see module doc)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _APOSTROPHES.sub("", _strip_marks(text))


# ---------------------------------------------------------------- validating


def validate_watched_word(word: WatchedWord) -> None:
    """Raise ``InvalidPattern`` unless ``word`` is safe and meaningful to match."""
    pattern = word.pattern.strip()
    if not pattern:
        raise InvalidPattern("empty")
    if len(pattern) > PATTERN_MAX_LENGTH:
        raise InvalidPattern("too_long", {"max_length": PATTERN_MAX_LENGTH})
    if not word.is_regex:
        if not _WORD_PIECE.search(normalise_for_matching(pattern)):
            raise InvalidPattern("no_letters")
        return
    _compile_linear(_strip_marks(pattern))


def _re2_options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = PATTERN_MEMORY_BYTES
    options.log_errors = False
    return options


def _compile_linear(pattern: str) -> re2._Regexp:
    """``pattern`` compiled on RE2, or ``InvalidPattern`` saying why it cannot be."""
    try:
        return re2.compile(pattern, _re2_options())
    except re2.error as error:
        detail = error.args[0] if error.args else error
        detail = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        if "too large" in detail or "bad repetition" in detail or "repetition size" in detail:
            raise InvalidPattern("too_complex") from error
        raise InvalidPattern("invalid_regex", {"detail": detail}) from error


# ---------------------------------------------------------------- compiling


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    category: WatchCategory
    source: str


@dataclass(frozen=True)
class _Regex:
    category: WatchCategory
    source: str
    compiled: re2._Regexp
    # A lower-case ASCII string every match contains; when the text lacks it the
    # regex is not run at all.
    required: str


@dataclass(frozen=True)
class CompiledWatchList:
    """Plain phrases indexed by their first word, and the regexes.

    ``skipped`` lists entries that failed validation (they were never saved through
    ``validate_watched_word``); the service may log their patterns, never user text.
    """

    phrases_by_first_word: Mapping[str, tuple[_Phrase, ...]]
    regexes: tuple[_Regex, ...]
    skipped: tuple[WatchedWord, ...]


_last_compiled: tuple[tuple[WatchedWord, ...], CompiledWatchList] | None = None


def compile_watched_words(words: Sequence[WatchedWord]) -> CompiledWatchList:
    """Compile a watch list (cached: the same list compiles once). The very tuple
    compiled last is recognised by identity, before any hashing: the service hands every
    check the same tuple while the list is unchanged, and hashing 160 entries cost more
    than checking a message."""
    global _last_compiled
    last = _last_compiled
    if last is not None and last[0] is words:
        return last[1]
    key = words if isinstance(words, tuple) else tuple(words)
    compiled = _compile(key)
    _last_compiled = (key, compiled)  # one assignment: safe across threads
    return compiled


@functools.lru_cache(maxsize=16)
def _compile(words: tuple[WatchedWord, ...]) -> CompiledWatchList:
    phrases: dict[str, list[_Phrase]] = {}
    regexes: list[_Regex] = []
    skipped: list[WatchedWord] = []
    for word in words:
        try:
            validate_watched_word(word)
        except InvalidPattern:
            skipped.append(word)
            continue
        source = word.pattern.strip()
        if word.is_regex:
            pattern = _strip_marks(source)
            regexes.append(
                _Regex(
                    word.category,
                    source,
                    _compile_linear(pattern),
                    _required_literal(pattern),
                )
            )
        else:
            pieces = tuple(_WORD_PIECE.findall(normalise_for_matching(source)))
            phrases.setdefault(pieces[0], []).append(_Phrase(pieces, word.category, source))
    index = {
        # Longest first, so the reported match is the most specific phrase.
        first: tuple(sorted(entries, key=lambda entry: len(entry.words), reverse=True))
        for first, entries in phrases.items()
    }
    return CompiledWatchList(index, tuple(regexes), tuple(skipped))


def _required_literal(pattern: str) -> str:
    """The longest run of plain characters in the pattern's top-level sequence, or ""
    when Python's parser reads the pattern differently from RE2 (no prefilter then)."""
    try:
        parsed = _regex_parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return ""
    runs: list[str] = []
    current: list[str] = []
    for op, argument in parsed:
        if str(op) == "LITERAL":
            current.append(chr(argument))
        else:
            runs.append("".join(current))
            current = []
    runs.append("".join(current))
    longest = max(runs, key=len)
    return longest.lower() if longest.isascii() else ""


@dataclass(frozen=True)
class WordMatch:
    """A watched word found in a text: its category, the pattern, the matched words."""

    category: WatchCategory
    pattern: str
    excerpt: str


def find_watched_words(text: str, compiled: CompiledWatchList) -> list[WordMatch]:
    """The first match of each category's phrases and of each regex entry."""
    normalised = normalise_for_matching(text)
    found: list[WordMatch] = []
    # A phrase matches exactly where its words are consecutive word pieces of the text.
    pieces = list(_WORD_PIECE.finditer(normalised))
    words = [piece.group(0) for piece in pieces]
    seen: set[WatchCategory] = set()
    for position, word in enumerate(words):
        for entry in compiled.phrases_by_first_word.get(word, ()):
            if entry.category in seen:
                continue
            end = position + len(entry.words)
            if tuple(words[position:end]) == entry.words:
                excerpt = normalised[pieces[position].start() : pieces[end - 1].end()]
                found.append(WordMatch(entry.category, entry.source, excerpt))
                seen.add(entry.category)
    for regex in compiled.regexes:
        if regex.required not in normalised:
            continue
        if match := regex.compiled.search(normalised):
            found.append(WordMatch(regex.category, regex.source, match.group(0)))
    return found


def find_every_watched_word(text: str, words: Sequence[WatchedWord]) -> list[WatchedWord]:
    """Every entry of ``words`` that matches ``text`` (the moderators' "test a sentence"
    box), not only the first of each category as ``find_watched_words`` reports."""
    normalised = normalise_for_matching(text)
    pieces = tuple(_WORD_PIECE.findall(normalised))
    found: list[WatchedWord] = []
    for word in words:
        try:
            validate_watched_word(word)
        except InvalidPattern:
            continue
        if word.is_regex:
            if _compile_linear(_strip_marks(word.pattern.strip())).search(normalised):
                found.append(word)
            continue
        wanted = tuple(_WORD_PIECE.findall(normalise_for_matching(word.pattern)))
        if any(pieces[start:start + len(wanted)] == wanted
               for start in range(len(pieces) - len(wanted) + 1)):
            found.append(word)
    return found
