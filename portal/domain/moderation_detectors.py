"""Built-in detectors for personal details: phone numbers, emails, street addresses,
social handles. These are code, not watched words, because telling a phone number
from a date or a price needs more than one pattern.

All run on NFKC text (so full-width digits and "＠" count) without invisible format
characters. They favour catching a detail over staying quiet: a false hold costs a
moderator a minute, a leaked address can cost a survivor her safety.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from portal.domain.moderation_words import drop_characters_of


class PersonalDetail(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    SOCIAL_HANDLE = "social_handle"


@dataclass(frozen=True)
class DetectedDetail:
    kind: PersonalDetail
    excerpt: str


# Seven or more digits with at most three separators between two digits, not glued to
# a word or to the digits of a time, decimal or date around it ("10:30", "3.5").
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])(?<!\d[.,:/\-])(?:\+[ \t]?)?\(?\d(?:[ \t.\-/()]{0,3}\d){6,30}(?!\w|[.,:]\d)"
)
_DATE = re.compile(
    r"(?<!\d)(?:\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}|\d{1,2}[\-/.]\d{1,2}[\-/.](?:\d{4}|\d{2}))(?!\d)"
)
_TIME_RANGE = re.compile(r"(?<!\d)\d{1,2}[.:]\d{2}[ \t]*[\-/][ \t]*\d{1,2}[.:]\d{2}(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_COMMA_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_DECIMAL = re.compile(r"\d{1,3}[.,]\d+")
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_CURRENCY_BEFORE = re.compile(r"[$€£¥]\s?$")
_CURRENCY_AFTER = re.compile(
    r"^\s?(?:[$€£¥]|eur|euros?|usd|d[oó]lar(?:es)?|dollars?|pesos?|mxn|cop)\b", re.IGNORECASE
)


def _looks_like_phone(candidate: str, before: str, after: str) -> bool:
    groups = re.findall(r"\d+", candidate)
    if all(len(group) == 4 and _YEAR.fullmatch(group) for group in groups):
        return False  # "2019 2020 2021", "2019-2024"
    if _COMMA_THOUSANDS.fullmatch(candidate) or _DECIMAL.fullmatch(candidate):
        return False
    if _DOT_THOUSANDS.fullmatch(candidate) and (
        _CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.search(after)
    ):
        return False  # "$1.000.000", "1.500.000 pesos"
    rest = _TIME_RANGE.sub(" ", _DATE.sub(" ", candidate))
    return sum(ch.isdigit() for ch in rest) >= 7


def _phones(text: str) -> list[str]:
    found = []
    for match in _PHONE_CANDIDATE.finditer(text):
        before = text[max(0, match.start() - 3) : match.start()]
        after = text[match.end() : match.end() + 12]
        candidate = match.group(0).strip()
        if _looks_like_phone(candidate, before, after):
            found.append(candidate)
    return found


# The look-behinds make each run of word characters a candidate once (linear time).
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}", re.IGNORECASE)
# "ana at gmail dot com", "ana [at] proton [dot] me", "ana arroba hotmail punto com"
_MAIL_PROVIDERS = r"gmail|hotmail|yahoo|outlook|live|icloud|proton(?:mail)?|aol|gmx|yandex"
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]{2,}\s*"
    r"(?:[\[(]\s*(?:at|arroba|@)\s*[\])]\s*[\w\-]+|(?:arroba)\s+[\w\-]+"
    rf"|at\s+(?:{_MAIL_PROVIDERS}))"
    r"\s*(?:[\[(]\s*(?:dot|punto|\.)\s*[\])]|\bdot\b|\bpunto\b|\.)\s*[a-z]{2,6}\b",
    re.IGNORECASE,
)

# English: number, one to three words, a street type ("221B Baker Street", "10 Elm St").
_STREET_TYPES = (
    r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|highway|hwy|parkway|pkwy|circle|cir|square|sq"
)
_NOT_A_STREET_NAME = frozenset(
    "the a an my your his her our their this that these those down up on in at to of "
    "from by for with and or but more other few many some all blocks block miles mile km "
    "minutes mins hours times years days weeks people kids children".split()
)
_ENGLISH_ADDRESS = re.compile(
    rf"(?<![\w\-])\d{{1,5}}[a-z]?((?:[ \t]+[\w'.\-]+){{1,3}})[ \t]+(?:{_STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
# Spanish: street type, up to five words, a number ("calle Mayor 12", "C/ Alcalá, 45",
# "Av. Reforma #222"), but not "paseo de 2 horas".
_SPANISH_ADDRESS = re.compile(
    r"(?<![\w])(?:calle|c/|avenida|avda\.?|av\.|paseo|plaza|pza\.?|carrera|cra\.?|"
    r"camino|carretera|ctra\.?|colonia|col\.|jir[oó]n|jr\.|pasaje|psje\.?|ronda|"
    r"traves[ií]a|callej[oó]n|bulevar|calzada|diagonal)"
    r"[ \t]+(?:[\w'.\-]+,?[ \t]+){0,5}(?:n[ºo°]?\.?[ \t]*|#[ \t]*|n[uú]m(?:ero)?\.?[ \t]*)?"
    r"\d{1,5}\b(?![ \t]*(?:horas?|minutos?|min|d[ií]as?|km|kil[oó]metros?|metros?|"
    r"personas?|veces|a[nñ]os?|meses|semanas?|hrs?|h)\b)",
    re.IGNORECASE,
)

# "@name" that is not part of an email address.
_HANDLE = re.compile(r"(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{1,29})\b", re.IGNORECASE)


def _addresses(text: str) -> list[str]:
    found = []
    for match in _ENGLISH_ADDRESS.finditer(text):
        words = match.group(1).split()
        if not any(word.lower().strip(".,") in _NOT_A_STREET_NAME for word in words):
            found.append(match.group(0))
    found.extend(match.group(0) for match in _SPANISH_ADDRESS.finditer(text))
    return found


def _without_format_characters(text: str) -> str:
    return drop_characters_of(unicodedata.normalize("NFKC", text), frozenset({"Cf"}))


def _all(kind: PersonalDetail, pattern: re.Pattern[str], text: str) -> list[DetectedDetail]:
    return [DetectedDetail(kind, match.group(0)) for match in pattern.finditer(text)]


def detect_personal_details(text: str) -> list[DetectedDetail]:
    """Every phone number, email, street address and social handle found in ``text``."""
    text = _without_format_characters(text)
    found = [DetectedDetail(PersonalDetail.PHONE, phone) for phone in _phones(text)]
    if "@" in text:
        found += _all(PersonalDetail.EMAIL, _EMAIL, text)
        found += _all(PersonalDetail.SOCIAL_HANDLE, _HANDLE, text)
    found += _all(PersonalDetail.EMAIL, _OBFUSCATED_EMAIL, text)
    found += [DetectedDetail(PersonalDetail.ADDRESS, address) for address in _addresses(text)]
    return found
