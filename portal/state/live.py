"""Open tabs hear what changed and reload what they show (issue 15).

Each worker keeps which of its connected tabs listen to which topics (``TabRegistry``):
every page load (``AppState.load_page``) files the tab under its member
(``member:<id>``: the header's badge, the notification list) and under what its page
shows (``match:<id>``: a mentorship's messages; ``thread:<id>``: a group thread). A
lifespan task (``listen``) subscribes to the bus of portal/services/live.py: in memory
on one worker, Redis pub/sub on many. When a topic arrives, each tab filed under it on
this worker, and still connected to this worker, is refreshed through Reflex's own state
update path (``app.modify_state``): the page's ``_live_refresh`` runs off the event
loop, resolves the viewer from the tab's own session cookie, checks that the tab still
belongs to that viewer, and reloads through the services as that viewer. Only the
resulting delta goes to the browser; nothing from the sender is copied. A tab whose
cookie no longer opens a session, or that is bound to someone else, is left alone and
dropped from the registry.

Speed (bench/live.py): ``Deliveries`` refreshes each tab once per push with every state
the push names (one hold of its state lock, one trip to the handlers' pool); pushes for
a tab still waiting join its refresh, a push for a tab being refreshed runs once more
after it; a page's news (a message, a reply) goes before badges; at most a few tabs
refresh at once, and at most ``PUSH_JOBS_AT_ONCE`` of them read on the handlers' pool
at once, each taking its turn before it holds its tab (portal/state/live_together.py):
her own taps never queue behind a burst of other tabs' refreshes. Within one push a
session cookie is looked up once (a mentor with fifty tabs open is one look-up, as
within one event), never across pushes.

Tabs with a group thread open reload together (portal/state/live_together.py): one job
on the handlers' pool serves every tab of that moment, each as its own viewer. A push
that names the posts that changed (``live.thread_post_topic``) has those posts read
again, not every post the tab shows (``_Job.only``; merged pushes name them all, and
any push for the whole thread reads everything again). Such a push does not hold the
tab while it reads (``_refresh_together``): her own taps go first, and what was read
is shown only if none of them touched the thread meanwhile (state/tab_events.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import reflex as rx

from portal import routes
from portal.domain.failures import describe_without_content
from portal.http.blocking import HANDLER_WORK_LIMIT, handler_off_the_event_loop
from portal.services import live
from portal.state.event_viewers import event_viewers
from portal.state.live_session import one_session_for_this_tab
from portal.state.live_together import (
    push_slot,
    together,
    together_class,
    viewers_for,
)
from portal.state.tab_events import tab_events

logger = logging.getLogger(__name__)

MAX_TABS = 20_000  # per worker; the oldest registrations go first


@dataclass(frozen=True)
class LiveTab:
    viewer_id: int
    topics: frozenset[str]
    path: str = ""


class TabRegistry:
    """Which of this worker's tabs listen to which topics (thread-safe: page loads
    register from the handlers' threads, the listener reads on the event loop)."""

    def __init__(self, limit: int = MAX_TABS) -> None:
        self._tabs: OrderedDict[str, LiveTab] = OrderedDict()
        self._by_topic: dict[str, set[str]] = {}
        self._lock = threading.Lock()
        self.limit = limit

    def file(self, token: str, viewer_id: int, topics: frozenset[str],
             path: str = "") -> None:
        with self._lock:
            self._forget(token)
            if not token or not viewer_id or not topics:
                return
            self._tabs[token] = LiveTab(viewer_id, topics, path)
            for topic in topics:
                self._by_topic.setdefault(topic, set()).add(token)
            while len(self._tabs) > self.limit:
                self._forget(next(iter(self._tabs)))

    def forget(self, token: str) -> None:
        with self._lock:
            self._forget(token)

    def _forget(self, token: str) -> None:
        found = self._tabs.pop(token, None)
        if found is None:
            return
        for topic in found.topics:
            tokens = self._by_topic.get(topic)
            if tokens is not None:
                tokens.discard(token)
                if not tokens:
                    del self._by_topic[topic]

    def listening(self, topic: str) -> list[tuple[str, LiveTab]]:
        with self._lock:
            return [(token, self._tabs[token]) for token in self._by_topic.get(topic, ())]

    def __len__(self) -> int:
        return len(self._tabs)


