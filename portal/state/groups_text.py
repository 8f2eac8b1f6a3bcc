"""Turning group and moderation views into words, and reading payloads defensively.

Shared by the group and moderation states; no Reflex state lives here.
"""

from __future__ import annotations

from portal.i18n import format_when, has_key, translate
from portal.services.errors import PermissionDenied, ServiceError

TEXT_LIMIT = 40_000


def to_int(value: object) -> int:
    """An id from a payload; anything that is not a plain number becomes 0 (not found)."""
    if isinstance(value, bool):
        return 0
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**62 else 0


def text(value: object, limit: int = TEXT_LIMIT) -> str:
    """A string payload, clipped; the services clean and check it properly."""
    return value[:limit] if isinstance(value, str) else ""


def form_of(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def ticked(form: dict, name: str) -> bool:
    return form.get(name) not in (None, "", False, "false", "off")


def when(language: str, timezone: str, moment) -> str:
    return format_when(moment, language=language, timezone=timezone) if moment else ""


def word(language: str, key: str) -> str:
    return translate(language, key) if has_key(key) else ""


def reason(language: str, key: str, written: str) -> str:
    """A moderator's reason: a canned one in the reader's language, or their own words."""
    return word(language, key) if key else written


def author_label(language: str, *, name: str, anonymous: bool, by_me: bool) -> str:
    if by_me:
        return translate(language, "groups.author_you_anonymous" if anonymous
                         else "groups.author_you")
    if anonymous and name:
        return translate(language, "groups.author_anonymous_seen_by_moderator", name=name)
    if anonymous:
        return translate(language, "groups.author_anonymous")
    return name or translate(language, "groups.author_former_member")


def error_text(language: str, error: Exception) -> str:
    """A refusal in the member's language: only catalog keys, never exception text."""
    if isinstance(error, PermissionDenied):
        return translate(language, error.code)
    if isinstance(error, ServiceError):
        return translate(language, error.code, **error.params)
    return ""
