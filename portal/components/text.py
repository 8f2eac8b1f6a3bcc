"""Interface text: every visible string is a catalog key, checked when the page compiles."""

from __future__ import annotations

import reflex as rx

from portal.i18n import has_key
from portal.state.base import AppState


def t(key: str) -> rx.Var:
    """The text for ``key`` in the page's current language."""
    if not has_key(key):
        raise KeyError(f"missing translation key: {key}")
    return AppState.strings[key]
