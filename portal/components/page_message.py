"""The tab's one message (issue 14: small state), read where a page shows it.

A page state says what happened through ``AppState._show_message`` (state/base.py): one
text, one tone and the place it belongs. Each place a page answers reads it here, so a
page shows the same words beside the same control as before, from three variables
instead of a pair per place.
"""

from __future__ import annotations

import reflex as rx

from portal.state.base import AppState

# The tone of the message ("ok", "info", "error"), wherever it is shown.
MESSAGE_TONE = AppState.page_message_tone


def message_at(place: str) -> rx.Var:
    """The message when it belongs at ``place`` (a state's ``_message_place``), else ""."""
    return rx.cond(AppState.page_message_at == place, AppState.page_message, "").to(str)


def tone_at(place: str) -> rx.Var:
    """The message's tone at ``place`` ("info" while the message is elsewhere), for an
    answer area that is always in the page and speaks up by its tone."""
    return rx.cond(AppState.page_message_at == place, AppState.page_message_tone, "info").to(str)
