"""A live push reloads a tab as its own viewer, and only while the tab is hers (issue 15).

portal/state/live.py files each tab under its member and what its page shows; a push
runs the page state's ``_live_refresh``, which resolves the viewer from the tab's own
cookie and reloads through the services. Here as Reflex calls it, without a server.
"""

from __future__ import annotations

from portal import routes
from portal.models.types import utcnow
from portal.services import calendar, groups, mentoring, notifications
from portal.services.accounts import blocks
from portal.services.accounts import members as accounts
from portal.state import live as live_state
from portal.state.base import AppState
from portal.state.calendar import CalendarState
from portal.state.groups_thread import GroupThreadState
from portal.state.mentoring_thread import ThreadState
from portal.state.notifications import NotificationsState
from tests.factories.accounts import actor_of
from tests.factories.calendar import book, make_pair, slot_starts
from tests.factories.groups import make_group, make_member
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.state.browser import Browser, token_for
from tests.state.thread_posts import reaction_of


def phone_on_messages(app_db, member, match_id) -> tuple[Browser, str]:
    token = token_for(app_db, member)
    phone = Browser.with_token(token)
    phone.open(routes.MENTORING_MESSAGES, {"match": str(match_id)})
    phone.call(AppState, "load_page")
    phone.call(ThreadState, "load_thread")
    phone.state(AppState)._bound_viewer_id = member.id  # as the binding middleware does
    return phone, token


def bodies(phone: Browser) -> list[str]:
    return [message["body"] for message in phone.state(ThreadState).messages]


def test_a_messages_page_listens_to_its_mentorship_and_every_page_to_its_member():
    assert live_state.page_topics(routes.MENTORING_MESSAGES, {"match": "7"}, 3) == {
        "member:3", "match:7"}
    assert live_state.page_topics(routes.MENTORING_MESSAGES + "/", {"match": "x"}, 3) == {
        "member:3"}
    assert live_state.page_topics(routes.GROUPS, {}, 3) == {"member:3"}
    assert live_state.page_topics(routes.GROUPS, {}, 0) == frozenset()  # a visitor


def test_the_registry_files_forgets_and_keeps_to_its_limit():
    registry = live_state.TabRegistry(limit=2)
    registry.file("a", 1, frozenset({"member:1", "match:9"}))
    registry.file("b", 2, frozenset({"member:2", "match:9"}))
    assert sorted(token for token, _ in registry.listening("match:9")) == ["a", "b"]
    registry.file("a", 1, frozenset({"member:1"}))  # she moved to another page
    assert [token for token, _ in registry.listening("match:9")] == ["b"]
    registry.file("c", 3, frozenset({"member:3"}))
    registry.file("d", 4, frozenset({"member:4"}))  # over the limit: the oldest goes
    assert len(registry) == 2 and registry.listening("member:1") == []
    registry.forget("d")
    assert registry.listening("member:4") == []
    registry.file("e", 0, frozenset({"member:0"}))  # nobody signed in: never filed
    assert registry.listening("member:0") == []


def test_her_tab_shows_her_mentors_new_message_when_told(app_db):
    luna, sol = make_survivor(app_db), make_mentor(app_db)
    match = make_match(app_db, luna, sol)
    phone, _ = phone_on_messages(app_db, luna, match.id)
    assert bodies(phone) == []
    mentoring.send_message(session=app_db, actor=actor_of(sol), match_id=match.id,
                           body="Hello Luna, shall we talk on Tuesday?")
    assert phone.state(ThreadState)._live_refresh(luna.id) is True
    assert bodies(phone) == ["Hello Luna, shall we talk on Tuesday?"]
    assert phone.state(ThreadState).messages[0]["mine"] is False


def test_a_signed_out_tab_is_sent_nothing(app_db):
    luna, sol = make_survivor(app_db), make_mentor(app_db)
    match = make_match(app_db, luna, sol)
    phone, token = phone_on_messages(app_db, luna, match.id)
    accounts.sign_out(session=app_db, token=token)
    app_db.commit()
    mentoring.send_message(session=app_db, actor=actor_of(sol), match_id=match.id,
                           body="Are you there?")
    assert phone.state(ThreadState)._live_refresh(luna.id) is False
    assert bodies(phone) == []


def test_a_tab_bound_to_someone_else_is_sent_nothing(app_db):
    luna, sol = make_survivor(app_db), make_mentor(app_db)
    match = make_match(app_db, luna, sol)
    phone, _ = phone_on_messages(app_db, luna, match.id)
    phone.state(AppState)._bound_viewer_id = sol.id  # the tab was loaded for another member
    mentoring.send_message(session=app_db, actor=actor_of(sol), match_id=match.id,
                           body="Hello")
    assert phone.state(ThreadState)._live_refresh(luna.id) is False
    assert phone.state(ThreadState)._live_refresh(sol.id) is False  # not the cookie's viewer
    assert bodies(phone) == []


