"""Turning mentoring keys into words.

Shared by the mentoring states; no Reflex state lives here. Payloads are read with
``portal.state.payload``; refusals become words in ``portal.state.messages``.
"""

from __future__ import annotations

from collections.abc import Iterable

from portal.domain.languages import language_name
from portal.i18n import format_when, has_key, translate
from portal.services.mentoring import MentorCard, ReasonView

# How much of a note, answer, question or bio a member may send (services check it).
TEXT_LIMIT = 4000


def word(language: str, prefix: str, key: str) -> str:
    full = f"{prefix}.{key}"
    if has_key(full):
        return translate(language, full)
    # Any ISO 639 language may be saved; those without a catalog word get Babel's name.
    return language_name(key, language) if prefix == "language" else key


def words(language: str, prefix: str, keys: Iterable[str]) -> str:
    return ", ".join(word(language, prefix, key) for key in keys)


def reason_text(language: str, reason: ReasonView) -> str:
    params = {}
    for name, value in reason.params:
        prefix = {"focus": "focus", "language": "language"}.get(name)
        params[name] = word(language, prefix, value) if prefix else value
    key = f"matching.reason.{reason.code}"
    # Filled here, not by translate(): a reason's own "language" param would clash with
    # translate's first argument.
    return translate(language, key).format(**params) if has_key(key) else ""


def when(language: str, timezone: str, moment) -> str:
    return format_when(moment, language=language, timezone=timezone) if moment else ""


def mentor_item(language: str, card: MentorCard) -> dict:
    return {
        "id": card.id, "name": card.name,
        "languages": words(language, "language", card.languages),
        "focus": words(language, "focus", card.focus_areas),
        "modes": words(language, "meeting_mode", card.meeting_modes),
        "region": card.region,
        "gender": word(language, "gender", card.gender) if card.gender else "",
        "bio": card.bio, "has_space": card.has_space, "saved": card.saved,
        "hidden": card.hidden, "pending": card.request_pending,
    }
