"""Interface text: every visible string is a catalog key, checked when the page compiles.

Each key is compiled into the page as its text in every supported language, and the
browser picks one by the state's ``lang``. So the page state carries no catalog (a
hydrate sends only the language), and switching language changes every static string
at once without a round trip for text.
"""

from __future__ import annotations

import reflex as rx

from portal.i18n import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, has_key, translate
from portal.state.base import AppState


def t(key: str) -> rx.Var:
    """The text for ``key`` in the page's current language."""
    if not has_key(key):
        raise KeyError(f"missing translation key: {key}")
    text: rx.Var | str = translate(DEFAULT_LANGUAGE, key)
    for language in SUPPORTED_LANGUAGES:
        if language != DEFAULT_LANGUAGE:
            text = rx.cond(AppState.lang == language, translate(language, key), text)
    return rx.Var.create(text)