def test_a_tab_that_left_the_mentorship_reloads_nothing(app_db):
    luna, sol = make_survivor(app_db), make_mentor(app_db)
    match = make_match(app_db, luna, sol)
    phone, _ = phone_on_messages(app_db, luna, match.id)
    phone.state(ThreadState).thread_ready = False
    assert phone.state(ThreadState)._live_refresh(luna.id) is False


def test_her_badge_counts_a_new_notification_when_told(app_db):
    willow = make_survivor(app_db)
    phone = Browser.with_token(token_for(app_db, willow))
    phone.open(routes.GROUPS, {})
    phone.call(AppState, "load_page")
    phone.call(NotificationsState, "load_unread_count")
    phone.state(AppState)._bound_viewer_id = willow.id
    assert phone.state(NotificationsState).unread_count == 0
    notifications.notify(app_db, user_id=willow.id, kind="moderation",
                         key="notify.moderator_note")
    app_db.commit()
    assert phone.state(NotificationsState)._live_refresh(willow.id) is True
    assert phone.state(NotificationsState).unread_count == 1
    assert phone.state(NotificationsState).notification_items == []  # not on the list page


# --- a group thread: changes in place, new replies behind the bar ----------------------

def phone_on_thread(app_db, member, thread_id) -> Browser:
    phone = Browser.with_token(token_for(app_db, member))
    phone.open(routes.GROUP_THREAD, {"id": str(thread_id)})
    phone.call(AppState, "load_page")
    phone.call(GroupThreadState, "load_thread")
    phone.state(AppState)._bound_viewer_id = member.id
    return phone


def test_new_replies_wait_behind_the_bar_and_reactions_change_in_place(app_db):
    group = make_group(app_db, name="Evening circle")
    willow = make_member(app_db, group, established=True)
    maple = make_member(app_db, group, established=True)
    started = groups.start_thread(session=app_db, actor=actor_of(willow), group_id=group.id,
                                  title="Small wins", body="I cooked for myself today.")
    phone = phone_on_thread(app_db, willow, started.thread_id)
    state = phone.state(GroupThreadState)
    assert [post["body"] for post in state.posts] == ["I cooked for myself today."]

    for words in ("That is wonderful.", "Proud of you."):
        groups.reply(session=app_db, actor=actor_of(maple), thread_id=started.thread_id,
                     body=words)
    groups.react_to_post(session=app_db, actor=actor_of(maple), post_id=started.post_id,
                         kind="heart")
    assert state._live_refresh(willow.id) is True
    # Nothing moved under her thumb: the replies wait, the reaction shows in place.
    assert [post["body"] for post in state.posts] == ["I cooked for myself today."]
    assert reaction_of(state.posts[0], "heart") == (1, False)
    assert (state.new_replies, state.new_replies_text) == (2, "2 new replies. Show them")

    phone.call(GroupThreadState, "show_new_replies")
    assert [post["body"] for post in state.posts] == [
        "I cooked for myself today.", "That is wonderful.", "Proud of you."]
    assert state.new_replies == 0 and state.new_replies_text == ""


def test_a_reply_from_someone_she_blocked_never_reaches_her_tab(app_db):
    group = make_group(app_db, name="Evening circle")
    willow = make_member(app_db, group, established=True)
    maple = make_member(app_db, group, established=True)
    juniper = make_member(app_db, group, established=True)
    started = groups.start_thread(session=app_db, actor=actor_of(juniper), group_id=group.id,
                                  title="Sleep", body="How do you wind down at night?")
    blocks.block_member(session=app_db, actor=actor_of(willow), member_id=maple.id)
    phone = phone_on_thread(app_db, willow, started.thread_id)
    groups.reply(session=app_db, actor=actor_of(maple), thread_id=started.thread_id,
                 body="A warm shower helps me.")
    state = phone.state(GroupThreadState)
    assert state._live_refresh(willow.id) is True
    assert state.new_replies == 0  # as a reload would: her block hides Maple's words
    phone.call(GroupThreadState, "show_new_replies")
    assert "A warm shower helps me." not in [post["body"] for post in state.posts]


# --- pages that reload for her own news ----------------------------------------------

def test_a_members_news_reloads_the_badge_everywhere_and_the_calendar_only_on_it():
    import reflex as rx

    on_calendar = live_state._refreshers(rx.State, "member", routes.CALENDAR + "/")
    on_groups = live_state._refreshers(rx.State, "member", routes.GROUPS)
    assert NotificationsState in on_calendar and CalendarState in on_calendar
    assert on_groups == (NotificationsState,)
    assert live_state._refreshers(rx.State, "match", routes.GROUPS) == (ThreadState,)


