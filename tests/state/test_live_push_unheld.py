"""A push to a tab with a group thread open reads without holding the tab (issue 14).

Her next tap (a navigation, a reaction) waited for every other tab's read of a busy
thread, since each push held its tab's state while the shared read ran. Now the push
takes the tab's question holding it a moment, reads with the tab free, and holding it
again shows the answer only if no event of the tab began meanwhile and the tab still
asks the same; else it reads again, and after ``READ_AGAIN_AT_MOST`` tries it reads
holding the tab as before. The answer is read for the viewer the tab's own cookie opens
now, only while she is the member the tab was filed for and is bound to.

The app here is a stand-in with Reflex's ``modify_state`` shape (one lock per tab, the
tab's real state tree) and the socket records ``_connected_here`` reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from types import SimpleNamespace

from reflex.constants import RouteVar
from reflex.istate.data import RouterData
from reflex_base.event import Event

from portal.services import groups
from portal.services.accounts import blocks
from portal.services.accounts import members as accounts
from portal.state import live as live_state
from portal.state import live_together
from portal.state.base import AppState
from portal.state.groups_thread import GroupThreadState
from portal.state.tab_events import TabEvents, tab_events
from portal.state.viewer_binding import ViewerBinding
from tests.factories.accounts import actor_of
from tests.state.browser import Browser, token_for
from tests.state.test_live_together import circle, thread_tab

TOKEN = "willow-phone"


class TabsApp:
    """Reflex's ``modify_state`` as a push meets it: the tab's state tree, held by one
    lock per tab; every tab's socket on this worker."""

    def __init__(self, roots: dict[str, object]) -> None:
        self.roots = roots
        self.locks = {token: asyncio.Lock() for token in roots}
        self.held: list[str] = []
        here = SimpleNamespace(instance_id="this-worker")
        self.event_namespace = SimpleNamespace(_token_manager=SimpleNamespace(
            instance_id="this-worker", token_to_socket=dict.fromkeys(roots, here)))

    @contextlib.asynccontextmanager
    async def modify_state(self, key):
        async with self.locks[key.ident]:
            self.held.append(key.ident)
            yield self.roots[key.ident]


def root_of(state: GroupThreadState):
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    return root


def willow_reading(app_db):
    people, thread = circle(app_db)
    willow = thread_tab(app_db, people["Willow"], thread)
    return people, thread, willow, TabsApp({TOKEN: root_of(willow)})


def tab_of(member) -> live_state.LiveTab:
    return live_state.LiveTab(member.id, frozenset({"thread:1"}))


def real_answer(state_class, question, listening_for):
    return contextvars.copy_context().run(live_together._answer_together, state_class,
                                          [(question, listening_for)])[0]


def test_her_tab_takes_an_event_while_a_push_reads(app_db, monkeypatch):
    people, thread, willow, app = willow_reading(app_db)
    groups.reply(session=app_db, actor=actor_of(people["Maple"]), thread_id=thread,
                 body="A warm shower helps me.")
    reading, go_on = asyncio.Event(), asyncio.Event()

    async def slow_answer(state_class, question, listening_for):
        reading.set()
        await go_on.wait()
        return real_answer(state_class, question, listening_for)

    monkeypatch.setattr(live_state.together, "answer", slow_answer)

    async def scenario() -> tuple[bool, int]:
        push = asyncio.ensure_future(live_state.refresh_tab(
            app, TOKEN, tab_of(people["Willow"]), (GroupThreadState,)))
        await reading.wait()
        # Her tap while the push reads: the tab is free, the event goes first.
        async with asyncio.timeout(1):
            async with app.modify_state(SimpleNamespace(ident=TOKEN)):
                tapped = True
        go_on.set()
        return tapped, await push

    tapped, refreshed = asyncio.run(scenario())
    assert tapped and refreshed == 1
    assert willow.new_replies == 1  # the push showed its answer after her event
    assert app.held == [TOKEN, TOKEN, TOKEN]  # the question, her tap, the answer


def test_an_event_between_the_read_and_its_showing_makes_the_push_read_again(
        app_db, monkeypatch):
    people, thread, willow, app = willow_reading(app_db)
    asked: list[tuple[int, ...]] = []

    async def answer_then_her_tap(state_class, question, listening_for):
        asked.append(question.shown)
        found = real_answer(state_class, question, listening_for)
        if len(asked) == 1:
            # While the first read ran, her event began and a reply came: the first
            # answer was read before it and is never shown.
            tab_events.begin(TOKEN, f"{GroupThreadState.get_full_name()}.react_to_post")
            groups.reply(session=app_db, actor=actor_of(people["Maple"]), thread_id=thread,
                         body="Proud of you.")
        return found

    monkeypatch.setattr(live_state.together, "answer", answer_then_her_tap)
    assert asyncio.run(live_state.refresh_tab(
        app, TOKEN, tab_of(people["Willow"]), (GroupThreadState,))) == 1
    assert len(asked) == 2
    assert willow.new_replies == 1  # the second read, after the reply, is what shows


