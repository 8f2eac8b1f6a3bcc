"""The one translation layer: keyed catalogs (English, Spanish) and locale formatting.

Every user-facing string is a key in the catalogs ``<language>/<capability>.json``
(one file per capability, merged at load; a key may live in only one file). Static interface
text is compiled into each page in every language (``portal.components.text.t``) and the
browser shows the state's ``lang``; messages built on the server (errors, reasons,
notifications) are rendered here with ``translate``.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, format_time

CATALOG_DIR = Path(__file__).parent
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


@functools.cache
def catalog(language: str) -> dict[str, str]:
    language = language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE
    merged: dict[str, str] = {}
    for path in sorted((CATALOG_DIR / language).glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            part = json.load(handle)
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"{path.name} repeats keys: {sorted(clash)[:5]}")
        merged.update(part)
    return merged


def normalise_language(language: str | None) -> str:
    return language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def has_key(key: str) -> bool:
    return key in catalog(DEFAULT_LANGUAGE)


def translate(language: str | None, key: str, **params: object) -> str:
    """The text for ``key`` in ``language``; falls back to English, never to the key's absence."""
    text = catalog(normalise_language(language)).get(key) or catalog(DEFAULT_LANGUAGE)[key]
    return text.format(**params) if params else text


def plural_form(language: str | None, count: int) -> str:
    """Babel's CLDR plural category for ``count`` in ``language``: "one", "other", ..."""
    return Locale.parse(normalise_language(language)).plural_form(count)


def translate_count(language: str | None, key: str, count: int, **params: object) -> str:
    """The text for ``count`` things: ``<key>_<category>`` (``_one``, ``_other``, ...),
    falling back to ``<key>_other``; ``{count}`` is filled in."""
    texts = catalog(normalise_language(language))
    chosen = f"{key}_{plural_form(language, count)}"
    if chosen not in texts:
        chosen = f"{key}_other"
    return translate(language, chosen, count=count, **params)


def format_when(moment: datetime, *, language: str | None, timezone: str) -> str:
    """A date and time in the member's own zone and language, e.g. 'Thu, Nov 26, 6:30 PM'."""
    this_year = datetime.now(ZoneInfo(timezone)).year
    return _format_when(moment, normalise_language(language), timezone, this_year)


@functools.lru_cache(maxsize=4096)
def _format_when(moment: datetime, language: str, timezone: str, this_year: int) -> str:
    """Kept per moment, language, zone and year: a thread shows the same times again on
    every message that arrives (issue 15)."""
    local = moment.astimezone(ZoneInfo(timezone))
    if language == "es":
        pattern = "EEE d MMM, HH:mm" if local.year == this_year else "EEE d MMM y, HH:mm"
    else:
        pattern = "EEE, MMM d, h:mm a" if local.year == this_year else "EEE, MMM d, y, h:mm a"
    return format_datetime(local, pattern, locale=language)


def format_clock(moment: datetime, *, language: str | None, timezone: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return format_time(local, "short", locale=normalise_language(language))
