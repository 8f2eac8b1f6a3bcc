"""A live push reads only what changed in an open group thread, and shows what a reload
would (issue 15, fan-out speed).

Each case opens the thread in Willow's tab (the rules she read it by are what later
pushes compare with), changes something from another member's or a moderator's side
through the services, runs the push as the worker runs it (``live_together``, naming
the posts the services said changed: ``live.thread_post_topic``, recorded from the
bus), and compares her tab with
the same thread freshly opened by her in a second tab: the posts her tab shows are
exactly the reload's, and her bar counts exactly the reload's posts after the last one
she sees (and any before it that she does not see: ``test_live_held_approved.py``).
Which vars the push changed is read from Reflex's own dirty set, as Reflex sends them:
a new reply sends the bar, never the list of posts.
"""

from __future__ import annotations

import contextvars

import pytest
from sqlalchemy import select, update

from portal import routes
from portal.models.groups import GroupPost, ReviewQueueItem
from portal.services import groups, live, moderation
from portal.services.accounts import blocks
from portal.services.accounts import staff as accounts
from portal.state import live as live_state
from portal.state import live_together
from portal.state.base import AppState
from portal.state.groups_thread import UPDATES_AT_MOST, GroupThreadState
from tests.factories.accounts import actor_of, make_user
from tests.factories.groups import make_group, make_member, make_moderator
from tests.state.browser import Browser, token_for
from tests.state.test_thread_own_taps import tap
from tests.state.thread_posts import reaction_of


class Heard:
    """The live bus, recorded: the topics the services published after each commit,
    and how far each tab's pushes have read them."""

    def __init__(self) -> None:
        self.topics: list[str] = []
        self._read: dict[int, int] = {}

    def send(self, topics: tuple[str, ...], origin_tab: str = "") -> None:
        self.topics.extend(topics)

    def opened(self, state: GroupThreadState) -> None:
        """Her tab hears what is published from now on."""
        self._read[id(state)] = len(self.topics)

    def since_last_push(self, state: GroupThreadState) -> list[str]:
        start = self._read.get(id(state), 0)
        self._read[id(state)] = len(self.topics)
        return self.topics[start:]


HEARD: list[Heard] = []


@pytest.fixture(autouse=True)
def thread_bus():
    """Every test of a module that imports this fixture records the bus (``Heard``)."""
    HEARD.append(Heard())
    live.use_bus(HEARD[-1])
    yield HEARD[-1]
    live.use_bus(None)
    HEARD.pop()


def open_tab(app_db, member, thread_id) -> Browser:
    phone = Browser.with_token(token_for(app_db, member))
    phone.open(routes.GROUP_THREAD, {"id": str(thread_id)})
    phone.call(AppState, "load_page")
    phone.call(GroupThreadState, "load_thread")
    phone.state(AppState)._bound_viewer_id = member.id  # as the binding middleware does
    if HEARD:
        HEARD[-1].opened(phone.state(GroupThreadState))
    return phone


def open_thread(app_db, member, thread_id) -> GroupThreadState:
    return open_tab(app_db, member, thread_id).state(GroupThreadState)


def pushed(state: GroupThreadState, member) -> set[str]:
    """Run a push on her tab as a worker does (state/live.py ``_refresh_together``: her
    tab's question, read on the handlers' pool by ``live_together``, the answer shown),
    naming the posts the services said changed since her tab's last push (all of them
    when a topic named the whole thread, or none was heard); the vars it changed that
    Reflex sends."""
    heard = HEARD[-1].since_last_push(state) if HEARD else []
    only = live_state.named_posts([topic for topic in heard
                                   if live.parse_topic(topic)[0] == "thread"])
    state.dirty_vars.clear()
    question = state._push_question(only)
    assert question is not None
    answer = contextvars.copy_context().run(
        live_together._answer_together, GroupThreadState, [(question, member.id)])[0]
    assert answer is not None
    state._show_answer(*answer)
    return set(state.dirty_vars) & set(state._frontend_var_names)


def assert_as_a_reload(app_db, member, state: GroupThreadState, shown: list[int]) -> None:
    fresh = open_thread(app_db, member, state._thread_id)
    assert fresh.thread_ready
    assert state.posts == [post for post in fresh.posts if post["id"] in shown]
    assert state.new_replies == sum(1 for post in fresh.posts if post["id"] > max(shown))
    # Nothing waits unseen: a reload shows exactly her posts and those her bar counts.
    assert state.new_replies == sum(1 for post in fresh.posts if post not in state.posts)
    assert (state.can_reply, state.thread_locked) == (fresh.can_reply, fresh.thread_locked)


