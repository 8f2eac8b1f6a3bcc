"""The protocol benchmark's tabs: what each event is, when it is done, and how it is timed.

A Lantern tab (a signed-in member on the group thread, playing the mix) and a blank-app
tab (a counter), both over ``bench._socket.Tab``; an event counts as done when the deltas
that show its result arrive (``ready``, ``sent_back``, ``changed``, ``every``). The state
and var names below are Lantern's: a page whose state changes shape needs its marker
here changed with it (a page that never shows as loaded is reported, never timed).
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from reflex.state import OnLoadInternalState, State
from wsproto.utilities import LocalProtocolError

from bench._protocol_seed import Scene
from bench._protocol_stats import HYDRATE, Run, kilobytes
from bench._socket import ROOT_STATE, Finished, Seen, Tab, event
from portal import routes
from portal.state.base import AppState
from portal.state.calendar_booking import BookingState
from portal.state.groups_thread import GroupThreadState
from portal.state.mentoring_thread import ThreadState
from portal.state.notifications import NotificationsState, ReminderPreferencesState
from portal.state.resources import ResourcesState
from tests.e2e.live_server import SESSION_COOKIE

HYDRATE_AND_LOAD = f"{State.get_full_name()}.hydrate_and_load"
ON_LOAD = f"{OnLoadInternalState.get_full_name()}.on_load_internal"
APP = AppState.get_full_name()
THREAD = GroupThreadState.get_full_name()
MESSAGES = ThreadState.get_full_name()
# bench/blank_app/blank/blank.py's CounterState, by Reflex's naming of state classes.
COUNTER = f"{State.get_full_name()}.blank___blank____counter_state"
REACTIONS = ("heart", "hug", "strength", "thanks", "me_too")
MIX = ("open_thread", "react", "reply", "notifications", "mentoring_messages", "slots")


# ------------------------------------------------------------------ when is it done
def ready(state: str, var: str) -> Finished:
    """Done when the page's state says it has loaded (a refusal leaves it unset)."""
    return lambda seen: True if seen.get(state, {}).get(var) is True else None


def sent_back(state: str, var: str) -> Finished:
    return lambda seen: True if var in seen.get(state, {}) else None


def changed(state: str, done: str | tuple[str, ...], answer: str) -> Finished:
    """The tab's own event answered: ``done`` (or one of several) and the answer area
    ``answer`` change together (the handler always sets its answer, if only to clear it);
    refused when the answer says something and ``done`` did not change. A live push from
    another member's event (a reaction, a reply: issue 15) changes the posts or the
    new-replies bar but never the answer area, so it is neither taken for this event's
    answer nor for a refusal."""
    wanted = (done,) if isinstance(done, str) else done

    def finished(seen: Seen) -> bool | None:
        values = seen.get(state, {})
        if answer not in values:
            return None
        if any(name in values for name in wanted):
            return True
        return False if values[answer] else None
    return finished


def every(*checks: Finished) -> Finished:
    def finished(seen: Seen) -> bool | None:
        verdicts = [check(seen) for check in checks]
        return None if None in verdicts else all(verdicts)
    return finished


PAGE_HYDRATED = ready(ROOT_STATE, "is_hydrated")  # the page's on_load chain (if any) ran
NOTIFICATIONS_SHOWN = every(sent_back(NotificationsState.get_full_name(), "notification_items"),
                            ready(ReminderPreferencesState.get_full_name(),
                                  "preferences_loaded"))
PAGE_LOADED: dict[str, tuple[Callable[[Scene], str], Finished]] = {
    "home": (lambda scene: routes.HOME, ready(APP, "loaded")),
    "group_thread": (lambda scene: routes.group_thread(scene.thread_id),
                     ready(THREAD, "thread_ready")),
    "notifications": (lambda scene: routes.NOTIFICATIONS, NOTIFICATIONS_SHOWN),
    "mentoring_messages": (lambda scene: routes.mentoring_messages(scene.members[0].match_id),
                           ready(MESSAGES, "thread_ready")),
    "slots": (lambda scene: routes.CALENDAR_BOOK,
              ready(BookingState.get_full_name(), "flow_ready")),
    "resources": (lambda scene: routes.RESOURCES,
                  sent_back(ResourcesState.get_full_name(), "can_suggest")),
    "help": (lambda scene: routes.HELP, ready(APP, "loaded")),
}