registry = TabRegistry()


def page_topics(path: str, query: dict[str, str], viewer_id: int) -> frozenset[str]:
    """What a signed-in member's tab on ``path`` listens to."""
    if not viewer_id:
        return frozenset()
    topics = {live.member_topic(viewer_id)}
    if routes.same_page(path, routes.MENTORING_MESSAGES):
        match_id = query.get("match", "")
        if match_id.isdigit() and len(match_id) < 12:
            topics.add(live.match_topic(int(match_id)))
    elif routes.same_page(path, routes.GROUP_THREAD):
        thread_id = query.get("id", "")
        if thread_id.isdigit() and len(thread_id) < 12:
            topics.add(live.thread_topic(int(thread_id)))
    return frozenset(topics)


def file_tab(state: rx.State, viewer_id: int) -> None:
    """File this tab under what its page shows (AppState.load_page calls it)."""
    token = state.router.session.client_token
    url = state.router.url
    registry.file(token, viewer_id, page_topics(url.path, dict(url.query_parameters),
                                                viewer_id), url.path)


@functools.lru_cache(maxsize=512)
def _refreshers(root: type, kind: str, path: str) -> tuple[type, ...]:
    """The states that reload for a topic kind on a tab showing ``path``: those that name
    the kind in ``_live_kinds`` and, when they name pages in ``_live_pages``, only on
    those pages (NotificationsState: member, every page, for the badge; CalendarState:
    member, on the calendar; ThreadState: match; GroupThreadState: thread). Kept per
    (kind, page): a push to 200 tabs walks the state tree once, not 200 times."""
    found, pending = [], [root]
    while pending:
        current = pending.pop()
        pages = getattr(current, "_live_pages", ())
        if kind in getattr(current, "_live_kinds", ()) and (
                not pages or any(routes.same_page(path, page) for page in pages)):
            found.append(current)
        pending.extend(current.get_substates())
    return tuple(found)


def _connected_here(app: rx.App, token: str) -> bool:
    namespace = app.event_namespace
    manager = getattr(namespace, "_token_manager", None) if namespace is not None else None
    record = manager.token_to_socket.get(token) if manager is not None else None
    return record is not None and record.instance_id == manager.instance_id


def _refresh_all(states: list, viewer_id: int, viewers: dict) -> int:
    """Each state's ``_live_refresh`` on the handlers' pool, with this push's viewer
    cache (one look-up per session cookie per push, as within one event), all in one
    database session (state/live_session.py): her cookie, if this push has not looked
    it up yet, then every state's reload (her thread and her badge)."""
    event_viewers.set(viewers)
    with one_session_for_this_tab() as session:
        if states and states[0].router.headers.cookie not in viewers:
            viewers.update(viewers_for(states[:1], session))
        return sum(1 for state in states if state._live_refresh(viewer_id))


async def refresh_tab(app: rx.App, token: str, tab: LiveTab,
                      state_classes: tuple[type, ...], viewers: dict | None = None,
                      only: frozenset[int] | None = None) -> int:
    """Reload ``state_classes`` in one tab through Reflex's state update path, under one
    hold of the tab's state lock and one trip to the handlers' pool; how many reloaded
    (0: the tab is gone or no longer its viewer's, and it is forgotten). Tabs that
    reload together read without holding the tab (``_refresh_together``); ``only``: the
    posts their pushes named (None: everything)."""
    if not state_classes:
        return 0
    if not _connected_here(app, token):
        registry.forget(token)
        return 0
    viewers = {} if viewers is None else viewers
    together_state = together_class(state_classes)
    if together_state is not None:
        kept = await _refresh_together(app, token, tab, together_state, only)
    else:
        key = rx.BaseStateToken(ident=token, cls=state_classes[0])
        async with push_slot(), app.modify_state(key) as root:
            states = [await root.get_state(state_class) for state_class in state_classes]
            kept = await handler_off_the_event_loop(
                lambda: _refresh_all(states, tab.viewer_id, viewers))
    if not kept:
        registry.forget(token)
    return int(kept or 0)


# How often a push reads again because the tab took an event while it read, before it
# reads holding the tab.
READ_AGAIN_AT_MOST = 2