def test_a_changed_question_is_read_again_and_never_shown_stale(app_db, monkeypatch):
    people, thread, willow, app = willow_reading(app_db)
    shown_before = [post["id"] for post in willow.posts]
    calls: list[tuple[int, ...]] = []

    async def answer_while_the_list_changes(state_class, question, listening_for):
        calls.append(question.shown)
        found = real_answer(state_class, question, listening_for)
        if len(calls) == 1:  # her tab's list changed without an event of this worker
            willow.posts = []
        return found

    monkeypatch.setattr(live_state.together, "answer", answer_while_the_list_changes)
    asyncio.run(live_state.refresh_tab(app, TOKEN, tab_of(people["Willow"]),
                                       (GroupThreadState,)))
    assert calls[0] == tuple(shown_before)
    assert calls[1:] == [()]  # asked again for what the tab shows now
    assert willow.posts == []  # the first answer (for the old list) was not shown


def test_a_tab_busy_with_her_taps_is_read_holding_it_after_two_tries(app_db, monkeypatch):
    people, thread, willow, app = willow_reading(app_db)
    groups.reply(session=app_db, actor=actor_of(people["Maple"]), thread_id=thread,
                 body="Small steps count.")
    tries: list[int] = []
    held_reads: list[object] = []

    async def always_interrupted(state_class, question, listening_for):
        tries.append(1)
        tab_events.begin(TOKEN, f"{GroupThreadState.get_full_name()}.react_to_post")
        return real_answer(state_class, question, listening_for)

    async def read_holding(state, listening_for, only=None):
        held_reads.append(state)
        return contextvars.copy_context().run(
            live_together._reload_together, GroupThreadState, [(state, listening_for)],
            [only])[0]

    monkeypatch.setattr(live_state.together, "answer", always_interrupted)
    monkeypatch.setattr(live_state.together, "refresh", read_holding)
    assert asyncio.run(live_state.refresh_tab(
        app, TOKEN, tab_of(people["Willow"]), (GroupThreadState,))) == 1
    assert len(tries) == live_state.READ_AGAIN_AT_MOST
    assert held_reads == [willow]
    assert willow.new_replies == 1


def test_an_answer_is_read_only_for_the_member_the_tab_is_hers_and_bound_to(app_db):
    """The same cases as ``_reload_together`` (test_live_together.py), for the read
    that runs without holding the tabs: each gets what her own viewer may see."""
    people, thread = circle(app_db)
    blocks.block_member(session=app_db, actor=actor_of(people["Willow"]),
                        member_id=people["Maple"].id)
    juniper = thread_tab(app_db, people["Juniper"], thread)
    willow = thread_tab(app_db, people["Willow"], thread)
    signed_out_token = willow.router.headers.cookie.partition("=")[2]
    rebound = thread_tab(app_db, people["Willow"], thread)
    rebound._bound_viewer_id = people["Juniper"].id  # bound to someone else
    groups.reply(session=app_db, actor=actor_of(people["Maple"]), thread_id=thread,
                 body="A warm shower helps me.")
    asked = [(juniper._push_question(), people["Juniper"].id),
             (willow._push_question(), people["Willow"].id),
             (willow._push_question(), people["Juniper"].id),  # filed for someone else
             (rebound._push_question(), people["Willow"].id)]
    answers = contextvars.copy_context().run(live_together._answer_together,
                                             GroupThreadState, asked)
    assert [answer is not None for answer in answers] == [True, True, False, False]
    assert answers[0][1].newer == 1
    assert answers[1][1].newer == 0  # she blocked Maple: her reply is not counted
    accounts.sign_out(session=app_db, token=signed_out_token)
    app_db.commit()
    assert contextvars.copy_context().run(
        live_together._answer_together, GroupThreadState,
        [(willow._push_question(), people["Willow"].id)]) == [None]