def test_her_open_calendar_shows_a_session_her_mentor_cancelled(app_db):
    luna, sol, _match = make_pair(app_db)
    now = utcnow()
    booked = book(app_db, luna, sol, slot_starts(app_db, luna, sol, now=now)[0], now=now)
    phone = Browser.with_token(token_for(app_db, luna))
    phone.open(routes.CALENDAR, {})
    phone.call(AppState, "load_page")
    phone.call(CalendarState, "load_calendar")
    phone.state(AppState)._bound_viewer_id = luna.id
    assert [entry["cancelled"] for entry in phone.state(CalendarState).entries] == [False]
    calendar.cancel_session(session=app_db, actor=actor_of(sol), booking_id=booked.id,
                            reason="I am unwell")
    assert phone.state(CalendarState)._live_refresh(luna.id) is True
    assert phone.state(CalendarState).entries == []  # a cancelled session leaves it


class Refreshes:
    """refresh_tab stood in for by a recorder that waits until the test lets it finish,
    so what runs at once, in which order and how pushes merge can be seen."""

    def __init__(self) -> None:
        import asyncio

        self.started: list[tuple[str, tuple[type, ...]]] = []
        self.only: list[tuple[str, frozenset[int] | None]] = []  # the posts pushes named
        self.running = 0
        self.most_at_once = 0
        self.gate = asyncio.Event()

    async def __call__(self, app, token, tab, state_classes, viewers=None, only=None):
        self.started.append((token, tuple(state_classes)))
        self.only.append((token, only))
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            await self.gate.wait()
        finally:
            self.running -= 1
        return len(state_classes)


def fresh_delivery(monkeypatch, limit: int = 16) -> Refreshes:
    monkeypatch.setattr(live_state, "registry", live_state.TabRegistry())
    monkeypatch.setattr(live_state, "deliveries", live_state.Deliveries(limit=limit))
    refreshes = Refreshes()
    monkeypatch.setattr(live_state, "refresh_tab", refreshes)
    return refreshes


def test_a_push_skips_the_tab_whose_own_event_made_the_change(monkeypatch):
    import asyncio
    from types import SimpleNamespace

    import reflex as rx

    from portal.services import live

    refreshes = fresh_delivery(monkeypatch)
    refreshes.gate.set()
    live_state.registry.file("sender-tab", 1, frozenset({"match:4"}), routes.MENTORING_MESSAGES)
    live_state.registry.file("partner-tab", 2, frozenset({"match:4"}), routes.MENTORING_MESSAGES)
    app = SimpleNamespace(_state=rx.State)
    done = asyncio.run(live_state.deliver(app, ("match:4",), live.origin_digest("sender-tab")))
    assert done == 1 and refreshes.started == [("partner-tab", (ThreadState,))]
    # The raw token is not an origin: a bus message naming it skips nobody.
    refreshes.started.clear()
    done = asyncio.run(live_state.deliver(app, ("match:4",), "sender-tab"))
    assert sorted(token for token, _ in refreshes.started) == ["partner-tab", "sender-tab"]


def test_pushes_for_one_tab_merge_and_one_arriving_mid_refresh_runs_again(monkeypatch):
    import asyncio
    from types import SimpleNamespace

    import reflex as rx

    refreshes = fresh_delivery(monkeypatch, limit=1)
    live_state.registry.file("mentor-tab", 2, frozenset({"member:2", "match:4"}),
                             routes.MENTORING_MESSAGES)
    live_state.registry.file("other-tab", 3, frozenset({"member:3"}), routes.GROUPS)
    app = SimpleNamespace(_state=rx.State)

    async def scenario() -> list[int]:
        first = asyncio.ensure_future(live_state.deliver(app, ("member:3",)))
        await asyncio.sleep(0)  # other-tab is refreshing: the only place (limit 1)
        # Two pushes for mentor-tab while it waits: one refresh with both states.
        second = asyncio.ensure_future(live_state.deliver(app, ("member:2",)))
        third = asyncio.ensure_future(live_state.deliver(app, ("match:4",)))
        await asyncio.sleep(0)
        # other-tab hears again while its refresh runs: it runs once more afterwards.
        fourth = asyncio.ensure_future(live_state.deliver(app, ("member:3",)))
        await asyncio.sleep(0)
        refreshes.gate.set()
        return list(await asyncio.gather(first, second, third, fourth))

    results = asyncio.run(scenario())
    assert refreshes.started == [("other-tab", (NotificationsState,)),
                                 ("mentor-tab", (NotificationsState, ThreadState)),
                                 ("other-tab", (NotificationsState,))]
    assert results == [1, 2, 2, 1] and refreshes.most_at_once == 1


