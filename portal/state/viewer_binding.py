"""A tab's state belongs to the member it was loaded for (THREATS.md #9, issue 12).

Reflex keys each tab's state by a token the page keeps in sessionStorage; anyone who
replays that token gets the state. So before every event, hydrate included, this
middleware resolves the viewer from the session cookie (the only credential) and
compares it with the viewer the state was last bound to. When they differ (signed out,
timed out, or someone else), every Lantern state is reset to its defaults before the
event runs or anything is sent, and the state is bound to the new viewer. Only the
language choice survives: it is not private.
"""

from __future__ import annotations

from reflex.middleware import Middleware

from portal.http.blocking import handler_off_the_event_loop
from portal.state.base import AppState

# What a change of viewer keeps: the page language is the browser's, not the member's.
_KEPT_ON_CHANGE = ("lang", "language_chosen", "lang_cookie",
                   "history_choice")  # the Back list choice is the browser's too


def _descendants(state_class: type) -> list[type]:
    found: list[type] = []
    for child in state_class.get_substates():
        found.append(child)
        found.extend(_descendants(child))
    return found


async def forget_private_state(app_state: AppState) -> None:
    """Reset every Lantern state of this tab (loaded or stored) except the language."""
    kept = {name: getattr(app_state, name) for name in _KEPT_ON_CHANGE}
    for state_class in _descendants(AppState):
        substate = await app_state.get_state(state_class)
        substate.reset()
    app_state.reset()
    for name, value in kept.items():
        setattr(app_state, name, value)


class ViewerBinding(Middleware):
    """Clears a tab's state whenever the cookie's viewer is not the one it holds."""

    async def preprocess(self, app, state, event):
        app_state = await state.get_state(AppState)
        app_state._start_event()
        viewer = await handler_off_the_event_loop(app_state._viewer)
        viewer_id = viewer.id if viewer is not None else 0
        if viewer_id != app_state._bound_viewer_id:
            await forget_private_state(app_state)
            app_state._bound_viewer_id = viewer_id
        return None