async def _refresh_together(app: rx.App, token: str, tab: LiveTab, state_class: type,
                            only: frozenset[int] | None) -> bool:
    """A push to a tab that reloads together, without holding the tab while it reads
    (issue 14: her next tap waited for every tab's read of a busy thread). Holding the
    tab a moment, its question is taken (``_push_question``: what it shows, by which
    rules, for whom); the read runs with the others of this moment
    (``Together.answer``); holding the tab again, the answer is shown only if no event
    of that state began in the tab meanwhile (``tab_events``: her reaction, her reply,
    the thread opened again) and it still asks the same, else it is read again. Whose
    answer it is was checked in the read: the cookie's viewer now, the member the tab
    was filed for and the one it is bound to."""
    key = rx.BaseStateToken(ident=token, cls=state_class)
    for _ in range(READ_AGAIN_AT_MOST):
        async with app.modify_state(key) as root:
            question = (await root.get_state(state_class))._push_question(only)
            began = tab_events.stamp(token, state_class)
        if question is None:
            return False
        answer = await together.answer(state_class, question, tab.viewer_id)
        if answer is None:
            return False
        async with app.modify_state(key) as root:
            state = await root.get_state(state_class)
            if not _connected_here(app, token):
                return False
            if (tab_events.stamp(token, state_class) == began
                    and state._push_question(only) == question):
                state._show_answer(*answer)
                return True
    async with app.modify_state(key) as root:  # her taps kept coming: read holding it
        return await together.refresh(await root.get_state(state_class), tab.viewer_id, only)


def narrowed(only: frozenset[int] | None, more: frozenset[int] | None,
             ) -> frozenset[int] | None:
    """The posts two pushes for one tab name between them (None: the whole thread)."""
    return None if only is None or more is None else only | more


def named_posts(topics: Iterable[str]) -> frozenset[int] | None:
    """The posts a tab's thread topics name between them: None when one of them names
    the whole thread (or none names anything)."""
    named: frozenset[int] | None = frozenset()
    for topic in topics:
        post = live.post_of(topic)
        named = narrowed(named, frozenset((post,)) if post else None)
    return named or None


@dataclass
class _Job:
    """One tab's pending refresh: every state its pushes named, merged, and the posts
    they named as changed (None: any may have)."""

    tab: LiveTab
    classes: dict[type, None]
    urgent: bool
    viewers: dict
    done: asyncio.Future
    only: frozenset[int] | None = None


class Deliveries:
    """This worker's pending refreshes, one job per tab. A push for a tab whose refresh
    has not started yet joins it (the refresh reads after both changes); a push for a tab
    being refreshed waits for that refresh and runs once more after it (it may have read
    before the change). What a page shows (a message, a reply) goes before badges, and
    at most ``limit`` tabs refresh at once, so a burst never queues hundreds of tabs on
    their state locks while the handlers' pool works through them."""

    def __init__(self, limit: int = 2 * HANDLER_WORK_LIMIT,
                 together_limit: int = 256) -> None:
        self.limit = limit
        # Tabs that reload together (``Together``) wait for one pool job between them,
        # not one each: many more of them may wait at once.
        self.together_limit = together_limit
        self._urgent: OrderedDict[str, _Job] = OrderedDict()
        self._later: OrderedDict[str, _Job] = OrderedDict()
        self._running: set[str] = set()
        self._running_together: set[str] = set()
        self._tasks: set[asyncio.Task] = set()

    def add(self, app: rx.App, token: str, tab: LiveTab, classes: list[type],
            urgent: bool, viewers: dict, only: frozenset[int] | None = None,
            ) -> asyncio.Future:
        job = self._urgent.get(token) or self._later.get(token)
        if job is None:
            job = _Job(tab, {}, urgent, viewers,
                       asyncio.get_running_loop().create_future(), only)
            (self._urgent if urgent else self._later)[token] = job
        else:
            job.tab, job.viewers = tab, viewers  # the newest filing and push
            job.only = narrowed(job.only, only)
            if urgent and not job.urgent:
                job.urgent = True
                self._urgent[token] = self._later.pop(token)
        job.classes.update(dict.fromkeys(classes))
        self._pump(app)
        return job.done

    def _next(self) -> tuple[str, _Job] | None:
        room_alone = len(self._running) - len(self._running_together) < self.limit
        room_together = len(self._running_together) < self.together_limit
        if not (room_alone or room_together):
            return None
        for queue in (self._urgent, self._later):
            for token, job in queue.items():
                if token in self._running:
                    continue
                if (room_together if together_class(tuple(job.classes)) is not None
                        else room_alone):
                    return token, queue.pop(token)
        return None

    def _pump(self, app: rx.App) -> None:
        while True:
            found = self._next()
            if found is None:
                return
            token, job = found
            self._running.add(token)
            if together_class(tuple(job.classes)) is not None:
                self._running_together.add(token)
            task = asyncio.create_task(self._run(app, token, job))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run(self, app: rx.App, token: str, job: _Job) -> None:
        refreshed = 0
        try:
            refreshed = await refresh_tab(app, token, job.tab, tuple(job.classes),
                                          job.viewers, job.only)
        except Exception as failure:  # one tab's failure never stops the others
            logger.error("A live refresh failed (messages left out):\n%s",
                         describe_without_content(failure))
        finally:
            self._running.discard(token)
            self._running_together.discard(token)
            if not job.done.done():
                job.done.set_result(refreshed)
            self._pump(app)

    def __len__(self) -> int:
        return len(self._urgent) + len(self._later) + len(self._running)


