"""Every user-facing string exists in English and Spanish, and every key used exists."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime
from pathlib import Path

from portal.i18n import SUPPORTED_LANGUAGES, catalog, format_when, translate

PORTAL = Path(__file__).resolve().parents[2] / "portal"
# Keys named in code: t("x.y"), heading_key="x.y", ServiceError("x.y"), code="x.y", ...
KEY_PATTERN = re.compile(
    r"""(?:\bt\(|(?<!foreign)_key=|Error\(|Refused\(|PermissionDenied\([^,]*,\s*|"""
    r"""raise \w+\(|\bcode=|\b_t\()\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_spanish_have_exactly_the_same_keys():
    english, spanish = catalog("en"), catalog("es")
    assert sorted(set(english) - set(spanish)) == []
    assert sorted(set(spanish) - set(english)) == []


def test_translations_use_the_same_placeholders():
    english, spanish = catalog("en"), catalog("es")
    mismatched = [key for key in english if _fields(english[key]) != _fields(spanish[key])]
    assert mismatched == []


def test_no_translation_is_empty_or_left_in_english_by_mistake():
    english, spanish = catalog("en"), catalog("es")
    empty = [key for lang in SUPPORTED_LANGUAGES for key, text in catalog(lang).items()
             if not text.strip()]
    assert empty == []
    identical = [key for key in english if english[key] == spanish[key]
                 and len(english[key]) > 12 and not english[key].startswith("http")]
    assert identical == []


def test_every_key_named_in_the_code_exists():
    keys = set(catalog("en"))
    missing = {}
    for path in PORTAL.rglob("*.py"):
        for key in KEY_PATTERN.findall(path.read_text(encoding="utf-8")):
            if key not in keys and not key.startswith(("users.", "portal.")):
                missing.setdefault(key, str(path.relative_to(PORTAL)))
    assert missing == {}


def test_interface_never_names_trafficking_or_victims_in_titles_or_notifications():
    for language in SUPPORTED_LANGUAGES:
        for key, text in catalog(language).items():
            if key.endswith((".title", "_title")) or key.startswith("notify."):
                assert not re.search(r"traffick|trata|victim|víctima", text, re.IGNORECASE), key


def test_dates_are_formatted_in_the_members_zone_and_language():
    moment = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    assert format_when(moment, language="en", timezone="America/New_York") == \
        "Thu, Nov 26, 6:30 PM"
    assert format_when(moment, language="es", timezone="Europe/Madrid").startswith("vie 27 nov")


def test_translate_fills_parameters_and_falls_back_to_english_for_unknown_languages():
    assert "5" in translate("es", "error.too_many_tries", minutes=5)
    assert translate("xx", "nav.home") == "Home"


def test_counts_use_babels_plural_forms_in_both_languages():
    from portal.i18n import translate_count
    assert translate_count("en", "account.codes_left", 1) == "You have 1 recovery code left."
    assert translate_count("en", "account.codes_left", 7) == "You have 7 recovery codes left."
    assert translate_count("es", "account.codes_left", 1) == "Te queda 1 código de recuperación."
    # Spanish's "many" (a million) falls back to the "other" text.
    assert translate_count("es", "account.codes_left", 1_000_000).startswith("Te quedan 1000000")