def circle(app_db):
    group = make_group(app_db, name="Evening circle", visibility="private")
    willow = make_member(app_db, group, name="Willow", established=True)
    maple = make_member(app_db, group, name="Maple", established=True)
    juniper = make_member(app_db, group, name="Juniper", established=True)
    started = groups.start_thread(session=app_db, actor=actor_of(juniper), group_id=group.id,
                                  title="Small wins", body="I cooked for myself today.")
    first = groups.reply(session=app_db, actor=actor_of(maple), thread_id=started.thread_id,
                         body="That is wonderful.")
    return group, willow, maple, started, first


def ids(state: GroupThreadState) -> list[int]:
    return [post["id"] for post in state.posts]


def test_a_new_reply_sends_her_bar_and_not_the_posts(app_db):
    _, willow, maple, started, _ = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    shown, before = ids(state), list(state.posts)
    groups.reply(session=app_db, actor=actor_of(maple), thread_id=started.thread_id,
                 body="Proud of you.")
    sent = pushed(state, willow)
    assert "posts" not in sent and {"new_replies", "new_replies_text"} <= sent
    assert state.posts == before and state.new_replies == 1
    assert_as_a_reload(app_db, willow, state, shown)
    assert pushed(state, willow) == set()  # nothing changed since: nothing is sent


def test_a_reaction_changes_the_post_in_place(app_db):
    _, willow, maple, started, first = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    shown = ids(state)
    before = list(state.posts)
    groups.react_to_post(session=app_db, actor=actor_of(maple), post_id=started.post_id,
                         kind="heart")
    # The post's new entry goes alone; the list is not sent again.
    assert pushed(state, willow) == {"post_updates"}
    assert state.post_updates == {str(started.post_id): state.posts[0]}
    assert reaction_of(state.posts[0], "heart") == (1, False) and state.new_replies == 0
    assert state.posts[1:] == before[1:]
    assert_as_a_reload(app_db, willow, state, shown)


def test_an_edit_shows_the_new_words(app_db):
    _, willow, maple, started, first = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    shown = ids(state)
    groups.edit_post(session=app_db, actor=actor_of(maple), post_id=first.post_id,
                     body="That is truly wonderful.")
    assert pushed(state, willow) == {"post_updates"}
    assert state.posts[1]["body"] == "That is truly wonderful." and state.posts[1]["edited"]
    assert_as_a_reload(app_db, willow, state, shown)


def test_a_removed_or_hidden_post_leaves_her_tab(app_db):
    group, willow, maple, started, first = circle(app_db)
    second = groups.reply(session=app_db, actor=actor_of(maple), thread_id=started.thread_id,
                          body="Same here, soup.")
    heron = make_moderator(app_db, group, name="Heron")
    state = open_thread(app_db, willow, started.thread_id)
    shown = ids(state)
    groups.delete_post(session=app_db, actor=actor_of(maple), post_id=first.post_id)
    pushed(state, willow)
    assert first.post_id not in ids(state)
    assert_as_a_reload(app_db, willow, state, shown)
    moderation.hide_post(session=app_db, actor=actor_of(heron), post_id=second.post_id)
    pushed(state, willow)
    assert ids(state) == [started.post_id]
    assert_as_a_reload(app_db, willow, state, shown)


def test_a_held_reply_is_not_counted_until_a_moderator_approves_it(app_db):
    group, willow, _, started, _ = circle(app_db)
    newcomer = make_member(app_db, group, name="Fern")
    heron = make_moderator(app_db, group, name="Heron")
    phone = open_tab(app_db, willow, started.thread_id)
    state = phone.state(GroupThreadState)
    heron_tab = open_thread(app_db, heron, started.thread_id)
    shown, heron_shown = ids(state), ids(heron_tab)
    held = groups.reply(session=app_db, actor=actor_of(newcomer),
                        thread_id=started.thread_id, body="I made tea and toast.")
    assert held.status == "held"
    pushed(state, willow)
    assert state.new_replies == 0
    assert_as_a_reload(app_db, willow, state, shown)
    # The moderator's tab counts it (moderators see held posts), as her reload does.
    pushed(heron_tab, heron)
    assert heron_tab.new_replies == 1
    assert_as_a_reload(app_db, heron, heron_tab, heron_shown)
    item = app_db.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == held.post_id)).scalar_one()
    moderation.approve_item(session=app_db, actor=actor_of(heron), item_id=item)
    pushed(state, willow)
    assert state.new_replies == 1
    assert_as_a_reload(app_db, willow, state, shown)
    phone.call(GroupThreadState, "show_new_replies")
    assert ids(state)[-1] == held.post_id and state.new_replies == 0


