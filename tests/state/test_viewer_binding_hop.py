"""Issue 14: one crossing to the thread pool per event, and the binding still first.

The viewer-binding middleware (state/viewer_binding.py) hands its check to the handler's
own hop when the event names one of Lantern's plain handlers: the viewer is resolved
once, on the same worker thread, before the handler's body; a tab bound to someone else
is reset before that body runs. Other events are checked by the middleware itself.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from reflex_base.event import Event

from portal.auth.cookies import SESSION_COOKIE
from portal.http import blocking
from portal.state import base
from portal.state.base import AppState, _off_the_event_loop
from portal.state.mentoring_thread import ThreadState
from portal.state.viewer_binding import ViewerBinding, handler_hops_for_itself
from tests.factories.accounts import make_user
from tests.state.browser import Browser, our_state_classes, token_for

on_sqlite = pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
LOAD_PAGE = Event(name=f"{AppState.get_full_name()}.load_page")
HYDRATE = Event(name="reflex___state____state.hydrate")


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How many hops to the handlers' pool, and how many viewer look-ups, an event makes."""
    counts = {"hops": 0, "lookups": 0}
    run_whole, look_up = blocking._run_whole, base.viewer_for_cookies

    async def counted_hop(work):
        counts["hops"] += 1
        return await run_whole(work)

    def counted_lookup(cookies):
        counts["lookups"] += 1
        return look_up(cookies)

    monkeypatch.setattr(blocking, "_run_whole", counted_hop)
    monkeypatch.setattr(base, "viewer_for_cookies", counted_lookup)
    return counts


def _one_event(tab: Browser, event: Event, *, handler: str | None = "load_page") -> None:
    """The middleware, then (as Reflex does, in the same task) the handler."""

    async def run() -> None:
        await ViewerBinding().preprocess(None, tab.root, event)
        if handler is not None:
            await AppState.event_handlers[handler].fn(tab.state(AppState))

    asyncio.run(run())


def _wrens_tab_with_her_partner(app_db) -> tuple[Browser, int]:
    wren = make_user(app_db, name="Member Wren")
    tab = Browser.with_token(token_for(app_db, wren))
    _one_event(tab, LOAD_PAGE)
    tab.state(ThreadState).partner = "Mentor Sol"  # something only hers
    return tab, wren.id


def _hand_the_tab_to(tab: Browser, token: str) -> None:
    cookie = f"{SESSION_COOKIE}={token}" if token else ""
    tab.root.router = type(tab.root.router).from_router_data({"headers": {"cookie": cookie}})


def test_every_plain_handler_of_ours_takes_the_check_on_its_own_hop():
    checked_by_the_middleware = []
    for state_class in our_state_classes():
        for name, handler in state_class.event_handlers.items():
            if handler.fn.__module__.startswith("portal.") and \
                    getattr(handler.fn, "__wrapped__", None) is not None:
                event = Event(name=f"{state_class.get_full_name()}.{name}")
                if not handler_hops_for_itself(event):
                    checked_by_the_middleware.append(f"{state_class.__name__}.{name}")
    assert checked_by_the_middleware == []


def test_reflex_events_and_unknown_names_are_checked_by_the_middleware_itself():
    assert not handler_hops_for_itself(HYDRATE)
    assert not handler_hops_for_itself(Event(name="reflex___state____state.on_load_internal"))
    assert not handler_hops_for_itself(Event(name=f"{AppState.get_full_name()}.no_such"))
    assert not handler_hops_for_itself(None)


@on_sqlite
def test_her_own_event_makes_one_hop_and_one_viewer_look_up(app_db, counted):
    tab, wren = _wrens_tab_with_her_partner(app_db)
    counted.update(hops=0, lookups=0)
    _one_event(tab, LOAD_PAGE)
    assert counted == {"hops": 1, "lookups": 1}
    assert tab.state(AppState)._bound_viewer_id == wren
    assert tab.state(ThreadState).partner == "Mentor Sol"  # still hers: nothing reset


@on_sqlite
def test_someone_elses_cookie_resets_the_tab_before_the_handler_runs(app_db, counted,
                                                                     monkeypatch):
    tab, _ = _wrens_tab_with_her_partner(app_db)
    rowan = make_user(app_db, name="Member Rowan")
    _hand_the_tab_to(tab, token_for(app_db, rowan))
    seen_by_the_handler = []
    body = AppState.event_handlers["load_page"].fn.__wrapped__

    def load_page_watching(state):
        seen_by_the_handler.append(state.get_substate(
            ThreadState.get_full_name().split(".")[2:]).partner)
        return body(state)

    load_page_watching.__module__ = "portal.state.example"  # wrapped as ours are
    monkeypatch.setitem(AppState.event_handlers, "load_page",
                        AppState._create_event_handler(load_page_watching))
    counted.update(hops=0, lookups=0)
    _one_event(tab, LOAD_PAGE)
    assert seen_by_the_handler == [""]  # Wren's partner was gone before the body ran
    assert counted == {"hops": 2, "lookups": 1}  # the reset waits on the loop between
    app = tab.state(AppState)
    assert (app._bound_viewer_id, app.viewer_name) == (rowan.id, "Member Rowan")


@on_sqlite
def test_a_replayed_tab_without_the_cookie_is_reset_before_the_handler(app_db):
    tab, _ = _wrens_tab_with_her_partner(app_db)
    _hand_the_tab_to(tab, "")
    _one_event(tab, LOAD_PAGE)
    assert tab.state(ThreadState).partner == ""
    app = tab.state(AppState)
    assert (app._bound_viewer_id, app.signed_in, app.viewer_name) == (0, False, "")


@on_sqlite
def test_a_reflex_event_is_checked_before_anything_runs(app_db, counted):
    tab, _ = _wrens_tab_with_her_partner(app_db)
    _hand_the_tab_to(tab, "")
    counted.update(hops=0, lookups=0)
    _one_event(tab, HYDRATE, handler=None)  # the middleware alone, as before a hydrate
    assert tab.state(ThreadState).partner == ""
    assert tab.state(AppState)._bound_viewer_id == 0
    assert counted["hops"] == 1


@on_sqlite
def test_the_check_is_taken_once_per_event(app_db, counted):
    tab, _ = _wrens_tab_with_her_partner(app_db)
    counted.update(hops=0, lookups=0)

    async def run() -> None:
        await ViewerBinding().preprocess(None, tab.root, LOAD_PAGE)
        await blocking.handler_off_the_event_loop(lambda: None)  # the handler's hop
        await blocking.handler_off_the_event_loop(lambda: None)  # any further work

    asyncio.run(run())
    assert counted == {"hops": 2, "lookups": 1}


def _slow_body(state, ended: threading.Event, started: threading.Event):
    started.set()
    ended.wait(5)  # the test lets it end only after it cancelled the event
    state.append("finished")


_slow_body.__module__ = "portal.state.example"


def test_a_cancelled_event_waits_for_its_handler_to_end_before_it_lets_go():
    handler = _off_the_event_loop(_slow_body)
    done: list[str] = []

    async def cancel_while_it_runs() -> list[str]:
        ended, started = threading.Event(), threading.Event()
        task = asyncio.create_task(handler(done, ended=ended, started=started))
        while not started.is_set():
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.sleep(0.05)
        seen_before_the_end = list(done)
        assert not task.done()  # still waiting for the body, the state still locked
        ended.set()
        with pytest.raises(asyncio.CancelledError):
            await task
        return seen_before_the_end

    assert asyncio.run(cancel_while_it_runs()) == []
    assert done == ["finished"]
