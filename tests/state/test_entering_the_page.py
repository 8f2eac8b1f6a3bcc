"""A navigation to a page with one load of its own is one event (issue 14).

That load enters the page itself (``portal.state.base.entering_the_page``): language,
who is signed in and the tab's live filing (``AppState._enter_page``, what
``AppState.load_page`` does), then the page's own read, in the same event and the same
trip to the handlers' pool. Pages with several loads, or none, still run
``AppState.load_page`` first.
"""

from __future__ import annotations

from reflex.istate.data import RouterData
from reflex_base.registry import RegistrationContext

from portal import routes
from portal.services import live
from portal.state import live as live_state
from portal.state.base import AppState, entering_the_page
from portal.state.groups_thread import GroupThreadState
from portal.state.resources import ResourcesState
from tests.factories.accounts import make_user
from tests.factories.resources import make_listing
from tests.state.browser import Browser, token_for


def page_at(app_db, member, path: str, query: dict[str, str] | None = None) -> Browser:
    phone = Browser.with_token(token_for(app_db, member) if member else "")
    phone.open(path, query or {})
    return phone


def handler_of(event):
    return getattr(event, "handler", event)


def test_a_page_with_one_load_is_one_event_that_enters_the_page(app_db):
    make_listing(app_db, name="Harbor Pantry", category="food")
    wren = make_user(app_db, name="Member Wren", language="es")
    phone = page_at(app_db, wren, routes.RESOURCES)
    events = phone.state(AppState)._current_page_load_events()
    assert [handler_of(e).fn.__qualname__ for e in events] == ["ResourcesState.load_resources"]
    handler = handler_of(events[0])
    handler.fn.__wrapped__(phone.state(ResourcesState))
    app_state = phone.state(AppState)
    # What load_page would have done, in the same call: her language, her name, loaded.
    assert (app_state.signed_in, app_state.viewer_name, app_state.lang,
            app_state.loaded) == (True, "Member Wren", "es", True)
    # And the page's own read.
    assert [item["name"] for item in phone.state(ResourcesState).results] == ["Harbor Pantry"]


def test_the_entered_tab_is_filed_for_live_updates_under_its_page(app_db):
    willow = make_user(app_db, name="Member Willow")
    phone = page_at(app_db, willow, routes.GROUP_THREAD, {"id": "41"})
    token = "tab-entering-the-page"
    phone.root.router = RouterData.from_router_data({
        "headers": {"cookie": phone.root.router.headers.cookie},
        "pathname": routes.GROUP_THREAD, "asPath": f"{routes.GROUP_THREAD}?id=41",
        "query": {"id": "41"}, "token": token})
    handler = GroupThreadState.load_thread
    try:
        handler.fn.__wrapped__(phone.state(GroupThreadState))
        filed = {topic for topic in (live.member_topic(willow.id), live.thread_topic(41))
                 if any(t == token for t, _ in live_state.registry.listening(topic))}
        assert filed == {live.member_topic(willow.id), live.thread_topic(41)}
    finally:
        live_state.registry.forget(token)


def test_a_signed_out_visitor_is_sent_to_sign_in_from_that_one_event(app_db):
    phone = page_at(app_db, None, routes.GROUP_THREAD, {"id": "41"})
    answer = GroupThreadState.load_thread.fn.__wrapped__(phone.state(GroupThreadState))
    assert phone.state(AppState).signed_in is False and phone.state(AppState).loaded
    assert answer is not None  # the redirect to sign in, as before


def test_every_page_enters_once_first():
    """Each page's loads start with exactly one that enters the page: its own first load
    (entering) or, on a page with no load of its own, ``AppState.load_page``."""
    app = RegistrationContext.get().app
    entered_by_own_load = 0
    for route, events in app._load_events.items():
        handlers = [handler_of(event) for event in events]
        enters = [getattr(getattr(h.fn, "__wrapped__", None), "enters_the_page", False)
                  or h.fn.__qualname__ == "AppState.load_page" for h in handlers]
        assert enters[0] and not any(enters[1:]), route
        entered_by_own_load += handlers[0].fn.__qualname__ != "AppState.load_page"
    assert entered_by_own_load >= 45  # every page with a load of its own


def test_the_notification_centre_is_one_event_with_her_choices(app_db):
    """Her notifications, her kinds and her reminder choices: one load that enters the
    page (it was three events), filling the two other states of her tab as well."""
    from portal.services import notifications
    from portal.services.notifications import choices
    from portal.state.notifications import (
        NotificationKindsState,
        NotificationsState,
        ReminderPreferencesState,
    )
    from tests.factories.accounts import actor_of

    luna = make_user(app_db, name="Survivor Luna")
    notifications.notify(app_db, user_id=luna.id, kind="welcome", key="notify.welcome")
    choices.choose_notification_kind(session=app_db, actor=actor_of(luna), kind="message",
                                     on=False)
    app_db.commit()
    phone = page_at(app_db, luna, routes.NOTIFICATIONS)
    names = [handler_of(e).fn.__qualname__
             for e in phone.state(AppState)._current_page_load_events()]
    assert names == ["NotificationsState.load_notifications"]
    assert phone.call(NotificationsState, "load_notifications") is None
    assert len(phone.state(NotificationsState).notification_items) == 1
    kinds = phone.state(NotificationKindsState)
    assert kinds.kinds_loaded and kinds.kinds_off == ["message"]
    preferences = phone.state(ReminderPreferencesState)
    assert preferences.preferences_loaded and preferences.reminder_offsets


def test_a_signed_out_visitor_of_the_notification_centre_gets_nothing_of_it(app_db):
    from portal.state.notifications import (
        NotificationKindsState,
        NotificationsState,
        ReminderPreferencesState,
    )

    phone = page_at(app_db, None, routes.NOTIFICATIONS)
    assert phone.call(NotificationsState, "load_notifications") is not None  # to sign in
    assert not phone.state(NotificationKindsState).kinds_loaded
    assert not phone.state(ReminderPreferencesState).preferences_loaded


def test_the_wrapper_brings_the_other_states_into_the_tab_first(monkeypatch):
    """What Reflex runs: the handler's wrapper fetches the states it also fills (with
    Redis they are not in the tab's tree until asked for) before its trip to the pool."""
    import asyncio

    import portal.state.base as base
    from portal.state.notifications import (
        NotificationKindsState,
        NotificationsState,
        ReminderPreferencesState,
    )

    steps: list[object] = []

    class Tab:
        async def get_state(self, state_class):
            steps.append(state_class)

    async def the_trip(work):
        steps.append("the trip to the handlers' pool")

    monkeypatch.setattr(base, "handler_off_the_event_loop", the_trip)
    asyncio.run(NotificationsState.event_handlers["load_notifications"].fn(Tab()))
    assert steps == [NotificationKindsState, ReminderPreferencesState,
                     "the trip to the handlers' pool"]


def test_entering_twice_builds_nothing_new():
    once = GroupThreadState.load_thread
    assert entering_the_page(once) == [once]
    assert entering_the_page(once, ResourcesState.load_resources) == [
        once, ResourcesState.load_resources]
    assert GroupThreadState.event_handlers["load_thread"] is once