def test_a_blocked_authors_words_never_reach_her_tab(app_db):
    _, willow, maple, started, first = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    shown = ids(state)
    blocks.block_member(session=app_db, actor=actor_of(willow), member_id=maple.id)
    groups.reply(session=app_db, actor=actor_of(maple), thread_id=started.thread_id,
                 body="A warm shower helps me.")
    pushed(state, willow)
    # Her shown post from Maple leaves, the new one is never counted: as a reload.
    assert ids(state) == [started.post_id] and state.new_replies == 0
    assert_as_a_reload(app_db, willow, state, shown)


def test_a_member_who_left_the_group_is_sent_nothing(app_db):
    group, willow, maple, started, _ = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    before = list(state.posts)
    groups.leave_group(session=app_db, actor=actor_of(willow), group_id=group.id)
    groups.reply(session=app_db, actor=actor_of(maple), thread_id=started.thread_id,
                 body="Proud of you.")
    state.dirty_vars.clear()
    assert state._live_refresh(willow.id) is False
    assert state.dirty_vars == set() and state.posts == before and state.new_replies == 0
    # A reload refuses her too: the thread is out of her sight.
    assert open_thread(app_db, willow, started.thread_id).thread_ready is False


def test_a_suspended_member_is_sent_nothing(app_db):
    _, willow, maple, started, _ = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    before = list(state.posts)
    owl = make_user(app_db, name="Staff Owl", roles=("admin",))
    accounts.set_suspended(session=app_db, actor=actor_of(owl), member_id=willow.id,
                           suspended=True, reason="asked members for their addresses")
    groups.reply(session=app_db, actor=actor_of(maple), thread_id=started.thread_id,
                 body="Proud of you.")
    state.dirty_vars.clear()
    assert state._live_refresh(willow.id) is False
    assert state.dirty_vars == set() and state.posts == before and state.new_replies == 0


def test_a_push_reads_again_only_the_posts_it_names(app_db):
    """What keeps a push to a busy thread cheap: a shown post the push does not name is
    not read again (every change to a post names it: the cases above). A change no
    service names, made here straight in the database, shows once a push names the
    whole thread."""
    _, willow, maple, started, first = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    app_db.execute(update(GroupPost).where(GroupPost.id == first.post_id)
                   .values(body="Changed where no push names it."))
    app_db.commit()
    groups.react_to_post(session=app_db, actor=actor_of(maple), post_id=started.post_id,
                         kind="heart")
    assert pushed(state, willow) == {"post_updates"}
    assert reaction_of(state.posts[0], "heart") == (1, False)
    assert state.posts[1]["body"] == "That is wonderful."  # not named: not read again
    live.changed(app_db, live.thread_topic(started.thread_id))
    app_db.commit()
    # Every shown post read again: the list goes whole, and nothing over it.
    assert {"posts", "post_updates"} <= pushed(state, willow)
    assert state.posts[1]["body"] == "Changed where no push names it."
    assert state.post_updates == {}
    assert_as_a_reload(app_db, willow, state, ids(state))


def test_many_changed_posts_send_the_list_whole_again(app_db):
    """Entries changed since the list last went whole are sent alone, each push
    resending them all: past ``UPDATES_AT_MOST`` the list goes whole instead."""
    _, willow, maple, started, _ = circle(app_db)
    for number in range(UPDATES_AT_MOST + 1):
        groups.reply(session=app_db, actor=actor_of(maple), thread_id=started.thread_id,
                     body=f"Small win {number}.")
    state = open_thread(app_db, willow, started.thread_id)
    while state.has_more_posts:
        tap(state, "show_more_posts")
    shown = ids(state)
    for number, post_id in enumerate(shown[:UPDATES_AT_MOST + 1]):
        groups.react_to_post(session=app_db, actor=actor_of(maple), post_id=post_id,
                             kind="hug")
        sent = pushed(state, willow)
        if number < UPDATES_AT_MOST:
            assert sent == {"post_updates"} and len(state.post_updates) == number + 1
        else:
            assert {"posts", "post_updates"} <= sent and state.post_updates == {}
    assert_as_a_reload(app_db, willow, state, shown)