def test_every_event_of_a_tab_is_noted_as_it_begins_by_its_state(app_db):
    """The middleware notes each event of a tab (``tab_events``), holding it, before
    anything of the event runs, under its handler's state: a push reading the thread
    meanwhile reads again after an event of the thread's state, not after her other
    events (another page, the badge), which change nothing it reads or shows. Another
    tab's stamp does not move."""
    people, _ = circle(app_db)
    tab = Browser.with_token(token_for(app_db, people["Willow"]))
    tab.root.router = RouterData.from_router_data({
        RouteVar.CLIENT_TOKEN: "willow-laptop",
        "headers": {"cookie": tab.root.router.headers.cookie}})
    def stamps() -> tuple[int, int, int]:
        return (tab_events.stamp("willow-laptop", AppState),
                tab_events.stamp("willow-laptop", GroupThreadState),
                tab_events.stamp("another-tab", GroupThreadState))

    def one_event(name: str) -> None:
        asyncio.run(ViewerBinding().preprocess(None, tab.root, Event(name=name)))

    before = stamps()
    one_event(f"{AppState.get_full_name()}.load_page")
    after_page = stamps()
    assert after_page[0] != before[0]  # her page's event
    assert after_page[1:] == before[1:]  # the thread's stamp, another tab's: unchanged
    one_event(f"{GroupThreadState.get_full_name()}.load_thread")
    after_thread = stamps()
    assert after_thread[1] != after_page[1]
    assert (after_thread[0], after_thread[2]) == (after_page[0], after_page[2])


def test_a_tab_forgotten_past_the_limit_never_passes_for_one_without_events():
    """Past ``limit`` the oldest tabs go; a stamp taken before one of its events still
    differs once that tab is forgotten (a push reads again), and a tab forgotten with no
    event since keeps its stamp (no read for nothing)."""
    events = TabEvents(limit=2)
    thread_event = f"{GroupThreadState.get_full_name()}.react_to_post"
    events.begin("willow", thread_event)
    quiet = events.stamp("willow", GroupThreadState)
    events.begin("maple", thread_event)
    before_her_tap = events.stamp("maple", GroupThreadState)
    events.begin("maple", thread_event)  # her tap while a push reads
    events.begin("juniper", thread_event)  # Willow's record goes
    assert events.stamp("willow", GroupThreadState) == quiet
    events.begin("rowan", thread_event)  # Maple's goes too
    assert events.stamp("maple", GroupThreadState) != before_her_tap
    # A tab with no record yet: its stamp, then its first event, then it is forgotten.
    unknown = events.stamp("heron", GroupThreadState)
    events.begin("heron", thread_event)
    events.begin("wren", thread_event)
    events.begin("sol", thread_event)  # Heron's record goes
    assert events.stamp("heron", GroupThreadState) != unknown


def test_a_push_waiting_for_room_on_the_handlers_pool_holds_no_tab(app_db, monkeypatch):
    """Pushes read ``PUSH_JOBS_AT_ONCE`` at a time; one waiting for its turn holds no
    tab, so her taps in that tab go first (a badge's refresh here, a thread's alike)."""
    import threading

    from portal.state.notifications import NotificationsState

    people, _ = circle(app_db)
    tabs = {name: Browser.with_token(token_for(app_db, people[name]))
            for name in ("Willow", "Maple")}
    app = TabsApp({name: tab.root for name, tab in tabs.items()})
    monkeypatch.setattr(live_together, "PUSH_JOBS_AT_ONCE", 1)
    gate, reading = threading.Event(), threading.Event()
    refreshed: list[int] = []

    def slow_refresh(states, viewer_id, viewers):
        reading.set()
        gate.wait(5)
        refreshed.append(viewer_id)
        return 1

    monkeypatch.setattr(live_state, "_refresh_all", slow_refresh)

    async def scenario() -> bool:
        first = asyncio.ensure_future(live_state.refresh_tab(
            app, "Willow", live_state.LiveTab(people["Willow"].id, frozenset({"member:1"})),
            (NotificationsState,)))
        await asyncio.to_thread(reading.wait, 5)
        second = asyncio.ensure_future(live_state.refresh_tab(
            app, "Maple", live_state.LiveTab(people["Maple"].id, frozenset({"member:2"})),
            (NotificationsState,)))
        await asyncio.sleep(0.05)
        # Maple's push waits for its turn; her tab is free meanwhile.
        async with asyncio.timeout(1):
            async with app.modify_state(SimpleNamespace(ident="Maple")):
                free = refreshed == []
        gate.set()
        await asyncio.gather(first, second)
        return free

    assert asyncio.run(scenario())
    assert refreshed == [people["Willow"].id, people["Maple"].id]
    assert app.held == ["Willow", "Maple", "Maple"]  # Willow's push, her tap, Maple's push
