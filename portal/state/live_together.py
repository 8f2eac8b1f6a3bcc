"""Tabs whose page reloads together on a live push (issue 15, fan-out speed).

A reply in a thread open in 200 tabs would cost each tab its own cookie look-up and a
dozen queries. Instead (``Together``) each tab's question waits a moment while the
others of that push gather; then one job on the handlers' pool resolves every tab's own
cookie in one query (``accounts.resolve_sessions``), keeps only the tabs still bound to
the member they were filed for (as ``AppState._live_viewer`` checks), and reads for
every one of them in one call (``GroupThreadState._read_answers``: every viewer's
changes in a fixed handful of queries, each reader as herself; blocks, holds and
anonymity as on a reload). Each tab is then shown what was read for its own viewer.
A tab whose pushes named the posts that changed has only those read again (``only``).

``answer`` reads from questions taken from the tabs, which are not held while it runs
(``_refresh_together`` in portal/state/live.py, the path of every push); ``refresh``
reloads tabs their caller holds (``_reload_together``: a push whose tab kept taking
events while it read).
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref

from sqlmodel import Session

from portal.auth.cookies import session_token
from portal.db import open_session
from portal.http.blocking import handler_off_the_event_loop
from portal.services import accounts

# At most this many live pushes read on the handlers' pool at once (of its
# HANDLER_WORK_LIMIT threads): a tap never queues there behind a burst of other tabs'
# refreshes (issue 14; alternating runs of bench.protocol at 50 clients: p95 1,428 and
# 1,538 ms against 1,794 and 1,612 without the limit, 72 and 60 events/s against 54
# and 60; bench.live's delivery and fan-out did not move beyond the machine's swing).
PUSH_JOBS_AT_ONCE = 3
_push_limits: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def push_slot() -> asyncio.Semaphore:
    """This event loop's room for live pushes' reads (``PUSH_JOBS_AT_ONCE``): taken
    before a push holds any tab, never while it does, so her taps never wait for it."""
    loop = asyncio.get_running_loop()
    limit = _push_limits.get(loop)
    if limit is None:
        limit = _push_limits[loop] = asyncio.Semaphore(PUSH_JOBS_AT_ONCE)
    return limit


def together_class(state_classes: tuple[type, ...]) -> type | None:
    """The one state a refresh names when that state's tabs reload together
    (``_live_reload_together``: GroupThreadState), else None."""
    if len(state_classes) == 1 and hasattr(state_classes[0], "_live_reload_together"):
        return state_classes[0]
    return None


def viewers_for(states: list, session: Session | None = None) -> dict:
    """The viewer behind each distinct session cookie of ``states``, looked up now, in
    one query (``viewer_for_cookies`` does it for one), in ``session`` when given."""
    return viewers_of_cookies({state.router.headers.cookie for state in states}, session)


def viewers_of_cookies(cookies: set[str], session: Session | None = None) -> dict:
    """The viewer behind each of ``cookies`` (whole cookie headers), in one query."""
    tokens = {cookie: session_token(cookie) for cookie in cookies}
    viewers: dict = {}
    if any(tokens.values()):
        with contextlib.nullcontext(session) if session is not None else open_session() as used:
            viewers = accounts.resolve_sessions(
                session=used, session_tokens=[token for token in tokens.values() if token])
    return {cookie: viewers.get(token) if token else None for cookie, token in tokens.items()}


def _reload_together(state_class: type, tabs: list[tuple[object, int]],
                     only: list[frozenset[int] | None] | None = None) -> list[bool]:
    """The handlers' pool, for tabs their caller holds: each tab's question read as
    ``_answer_together`` reads it (for her own cookie's viewer, only while she is the
    member the tab was filed for and is bound to), and shown in that tab (``only[n]``:
    the posts tab ``n``'s pushes named; None: everything). Whether each reloaded."""
    questions = [state._push_question(only[number] if only is not None else None)
                 for number, (state, _) in enumerate(tabs)]
    asked = [number for number, question in enumerate(questions) if question is not None]
    answers = _answer_together(state_class,
                               [(questions[number], tabs[number][1]) for number in asked])
    reloaded = [False] * len(tabs)
    for number, answer in zip(asked, answers, strict=True):
        if answer is not None:
            tabs[number][0]._show_answer(*answer)
            reloaded[number] = True
    return reloaded


def _answer_together(state_class: type, asked: list[tuple[object, int]]) -> list:
    """The handlers' pool, for a push that reads without holding its tabs: each
    question's viewer from its own cookie, kept only while she is the member the tab was
    filed for and is bound to (as ``AppState._live_viewer`` checks), then every question
    read for its own viewer (``_read_answers``). Per question: (viewer, changes, the
    push's shared digests) to show, or None (nothing is sent to that tab). Touches no
    tab's state."""
    viewers = viewers_of_cookies({question.cookie for question, _ in asked})
    mine = []
    for number, (question, listening_for) in enumerate(asked):
        viewer = viewers.get(question.cookie)
        if viewer is not None and viewer.id == listening_for == question.bound_viewer_id:
            mine.append((number, viewer))
    with open_session() as session:
        answers = state_class._read_answers(
            session, [(asked[number][0], viewer) for number, viewer in mine])
    marks: dict = {}
    found: list = [None] * len(asked)
    for (number, viewer), changes in zip(mine, answers, strict=True):
        if changes is not None:
            found[number] = (viewer, changes, marks)
    return found


class Together:
    """Tabs whose page reloads together: each waits, its state lock held, while the
    others of this moment join it (``window`` seconds, at most ``most`` tabs), then one
    job on the handlers' pool serves them all (``_reload_together``) and each tab gets
    its own answer."""

    def __init__(self, window: float = 0.005, most: int = 64) -> None:
        self.window = window
        self.most = most
        self._waiting: dict[tuple[str, type], list[tuple[tuple, asyncio.Future]]] = {}
        self._tasks: set[asyncio.Task] = set()

    async def refresh(self, state: object, listening_for: int,
                      only: frozenset[int] | None = None) -> bool:
        """Reload ``state`` (its tab held by the caller) with the others of this moment."""
        return await self._join(("reload", type(state)), (state, listening_for, only))

    async def answer(self, state_class: type, question: object, listening_for: int):
        """Read ``question`` (``_push_question``, taken from a tab not held now) with the
        others of this moment: (viewer, changes, digests) to show, or None."""
        return await self._join(("answer", state_class), (question, listening_for))

    async def _join(self, key: tuple[str, type], item: tuple):
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        waiting = self._waiting.setdefault(key, [])
        waiting.append((item, done))
        if len(waiting) >= self.most:
            self._flush(key)
        elif len(waiting) == 1:
            loop.call_later(self.window, self._flush, key)
        return await done

    def _flush(self, key: tuple[str, type]) -> None:
        batch = self._waiting.pop(key, [])
        if batch:
            task = asyncio.create_task(self._run(key, batch))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run(self, key: tuple[str, type], batch: list) -> None:
        kind, state_class = key
        items = [item for item, _ in batch]
        if kind == "reload":
            def job() -> list:
                return _reload_together(state_class, [(state, listening_for)
                                                      for state, listening_for, _ in items],
                                        [only for _, _, only in items])
            slot = contextlib.nullcontext()  # its tabs are held: never kept waiting
        else:
            def job() -> list:
                return _answer_together(state_class, items)
            slot = push_slot()  # no tab held while it waits
        try:
            async with slot:
                results = await handler_off_the_event_loop(job)
        except Exception as error:  # each tab's refresh reports it
            for _, done in batch:
                if not done.done():
                    done.set_exception(error)
            return
        for (_, done), result in zip(batch, results, strict=True):
            if not done.done():
                done.set_result(result)


together = Together()
