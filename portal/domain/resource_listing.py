"""One directory listing as plain data, and the one validation every way in goes through.

The listing editor, members' suggestions and HSDS import all build a
``ListingRecord`` with ``build_listing``, so a listing is cleaned and checked the same
way whoever wrote it. Text is cleaned at write time (no HTML survives) and shown as
plain text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from portal.domain.languages import MAX_LANGUAGES, is_language
from portal.domain.opening_hours import HoursError, OpenRange, WeeklyHours
from portal.domain.refusal import Refused
from portal.domain.resource_catalog import (
    CATEGORIES,
    NATIONWIDE,
    REGIONS,
    STATUSES,
    ListingStatus,
    clean_phone,
    is_known_timezone,
)
from portal.domain.resource_search import fold
from portal.domain.sanitize import SanitizeError, clean_plain_line, clean_user_text, is_safe_url

NAME_MAX = 120
ORGANISATION_MAX = 120
DESCRIPTION_MAX = 2000
ELIGIBILITY_MAX = 1000
WEBSITE_MAX = 300
SOURCE_ID_MAX = 100
_SOURCE_ID = re.compile(r"^[\w.:/\-]{1,100}$")
_LANGUAGE_SPLIT = re.compile(r"[;,\s]+")


class ListingInvalid(Refused, ValueError):
    """A field that cannot be stored: message key ``resources.invalid.<code>``, the field."""

    key_prefix = "resources.invalid."

    def __init__(self, code: str, field: str, **params: object) -> None:
        super().__init__(code, params, detail=f"{field}: {code}")
        self.field = field


@dataclass(frozen=True)
class ListingRecord:
    source_id: str
    name: str
    description: str
    organisation: str
    category: str
    region: str
    languages: tuple[str, ...]
    phone: str
    text_number: str
    website: str
    eligibility: str
    timezone: str
    last_verified: date | None
    status: str
    hours: tuple[OpenRange, ...]

    @property
    def weekly_hours(self) -> WeeklyHours:
        return WeeklyHours(self.timezone, self.hours)


def _line(raw: object, field: str, most: int, *, required: bool) -> str:
    text = str(raw or "")
    if not text.strip():
        if required:
            raise ListingInvalid("required", field)
        return ""
    try:
        return clean_plain_line(text, max_length=most)
    except SanitizeError as refused:
        if refused.code == "empty":
            if required:
                raise ListingInvalid("required", field) from None
            return ""
        raise ListingInvalid("too_long", field, most=most) from None


def _text(raw: object, field: str, most: int) -> str:
    text = str(raw or "")
    if not text.strip():
        return ""
    try:
        return clean_user_text(text, max_length=most)
    except SanitizeError as refused:
        if refused.code == "empty":
            return ""
        raise ListingInvalid("too_long", field, most=most) from None


def _choice(raw: object, field: str, allowed: tuple[str, ...]) -> str:
    value = str(raw or "").strip()
    if field == "region":
        value = NATIONWIDE if value.lower() == NATIONWIDE else value.upper()
    else:
        value = value.lower()
    if value not in allowed:
        raise ListingInvalid("unknown_choice", field, value=str(raw or "")[:40])
    return value


def parse_languages(raw: object) -> tuple[str, ...]:
    """Codes from "en;es", "en, es", a list or a tuple; unknown codes are refused."""
    if isinstance(raw, str):
        parts = [part for part in _LANGUAGE_SPLIT.split(raw) if part]
    elif isinstance(raw, Iterable):
        parts = [str(part) for part in raw]
    else:
        parts = []
    codes: set[str] = set()
    for part in parts[: MAX_LANGUAGES * 2]:
        code = part.strip().lower()
        if not is_language(code):  # any ISO 639 language; the usual ones are only the default
            raise ListingInvalid("unknown_language", "languages", value=part[:20])
        codes.add(code)
    return tuple(sorted(codes))


def _phone(raw: object, field: str) -> str:
    number = clean_phone(raw)
    if number is None:
        raise ListingInvalid("bad_phone", field, value=str(raw or "")[:32])
    return number


def _website(raw: object) -> str:
    url = "".join(str(raw or "").split())
    if not url:
        return ""
    if len(url) > WEBSITE_MAX:
        raise ListingInvalid("too_long", "website", most=WEBSITE_MAX)
    if not url.lower().startswith(("http://", "https://")) or not is_safe_url(url):
        raise ListingInvalid("bad_website", "website", value=url[:60])
    return url


def clean_source_id(raw: object) -> str:
    value = unicodedata.normalize("NFC", str(raw or "").strip())
    if not _SOURCE_ID.match(value):
        raise ListingInvalid("bad_id", "id", value=value[:40])
    return value


def _verified(raw: object) -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ListingInvalid("bad_date", "last_verified", value=str(raw)[:20]) from None


def build_listing(fields: Mapping[str, object]) -> ListingRecord:
    """Clean and check every field; raise ``ListingInvalid`` or ``HoursError`` on a fault."""
    timezone = str(fields.get("timezone") or "").strip()
    if not is_known_timezone(timezone):
        raise ListingInvalid("bad_timezone", "timezone", value=timezone[:64])
    hours = fields.get("hours") or ()
    if not isinstance(hours, list | tuple) or not all(isinstance(h, OpenRange) for h in hours):
        raise HoursError("bad_time", value="")
    weekly = WeeklyHours(timezone, tuple(hours))
    status = str(fields.get("status") or ListingStatus.PUBLISHED)
    if status not in STATUSES:
        raise ListingInvalid("unknown_choice", "status", value=status[:20])
    return ListingRecord(
        source_id=clean_source_id(fields.get("source_id")),
        name=_line(fields.get("name"), "name", NAME_MAX, required=True),
        description=_text(fields.get("description"), "description", DESCRIPTION_MAX),
        organisation=_line(fields.get("organisation"), "organisation", ORGANISATION_MAX,
                           required=True),
        category=_choice(fields.get("category"), "category", CATEGORIES),
        region=_choice(fields.get("region"), "region", REGIONS),
        languages=parse_languages(fields.get("languages") or ()),
        phone=_phone(fields.get("phone"), "phone"),
        text_number=_phone(fields.get("text_number"), "text_number"),
        website=_website(fields.get("website")),
        eligibility=_text(fields.get("eligibility"), "eligibility", ELIGIBILITY_MAX),
        timezone=timezone,
        last_verified=_verified(fields.get("last_verified")),
        status=status,
        hours=weekly.ranges,
    )


def search_key(record: ListingRecord) -> str:
    """Case- and accent-free text for the directory's word search."""
    return fold_for_search(" ".join((record.name, record.organisation, record.description,
                                     record.eligibility)))[:4000]


def fold_for_search(text: str) -> str:
    """Folded as the search folds what people type (``resource_search.fold``)."""
    return fold(text)


def name_key(name: str) -> str:
    return fold_for_search(name)[:NAME_MAX]
