"""Tabs whose page reloads together on a live push (issue 15, fan-out speed).

A reply in a thread open in 200 tabs would cost each tab its own cookie look-up and a
dozen queries. Instead (``Together``) each tab, its state lock held by ``refresh_tab``
(portal/state/live.py), waits a moment while the others of that push gather; then one
job on the handlers' pool resolves every tab's own cookie in one query
(``accounts.resolve_sessions``), checks each tab is still bound to the member it was
filed for (``AppState._live_viewer``, as ``_live_refresh`` does), and reloads every tab
still hers in one call (``GroupThreadState._live_reload_together``: every viewer's
changes in a fixed handful of queries, each reader as herself; blocks, holds and
anonymity as on a reload). Each tab is then sent what was read for its own viewer.
A tab whose pushes named the posts that changed has only those read again (``only``).
"""

from __future__ import annotations

import asyncio
import contextlib

from sqlmodel import Session

from portal.auth.cookies import session_token
from portal.db import open_session
from portal.http.blocking import handler_off_the_event_loop
from portal.services import accounts
from portal.state.event_viewers import event_viewers


def together_class(state_classes: tuple[type, ...]) -> type | None:
    """The one state a refresh names when that state's tabs reload together
    (``_live_reload_together``: GroupThreadState), else None."""
    if len(state_classes) == 1 and hasattr(state_classes[0], "_live_reload_together"):
        return state_classes[0]
    return None


def viewers_for(states: list, session: Session | None = None) -> dict:
    """The viewer behind each distinct session cookie of ``states``, looked up now, in
    one query (``viewer_for_cookies`` does it for one), in ``session`` when given."""
    cookies = {state.router.headers.cookie for state in states}
    tokens = {cookie: session_token(cookie) for cookie in cookies}
    viewers: dict = {}
    if any(tokens.values()):
        with contextlib.nullcontext(session) if session is not None else open_session() as used:
            viewers = accounts.resolve_sessions(
                session=used, session_tokens=[token for token in tokens.values() if token])
    return {cookie: viewers.get(token) if token else None for cookie, token in tokens.items()}


def _reload_together(state_class: type, tabs: list[tuple[object, int]],
                     only: list[frozenset[int] | None] | None = None) -> list[bool]:
    """The handlers' pool: each tab's viewer from its own cookie, checked as
    ``AppState._live_refresh`` checks it, then one reload of every tab still hers
    (``only[n]``: the posts tab ``n``'s pushes named; None: everything)."""
    event_viewers.set(viewers_for([state for state, _ in tabs]))
    viewers = [state._live_viewer(listening_for) for state, listening_for in tabs]
    mine = [number for number, viewer in enumerate(viewers) if viewer is not None]
    done = state_class._live_reload_together(
        [(tabs[number][0], viewers[number]) for number in mine],
        only=[only[number] for number in mine] if only is not None else None)
    reloaded = [False] * len(tabs)
    for number, kept in zip(mine, done, strict=True):
        reloaded[number] = kept
    return reloaded


class Together:
    """Tabs whose page reloads together: each waits, its state lock held, while the
    others of this moment join it (``window`` seconds, at most ``most`` tabs), then one
    job on the handlers' pool serves them all (``_reload_together``) and each tab gets
    its own answer."""

    def __init__(self, window: float = 0.005, most: int = 64) -> None:
        self.window = window
        self.most = most
        self._waiting: dict[type, list[tuple[object, int, asyncio.Future]]] = {}
        self._tasks: set[asyncio.Task] = set()

    async def refresh(self, state: object, listening_for: int,
                      only: frozenset[int] | None = None) -> bool:
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        state_class = type(state)
        waiting = self._waiting.setdefault(state_class, [])
        waiting.append((state, listening_for, only, done))
        if len(waiting) >= self.most:
            self._flush(state_class)
        elif len(waiting) == 1:
            loop.call_later(self.window, self._flush, state_class)
        return await done

    def _flush(self, state_class: type) -> None:
        batch = self._waiting.pop(state_class, [])
        if batch:
            task = asyncio.create_task(self._run(state_class, batch))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run(self, state_class: type, batch: list) -> None:
        tabs = [(state, listening_for) for state, listening_for, _, _ in batch]
        only = [narrowed_to for _, _, narrowed_to, _ in batch]
        try:
            reloaded = await handler_off_the_event_loop(
                lambda: _reload_together(state_class, tabs, only))
        except Exception as error:  # each tab's refresh reports it
            for _, _, _, done in batch:
                if not done.done():
                    done.set_exception(error)
            return
        for (_, _, _, done), kept in zip(batch, reloaded, strict=True):
            if not done.done():
                done.set_result(kept)


together = Together()
