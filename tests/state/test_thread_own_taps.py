"""Her own tap on a post she sees (a reaction, an edit, a deletion, a report, a block, a
moderator's hide or lock) refreshes the posts her tab shows, as a live push does
(``GroupThreadState._refresh_shown``), not the whole thread again (issue 14: in a long
thread every tap read up to 300 posts and sent them all).

Each case compares her tab with the same thread freshly opened by her in a second tab:
the posts her tab shows are the reload's, and her bar counts the reload's posts after
the last one she sees, as the live tests do (``test_live_thread_changes.py``).
"""

from __future__ import annotations

from datetime import timedelta

from portal import routes
from portal.models.types import utcnow
from portal.services import groups
from portal.services.groups.feed import POSTS_PAGE
from portal.state.base import AppState
from portal.state.groups_thread import GroupThreadState
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator, reply_by
from tests.state.browser import Browser, token_for
from tests.state.thread_posts import reaction_of


def open_thread(app_db, member, thread_id) -> GroupThreadState:
    phone = Browser.with_token(token_for(app_db, member))
    phone.open(routes.GROUP_THREAD, {"id": str(thread_id)})
    phone.call(AppState, "load_page")
    phone.call(GroupThreadState, "load_thread")
    return phone.state(GroupThreadState)


def tap(state: GroupThreadState, handler: str, *args) -> None:
    """The handler's own body, as Reflex calls it (``Browser.call``)."""
    body = getattr(GroupThreadState, handler).fn
    getattr(body, "__wrapped__", body)(state, *args)


def ids(state: GroupThreadState) -> list[int]:
    return [post["id"] for post in state.posts]


def as_a_reload(app_db, member, state: GroupThreadState) -> None:
    """Her tab shows what a reload shows of the same posts, and counts the rest."""
    shown = ids(state)
    fresh = open_thread(app_db, member, state._thread_id)
    while fresh.has_more_posts:  # every page: the reload's posts after hers too
        tap(fresh, "show_more_posts")
    assert state.posts == [post for post in fresh.posts if post["id"] in shown]
    newer = sum(1 for post in fresh.posts if post["id"] > max(shown))
    assert state.new_replies == (0 if state.has_more_posts else newer)
    assert (state.thread_locked, state.can_reply) == (fresh.thread_locked, fresh.can_reply)


def circle(app_db, replies: int = 3):
    """A thread by Juniper with ``replies`` replies by Maple and Fern, in turn."""
    group = make_group(app_db, name="Evening circle", visibility="private")
    willow = make_member(app_db, group, name="Willow", established=True)
    maple = make_member(app_db, group, name="Maple", established=True)
    fern = make_member(app_db, group, name="Fern", established=True)
    juniper = make_member(app_db, group, name="Juniper", established=True)
    started = groups.start_thread(session=app_db, actor=actor_of(juniper), group_id=group.id,
                                  title="Small wins", body="I cooked for myself today.")
    at = utcnow() - timedelta(days=30)
    for number in range(replies):
        reply_by(app_db, (maple, fern)[number % 2], started.thread_id,
                 body=f"Small win number {number}.", now=at + timedelta(minutes=20 * number))
    return group, willow, maple, started


def test_a_reaction_in_a_long_thread_keeps_her_page_and_shows_the_count(app_db):
    _, willow, _, started = circle(app_db, replies=POSTS_PAGE + 10)
    state = open_thread(app_db, willow, started.thread_id)
    first_page = ids(state)
    assert len(first_page) == POSTS_PAGE and state.has_more_posts
    state.dirty_vars.clear()
    tap(state, "react_to_post", started.post_id, "heart")
    # The same page, nothing more loaded under her thumb; her heart is counted.
    assert ids(state) == first_page and state.has_more_posts
    assert reaction_of(state.posts[0], "heart") == (1, True)
    # Her tap read the post again alone and sends its entry alone, not the list.
    assert "post_updates" in state.dirty_vars and "posts" not in state.dirty_vars
    as_a_reload(app_db, willow, state)


def test_a_reaction_after_new_replies_counts_them_behind_the_bar(app_db):
    _, willow, maple, started = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    shown = ids(state)
    reply_by(app_db, maple, started.thread_id, body="One more small win.")
    tap(state, "react_to_post", started.post_id, "hug")
    assert ids(state) == shown and state.new_replies == 1
    as_a_reload(app_db, willow, state)


def test_her_edit_and_her_deletion_show_at_once(app_db):
    _, willow, _, started = circle(app_db)
    mine = reply_by(app_db, willow, started.thread_id, body="I walked to the park.")
    state = open_thread(app_db, willow, started.thread_id)
    tap(state, "edit_post", {"post_id": str(mine.post_id),
                                          "body": "I walked to the park and back.",
                                          "content_warning": ""})
    edited = next(post for post in state.posts if post["id"] == mine.post_id)
    assert edited["body"] == "I walked to the park and back." and edited["edited"]
    as_a_reload(app_db, willow, state)
    tap(state, "delete_post", mine.post_id)
    assert mine.post_id not in ids(state)
    as_a_reload(app_db, willow, state)


def test_blocking_an_author_takes_her_posts_away(app_db):
    _, willow, maple, started = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    maples = [post["id"] for post in state.posts if post["author"] == "Maple"]
    assert maples
    tap(state, "block_author", maples[0])
    assert not set(maples) & set(ids(state))
    as_a_reload(app_db, willow, state)


def test_a_moderators_hide_and_lock_show_on_her_own_tab(app_db):
    group, _, maple, started = circle(app_db)
    heron = make_moderator(app_db, group, name="Heron")
    state = open_thread(app_db, heron, started.thread_id)
    target = next(post["id"] for post in state.posts if post["author"] == "Maple")
    tap(state, "hide_post", target)
    as_a_reload(app_db, heron, state)
    tap(state, "lock_thread", started.thread_id)
    assert state.thread_locked is True
    as_a_reload(app_db, heron, state)


def test_a_tap_on_a_thread_she_may_no_longer_see_shows_the_refusal(app_db):
    group, willow, _, started = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    groups.leave_group(session=app_db, actor=actor_of(willow), group_id=group.id)
    tap(state, "react_to_post", started.post_id, "heart")
    assert state.thread_messages or state.page_message  # told calmly, nothing shown