def split(href: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(href)
    return parts.path, dict(parse_qsl(parts.query))


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    origin: str
    timeout: float
    hashes: tuple[str, ...] = ()

    def tab(self, cookie: str = "") -> Tab:
        return Tab(self.host, self.port, token=secrets.token_hex(16), origin=self.origin,
                   cookie=cookie, cookie_name=SESSION_COOKIE)

    def hydrate(self, path: str, query: dict[str, str] | None = None, *,
                first_load: bool = True) -> dict:
        """The page's first event. On a first load the browser sends the hashes of the
        build's initial state (only what differs comes back); on a reconnect, nothing
        (the whole state comes back)."""
        payload = {"hashes": list(self.hashes)} if first_load and self.hashes else {}
        return event(HYDRATE_AND_LOAD, path, query, payload)


async def timed(run: Run, target: Target, tab: Tab, kind: str, sent: dict,
                finished: Finished, *, boot: bool = False) -> Seen | None:
    """Send one event (``boot``: open the tab with it) and time it until ``finished``.
    A hydrate's snapshot may hold every state's defaults: the page is loaded by what
    follows it. A timeout, a refusal or a broken socket counts as an error, not a time."""
    waiter = tab.watch(finished, skip_snapshot=boot)
    started = time.perf_counter()
    try:
        if boot:
            await tab.open(sent)
        else:
            await tab.emit(sent)
        verdict, seen = await asyncio.wait_for(waiter, target.timeout)
    except (TimeoutError, ConnectionError, OSError, LocalProtocolError):
        run.fail(kind)
        return None
    if not verdict:
        run.fail(kind)
        return None
    run.record(kind, (time.perf_counter() - started) * 1000)
    return seen


class LanternClient:
    """One signed-in member's tab on the group thread, playing the mix."""

    def __init__(self, target: Target, scene: Scene, number: int, cookie: str) -> None:
        self.target, self.number = target, number
        self.tab = target.tab(cookie)
        self.thread_path, self.thread_query = split(routes.group_thread(scene.thread_id))
        self.match_id = scene.members[number].match_id
        self.post_id = 0

    def _on_thread(self, name: str, payload: dict | None = None) -> dict:
        return event(name, self.thread_path, self.thread_query, payload)

    async def hydrate(self, run: Run) -> bool:
        seen = await timed(run, self.target, self.tab, HYDRATE,
                           self.target.hydrate(self.thread_path, self.thread_query),
                           ready(THREAD, "thread_ready"), boot=True)
        if seen is None:
            return False
        self.post_id = seen[THREAD]["posts"][0]["id"]
        return True

    def steps(self, round_number: int) -> list[tuple[str, dict, Finished]]:
        messages_path, messages_query = split(routes.mentoring_messages(self.match_id))
        reply = {"form_data": {
            "thread_id": str(self.thread_query["id"]), "content_warning": "",
            "body": f"Thank you for sharing this. One small step today ({self.number}-"
                    f"{round_number})."}}
        return [
            ("open_thread", self._on_thread(ON_LOAD), ready(THREAD, "thread_ready")),
            ("react", self._on_thread(f"{THREAD}.react_to_post", {
                "post_id": self.post_id, "kind": REACTIONS[round_number % len(REACTIONS)]}),
             # Her reaction's post goes alone (post_updates), or the list whole.
             changed(THREAD, ("post_updates", "posts"), "thread_messages")),
            ("reply", self._on_thread(f"{THREAD}.post_reply", reply),
             changed(THREAD, "reply_serial", "thread_messages")),
            ("notifications", event(ON_LOAD, routes.NOTIFICATIONS), NOTIFICATIONS_SHOWN),
            ("mentoring_messages", event(ON_LOAD, messages_path, messages_query),
             ready(MESSAGES, "thread_ready")),
            ("slots", event(ON_LOAD, routes.CALENDAR_BOOK),
             ready(BookingState.get_full_name(), "flow_ready")),
        ]

    async def play(self, run: Run, rounds: int) -> None:
        for round_number in range(rounds):
            for kind, sent, finished in self.steps(round_number):
                await timed(run, self.target, self.tab, kind, sent, finished)


class BlankClient:
    """A tab of the blank app: hydrate, then as many increments as Lantern's mix sends."""

    def __init__(self, target: Target) -> None:
        self.target, self.tab = target, target.tab()

    async def hydrate(self, run: Run) -> bool:
        # The blank page has no on_load: it is hydrated right after its snapshot.
        seen = await timed(run, self.target, self.tab, HYDRATE, self.target.hydrate("/"),
                           PAGE_HYDRATED, boot=True)
        return seen is not None

    async def play(self, run: Run, rounds: int) -> None:
        for _ in range(rounds * len(MIX)):
            await timed(run, self.target, self.tab, "increment",
                        event(f"{COUNTER}.increment", "/"), sent_back(COUNTER, "count"))


async def measure(clients: list, rounds: int) -> Run:
    """Open every tab at once (their hydrates are timed), then all play at once."""
    run = Run(clients=len(clients))
    try:
        opened = await asyncio.gather(*(client.hydrate(run) for client in clients))
        started = time.perf_counter()
        await asyncio.gather(*(client.play(run, rounds)
                               for client, ok in zip(clients, opened, strict=True) if ok))
        run.mix_seconds = time.perf_counter() - started
    finally:
        await asyncio.gather(*(client.tab.close() for client in clients),
                             return_exceptions=True)
    return run


async def open_page(target: Target, path: str, query: dict[str, str], loaded: Finished, *,
                    cookie: str = "", first_load: bool) -> dict[str, object]:
    """One page opened in a new tab: its hydrate's snapshot and everything the page
    load sent until the page showed its data (kB, as sent)."""
    tab = target.tab(cookie)
    try:
        seen = await timed(Run(clients=1), target, tab, "page",
                           target.hydrate(path, query, first_load=first_load), loaded,
                           boot=True)
    finally:
        await tab.close()
    return {"hydrate_kb": kilobytes(tab.snapshot_size), "page_load_kb": kilobytes(
        sum(tab.sizes)), "loaded": seen is not None}


async def page_sizes(target: Target, scene: Scene, cookie: str) -> dict[str, dict]:
    """Every page, signed in, as a first load and as a reconnect."""
    sizes = {}
    for page, (href, loaded) in PAGE_LOADED.items():
        path, query = split(href(scene))
        first = await open_page(target, path, query, loaded, cookie=cookie, first_load=True)
        again = await open_page(target, path, query, loaded, cookie=cookie, first_load=False)
        sizes[page] = {**first, "reconnect_hydrate_kb": again["hydrate_kb"],
                       "loaded": first["loaded"] and again["loaded"]}
    return sizes
