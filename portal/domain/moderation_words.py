"""Watched words: moderator-editable patterns, checked safely and matched robustly.

Text and plain phrases are compared after the same normalisation: NFKC, case folded,
accents removed (so "envíame" matches "enviame"), apostrophes dropped (so "can't",
"can’t" and "cant" are one word), invisible format characters dropped. A plain phrase
matches whole words only, with any run of spaces or punctuation between its words
("send   money", "send-money", "send...money").

Regex patterns are the moderators' own: they run against that same normalised text,
case-insensitively, with accents stripped from the pattern too. Because Python's
``re`` has no time limit, a regex must pass ``validate_watched_word``: it must compile,
be at most ``PATTERN_MAX_LENGTH`` characters, and avoid the shapes that backtrack
catastrophically (nested repetition, alternation or ``.`` under an unbounded
repetition, backreferences, huge counted repeats). Matching also runs on windows of at
most ``MATCH_WINDOW`` characters so even a slow pattern has a small input.
"""

from __future__ import annotations

import functools
import re

# ``re`` has no public parser; its private one (re._parser since 3.11) gives the tree
# the complexity check walks. If it ever moves, validation fails loudly at import.
import re._parser as _regex_parser
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from portal.domain.keyed_error import KeyedError

PATTERN_MAX_LENGTH = 200
MATCH_WINDOW = 1000
_WINDOW_OVERLAP = 200
_MAX_UNBOUNDED_REPEATS = 4
_MAX_COUNTED_REPEAT = 100
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
        "This pattern could make the site slow: avoid repeating a group that itself "
        "repeats, alternatives or '.' inside '*'/'+', back-references and very large counts."
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
    try:
        parsed = _regex_parser.parse(_strip_marks(pattern))
        re.compile(_strip_marks(pattern))
    except (re.error, RecursionError, OverflowError) as error:
        raise InvalidPattern("invalid_regex", {"detail": str(error)}) from error
    if _is_too_complex(parsed):
        raise InvalidPattern("too_complex")


def _is_too_complex(parsed: object) -> bool:
    unbounded = 0

    def visit(items: Iterable, under_repeat: bool) -> bool:
        nonlocal unbounded
        for op, argument in items:
            name = str(op)
            if name in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE"):
                return True
            if name.endswith("_REPEAT"):
                _low, high, body = argument
                is_unbounded = high == _regex_parser.MAXREPEAT
                if not is_unbounded and high > _MAX_COUNTED_REPEAT:
                    return True
                if high > 1 and under_repeat:
                    return True
                if is_unbounded:
                    unbounded += 1
                    if unbounded > _MAX_UNBOUNDED_REPEATS or _has_any_or_branch(body):
                        return True
                if visit(body, under_repeat or high > 1):
                    return True
            elif name == "SUBPATTERN":
                if visit(argument[-1], under_repeat):
                    return True
            elif name in ("ASSERT", "ASSERT_NOT"):
                if visit(argument[1], under_repeat):
                    return True
            elif name == "BRANCH":
                if any(visit(branch, under_repeat) for branch in argument[1]):
                    return True
            elif name == "ATOMIC_GROUP":
                if visit(argument, under_repeat):
                    return True
        return False

    return visit(parsed, under_repeat=False)


def _has_any_or_branch(items: Iterable) -> bool:
    for op, argument in items:
        name = str(op)
        if name in ("ANY", "BRANCH"):
            return True
        if name == "SUBPATTERN" and _has_any_or_branch(argument[-1]):
            return True
    return False


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
    compiled: re.Pattern[str]
    # A lower-case ASCII string every match contains; when the text lacks it the
    # regex is not run at all (a leading \b defeats the regex engine's own prefilter).
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


def compile_watched_words(words: Sequence[WatchedWord]) -> CompiledWatchList:
    """Compile a watch list (cached: the same list compiles once)."""
    return _compile(tuple(words))


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
                    re.compile(pattern, re.IGNORECASE),
                    _required_literal(_regex_parser.parse(pattern)),
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


def _required_literal(parsed: Iterable) -> str:
    """The longest run of plain characters in the pattern's top-level sequence."""
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


def windows(text: str) -> list[str]:
    """``text`` cut into pieces of at most ``MATCH_WINDOW`` characters that overlap by
    ``_WINDOW_OVERLAP`` and start after a space where one is near (not mid-word)."""
    if len(text) <= MATCH_WINDOW:
        return [text]
    pieces: list[str] = []
    start = 0
    while True:
        pieces.append(text[start : start + MATCH_WINDOW])
        if start + MATCH_WINDOW >= len(text):
            return pieces
        nominal = start + MATCH_WINDOW - _WINDOW_OVERLAP
        space = text.find(" ", nominal, nominal + 50)
        start = space + 1 if space != -1 else nominal


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
    text_windows: list[str] | None = None
    for regex in compiled.regexes:
        if regex.required not in normalised:
            continue
        text_windows = text_windows or windows(normalised)
        for piece in text_windows:
            if match := regex.compiled.search(piece):
                found.append(WordMatch(regex.category, regex.source, match.group(0)))
                break
    return found
