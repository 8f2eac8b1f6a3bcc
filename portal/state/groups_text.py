"""Turning group and moderation views into words.

Shared by the group and moderation states; no Reflex state lives here. Payloads are read
with ``portal.state.payload``; refusals become words in ``portal.state.messages``.
"""

from __future__ import annotations

from portal.i18n import format_when, has_key, translate

# How much of a post or thread body a member may send (the services clean and check it).
TEXT_LIMIT = 40_000


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