def test_what_a_page_shows_goes_before_badges_and_few_tabs_refresh_at_once(monkeypatch):
    import asyncio
    from types import SimpleNamespace

    import reflex as rx

    refreshes = fresh_delivery(monkeypatch, limit=3)
    for n in range(10):
        live_state.registry.file(f"badge-{n}", 100 + n, frozenset({"member:7"}), routes.GROUPS)
    live_state.registry.file("page-tab", 8, frozenset({"member:8", "match:4"}),
                             routes.MENTORING_MESSAGES)
    app = SimpleNamespace(_state=rx.State)

    async def scenario() -> int:
        badges = asyncio.ensure_future(live_state.deliver(app, ("member:7",)))
        await asyncio.sleep(0)
        page = asyncio.ensure_future(live_state.deliver(app, ("match:4",)))
        await asyncio.sleep(0)
        refreshes.gate.set()
        return sum(await asyncio.gather(badges, page))

    assert asyncio.run(scenario()) == 11
    order = [token for token, _ in refreshes.started]
    # Three badges had started before the message came; the message went next.
    assert order.index("page-tab") == 3 and refreshes.most_at_once == 3


def test_one_push_refreshes_every_state_of_her_tab_and_a_sign_out_stops_the_next(app_db):
    import contextvars

    luna, sol, _match = make_pair(app_db)
    now = utcnow()
    booked = book(app_db, luna, sol, slot_starts(app_db, luna, sol, now=now)[0], now=now)
    token = token_for(app_db, luna)
    phone = Browser.with_token(token)
    phone.open(routes.CALENDAR, {})
    phone.call(AppState, "load_page")
    phone.call(CalendarState, "load_calendar")
    phone.call(NotificationsState, "load_unread_count")
    phone.state(AppState)._bound_viewer_id = luna.id
    unread = phone.state(NotificationsState).unread_count
    calendar.cancel_session(session=app_db, actor=actor_of(sol), booking_id=booked.id,
                            reason="I am unwell")
    states = [phone.state(NotificationsState), phone.state(CalendarState)]
    viewers: dict = {}  # one push's cache: her cookie is looked up once for both states
    done = contextvars.copy_context().run(live_state._refresh_all, states, luna.id, viewers)
    assert done == 2 and len(viewers) == 1
    assert phone.state(CalendarState).entries == []  # Sol's cancellation, from her side
    assert phone.state(NotificationsState).unread_count == unread + 1
    # She signs out: the next push looks her cookie up afresh and is sent nothing.
    accounts.sign_out(session=app_db, token=token)
    app_db.commit()
    done = contextvars.copy_context().run(live_state._refresh_all, states, luna.id, {})
    assert done == 0


def test_a_push_naming_posts_reads_those_and_merged_pushes_name_them_all(monkeypatch):
    """Pushes that name the posts that changed (a reaction, a reply) reach every tab of
    the thread (and no other thread's); a tab whose pushes merge while it waits is told
    every post they named; a push for the whole thread, merged with them, has every
    shown post read again (None)."""
    import asyncio
    from types import SimpleNamespace

    import reflex as rx

    from portal.services import live

    refreshes = fresh_delivery(monkeypatch)
    monkeypatch.setattr(live_state, "deliveries",
                        live_state.Deliveries(limit=1, together_limit=1))
    for token in ("reader-a", "reader-b"):
        live_state.registry.file(token, 3, frozenset({"member:3", "thread:7"}),
                                 routes.GROUP_THREAD)
    app = SimpleNamespace(_state=rx.State)

    async def scenario(*pushed: tuple[str, ...]) -> None:
        refreshes.only.clear()
        refreshes.gate.clear()
        pushes = [asyncio.ensure_future(live_state.deliver(app, topics)) for topics in pushed]
        await asyncio.sleep(0)
        refreshes.gate.set()
        await asyncio.gather(*pushes)

    def first_and_other() -> tuple[str, str]:
        first = refreshes.only[0][0]
        return first, ({"reader-a", "reader-b"} - {first}).pop()

    # One tab starts on the first push (one at a time); the other waits and hears both;
    # the first hears the second after its refresh. Thread 8's post reaches neither.
    asyncio.run(scenario((live.thread_post_topic(7, 41),), (live.thread_post_topic(7, 42),),
                         (live.thread_post_topic(8, 43),)))
    first, other = first_and_other()
    assert refreshes.only == [(first, frozenset({41})), (other, frozenset({41, 42})),
                              (first, frozenset({42}))]
    asyncio.run(scenario((live.thread_post_topic(7, 41),), (live.thread_topic(7),)))
    first, other = first_and_other()
    assert refreshes.only == [(first, frozenset({41})), (other, None), (first, None)]
    assert live_state.named_posts([live.thread_post_topic(7, 41), "thread:7:42"]) == {41, 42}
    assert live_state.named_posts(["thread:7:41", "thread:7"]) is None
    assert live_state.named_posts([]) is None
