"""A tab's state belongs to the member it was loaded for (THREATS.md #9, issue 12).

Reflex keys each tab's state by a token the page keeps in sessionStorage; anyone who
replays that token gets the state. So before every event, hydrate included, this
middleware resolves the viewer from the session cookie (the only credential) and
compares it with the viewer the state was last bound to. When they differ (signed out,
timed out, or someone else), every Lantern state is reset to its defaults before the
event runs or anything is sent, and the state is bound to the new viewer. Only the
language choice survives: it is not private.

One crossing to the thread pool per event (issue 14). When the event's handler is one of
Lantern's own plain handlers, which runs whole on the handlers' pool
(``state/base.py:_off_the_event_loop``), the check is handed to that handler's hop
(``check_first_on_the_handlers_hop``): on its worker thread the viewer is resolved and
compared first, and the handler runs only when the tab is still the viewer's. Otherwise
the hop comes back, the state is reset and bound here, and the handler runs after. The
viewer it resolved is the one the handler reads (the per-event cache,
``state/event_viewers.py``). Nothing is sent between this middleware and the handler:
Reflex's one exception, a rehydrate of a tab whose state never saw a route, cannot
reveal anything, because a state is only ever bound to a member through her cookie,
which arrives with the route. Every other event (hydrate, Reflex's navigation event,
async handlers) is checked here, on a hop of its own, before it runs.
"""

from __future__ import annotations

from reflex.middleware import Middleware
from reflex_base.registry import RegistrationContext
from reflex_base.utils.exceptions import ReflexRuntimeError

from portal.http.blocking import (
    check_first_on_the_handlers_hop,
    handler_off_the_event_loop,
    no_check_first,
)
from portal.state.base import AppState, _off_the_event_loop
from portal.state.tab_events import tab_events
from portal.state.trouble import is_message_only

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


def _plain_handler_example(state: object) -> None:
    """Only its wrapped form matters: the code every wrapped plain handler shares."""


# Every plain Lantern handler runs through this one wrapper's code (state/base.py).
_RUNS_ON_THE_HANDLERS_HOP = _off_the_event_loop(_plain_handler_example).__code__


def handler_hops_for_itself(event: object) -> bool:
    """Whether ``event`` names one of Lantern's plain handlers, which always begins by
    crossing to the handlers' pool (``handler_off_the_event_loop``)."""
    name = getattr(event, "name", None)
    if not isinstance(name, str):
        return False
    try:
        registered = RegistrationContext.get().event_handlers.get(name)
    except (LookupError, ReflexRuntimeError):
        return False
    fn = registered.handler.fn if registered is not None else None
    return getattr(fn, "__code__", None) is _RUNS_ON_THE_HANDLERS_HOP


class _Binding:
    """One event's check of one tab: ``holds`` on a worker thread, ``settle`` on the loop."""

    def __init__(self, app_state: AppState) -> None:
        self.app_state = app_state
        self.viewer_id = 0

    def holds(self) -> bool:
        """Whether the cookie's viewer is the one the tab is bound to (reads the database
        once per event; the handler reuses the answer)."""
        viewer = self.app_state._viewer()
        self.viewer_id = viewer.id if viewer is not None else 0
        return self.viewer_id == self.app_state._bound_viewer_id

    async def settle(self) -> None:
        """Forget what the tab held for someone else, and bind it to this viewer."""
        await forget_private_state(self.app_state)
        self.app_state._bound_viewer_id = self.viewer_id


class ViewerBinding(Middleware):
    """Clears a tab's state whenever the cookie's viewer is not the one it holds."""

    async def preprocess(self, app, state, event):
        no_check_first()
        tab_events.begin(state.router.session.client_token, getattr(event, "name", ""))
        if is_message_only(event):  # the notice of a failure: nothing read or private
            return None
        app_state = await state.get_state(AppState)
        app_state._start_event()
        binding = _Binding(app_state)
        if handler_hops_for_itself(event):
            check_first_on_the_handlers_hop(binding.holds, binding.settle)
            return None
        if not await handler_off_the_event_loop(binding.holds):
            await binding.settle()
        return None
