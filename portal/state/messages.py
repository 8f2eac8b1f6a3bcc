"""A refusal in the member's language: the one place a service's error becomes words.

Only catalog keys are ever shown, never exception text, so nothing a browser sent and
nothing about the server can reach the screen through an error.
"""

from __future__ import annotations

from portal.i18n import catalog, has_key, translate, translate_count
from portal.services.errors import Refused


def refusal_text(language: str, error: Exception) -> str:
    """The message for a refusal (a weekday number is named in the reader's language)."""
    if not isinstance(error, Refused) or not has_key(error.message_key):
        return translate(language, "error.not_allowed")
    params = dict(error.params)
    if isinstance(params.get("weekday"), int):
        params["weekday"] = translate(language, f"calendar.weekday_{params['weekday'] % 7}")
    try:
        counted = _counted(error.message_key, params)
        if counted is not None:  # "1 hour", "2 hours": Babel's plural forms
            return translate_count(language, error.message_key, counted, **params)
        return translate(language, error.message_key, **params)
    except (KeyError, IndexError, ValueError):
        return translate(language, "error.not_allowed")


# The number a refusal's words count, for keys with ``_one``/``_other`` forms.
COUNTED_PARAMS = ("count", "hours", "days", "minutes")


def _counted(key: str, params: dict) -> int | float | None:
    if f"{key}_other" not in catalog("en"):
        return None
    for name in COUNTED_PARAMS:
        if isinstance(params.get(name), int | float):
            return params[name]
    return None