deliveries = Deliveries()


async def deliver(app: rx.App, topics: tuple[str, ...], origin_tab: str = "") -> int:
    """Refresh every tab of this worker that listens to one of ``topics`` (each tab once,
    with every state the topics name), except the tab whose own event made the change
    (``origin_tab``: its digest, portal/services/live.py): its handler already shows it.
    Returns how many states reloaded once they have."""
    wanted: dict[str, tuple[LiveTab, list[type], bool, list[str]]] = {}
    for topic in dict.fromkeys(topics):
        parsed = live.parse_topic(topic)
        if parsed is None:
            continue
        kind, number = parsed
        for token, tab in registry.listening(f"{kind}:{number}"):
            if live.is_origin(token, origin_tab):
                continue
            classes = _refreshers(app._state, kind, tab.path)
            if not classes:
                continue
            _, named, urgent, heard = wanted.get(token, (tab, [], False, []))
            wanted[token] = (tab, [*named, *classes], urgent or kind != "member",
                             [*heard, topic])
    viewers: dict = {}  # this push's: one look-up per session cookie
    waiting = [deliveries.add(app, token, tab, classes, urgent, viewers, named_posts(heard))
               for token, (tab, classes, urgent, heard) in wanted.items()]
    return sum(await asyncio.gather(*waiting))


_deliveries: set[asyncio.Task] = set()


def _deliver_soon(app: rx.App, topics: tuple[str, ...], origin_tab: str = "") -> None:
    """Start a delivery without waiting for the one before it to finish."""
    task = asyncio.create_task(deliver(app, topics, origin_tab))
    _deliveries.add(task)
    task.add_done_callback(_deliveries.discard)


async def _listen_in_memory(app: rx.App, bus: live.MemoryBus) -> None:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[tuple[str, ...], str]] = asyncio.Queue()
    unsubscribe = bus.subscribe(lambda topics, origin_tab: loop.call_soon_threadsafe(
        queue.put_nowait, (topics, origin_tab)))
    try:
        while True:
            _deliver_soon(app, *await queue.get())
    finally:
        unsubscribe()


async def _listen_on_redis(app: rx.App, url: str) -> None:
    import redis.asyncio as redis_asyncio

    while True:
        client = redis_asyncio.Redis.from_url(url)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(live.CHANNEL)
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        _deliver_soon(app, *live.decode(message["data"]))
        except asyncio.CancelledError:
            raise
        except Exception:  # Redis went away: listen again shortly
            logger.exception("The live subscriber lost Redis; listening again")
            await asyncio.sleep(1)
        finally:
            with contextlib.suppress(Exception):
                await client.aclose()


async def listen(app: rx.App) -> None:
    """The worker's subscriber (a Reflex lifespan task, registered in portal.py)."""
    bus = live.bus()
    if isinstance(bus, live.RedisBus):
        await _listen_on_redis(app, bus.url)
    else:
        await _listen_in_memory(app, bus)
