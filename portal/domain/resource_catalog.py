"""The directory's fixed vocabularies: categories, regions, languages, report reasons, phones.

Each value is a short code stored in the database and in HSDS files; its words live in
the catalogs (``resources.category.<code>``, ``resources.region.<code>``,
``resources.language.<code>``). Regions are deliberately coarse (a US state or
territory, or the whole country): Lantern never stores a street address.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from zoneinfo import available_timezones

CATEGORIES: tuple[str, ...] = (
    "crisis_line",
    "emergency_shelter",
    "safe_housing",
    "food",
    "clothing",
    "medical",
    "mental_health",
    "legal_aid",
    "immigration",
    "identification",
    "financial_assistance",
    "transportation",
    "education",
    "vocational_training",
    "financial_literacy",
    "employment",
    "faith",
    "peer_support",
)

NATIONWIDE = "nationwide"
US_STATES: tuple[str, ...] = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX",
    "UT", "VT", "VA", "WA", "WV", "WI", "WY",
)
REGIONS: tuple[str, ...] = (NATIONWIDE, *US_STATES)

# ISO 639-1 codes, plus "ase" (American Sign Language, ISO 639-3).
LANGUAGES: tuple[str, ...] = (
    "en", "es", "fr", "pt", "ht", "zh", "vi", "ko", "tl", "ar", "ru", "hi", "uk", "ase",
)

class ListingStatus(StrEnum):
    PUBLISHED = "published"
    PENDING = "pending"    # suggested by a member, waiting for a moderator
    REJECTED = "rejected"


STATUSES: tuple[str, ...] = tuple(status.value for status in ListingStatus)


class ReviewResolution(StrEnum):
    """How a moderator closed a member's suggestion or report (``ResourceReview.outcome``)."""

    ACCEPTED = "accepted"
    DISMISSED = "dismissed"

# What a member may say is wrong with a listing (words: ``resources.reason.<code>``).
REPORT_REASONS: tuple[str, ...] = (
    "closed", "wrong_phone", "wrong_hours", "wrong_details", "unsafe", "other")

_PHONE_ALLOWED = re.compile(r"^\+?[0-9(][0-9 ()\-.]*$")
MIN_PHONE_DIGITS = 3  # 911, 988
MAX_PHONE_DIGITS = 15  # E.164


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_known_timezone(name: object) -> bool:
    return isinstance(name, str) and name in known_timezones()


def clean_phone(raw: object) -> str | None:
    """A phone or text number as people write it ("1-888-373-7888", "988"), tidied.

    Returns "" for an empty value and None when it is not a plausible number.
    """
    text = " ".join(str(raw or "").split())
    if not text:
        return ""
    if len(text) > 32 or not _PHONE_ALLOWED.match(text):
        return None
    digits = sum(ch.isdigit() for ch in text)
    if not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        return None
    return text


def _dial_string(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    return ("+" + digits) if number.startswith("+") else digits


def tel_href(number: str) -> str:
    return f"tel:{_dial_string(number)}" if number else ""


def sms_href(number: str) -> str:
    return f"sms:{_dial_string(number)}" if number else ""
