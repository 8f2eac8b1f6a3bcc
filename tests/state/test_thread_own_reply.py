"""Her own reply shows every post up to hers, as a reload does, without reading the whole
thread again (issue 14: in a busy thread each reply re-read up to 300 posts page by
page; ``GroupThreadState._catch_up`` reads the shown posts as a live push does and
appends the posts after them).

Each case compares her tab, after her reply, with the same thread freshly opened by her
in a second tab and read to the end: the same posts, in the same order, built the same
way, and no bar.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.models.groups import ReviewQueueItem
from portal.services import moderation
from portal.services.accounts import blocks
from portal.services.groups.feed import POSTS_PAGE
from portal.state.groups_thread import GroupThreadState
from tests.factories.accounts import actor_of
from tests.factories.groups import make_member, make_moderator, reply_by
from tests.state.test_live_message_cost import counting
from tests.state.test_thread_own_taps import circle, ids, open_thread, tap
from tests.state.thread_posts import reaction_of

# A ceiling, not a target: what her reply costs today (SQLite and PostgreSQL alike), so a
# change that reads the same rows again shows up here. Her cookie; the reply (her access
# and standing, the watch list, the flood limit, the post, the thread, her count, the
# starter's notice); then her catch-up (the thread, her rules, the shown posts, the
# posts after them, their reactions and her reports).
REPLY_QUERIES = 34


def read_to_the_end(app_db, member, thread_id) -> GroupThreadState:
    fresh = open_thread(app_db, member, thread_id)
    while fresh.has_more_posts:
        tap(fresh, "show_more_posts")
    return fresh


def her_reply(state: GroupThreadState, body: str) -> None:
    tap(state, "post_reply", {"thread_id": str(state._thread_id), "body": body,
                              "content_warning": ""})


def assert_as_a_reload(app_db, member, state: GroupThreadState) -> None:
    fresh = read_to_the_end(app_db, member, state._thread_id)
    assert state.posts == fresh.posts
    assert (state.has_more_posts, state.new_replies, state.new_replies_text) == (False, 0, "")
    assert (state.thread_locked, state.can_reply) == (fresh.thread_locked, fresh.can_reply)


def test_her_reply_halfway_through_a_long_thread_shows_every_post_up_to_hers(app_db):
    _, willow, maple, started = circle(app_db, replies=POSTS_PAGE + 10)
    state = open_thread(app_db, willow, started.thread_id)
    assert len(ids(state)) == POSTS_PAGE and state.has_more_posts
    reply_by(app_db, maple, started.thread_id, body="Another small win tonight.")
    her_reply(state, "I slept the whole night.")
    assert state.posts[-1]["body"] == "I slept the whole night."
    assert len(state.posts) == POSTS_PAGE + 10 + 3  # the opening, every reply, hers
    assert_as_a_reload(app_db, willow, state)


def test_her_reply_after_others_reacted_and_replied_shows_both(app_db):
    _, willow, maple, started = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    shown = ids(state)
    tap(open_thread(app_db, maple, started.thread_id), "react_to_post", started.post_id, "hug")
    reply_by(app_db, maple, started.thread_id, body="One more small win.")
    her_reply(state, "Mine: I called my sister.")
    assert ids(state)[:len(shown)] == shown
    assert [post["body"] for post in state.posts[len(shown):]] == [
        "One more small win.", "Mine: I called my sister."]
    assert reaction_of(state.posts[0], "hug") == (1, False)
    assert_as_a_reload(app_db, willow, state)


def test_a_reply_approved_among_the_shown_ones_takes_its_place_after_hers(app_db):
    group, willow, maple, started = circle(app_db)
    newcomer = make_member(app_db, group, name="Rowan")  # her first reply waits for review
    heron = make_moderator(app_db, group, name="Heron")
    held = reply_by(app_db, newcomer, started.thread_id, body="I found the bus to class.")
    reply_by(app_db, maple, started.thread_id, body="Well done, truly.")
    state = open_thread(app_db, willow, started.thread_id)
    assert held.post_id not in ids(state)
    item = app_db.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == held.post_id)).scalar_one()
    moderation.approve_item(session=app_db, actor=actor_of(heron), item_id=item)
    her_reply(state, "That bus is a good one.")
    # Back in its place, before Maple's answer to it: the whole thread read again.
    bodies = [post["body"] for post in state.posts]
    assert bodies.index("I found the bus to class.") < bodies.index("Well done, truly.")
    assert_as_a_reload(app_db, willow, state)


def test_her_catch_up_leaves_out_a_blocked_authors_reply_and_a_held_one(app_db):
    """The posts after hers are read by her own rules, checked once with the shown ones
    (``groups.catch_up_thread``): a reply by someone she blocked and a reply still
    waiting for a moderator never reach her tab, while Maple's does."""
    group, willow, maple, started = circle(app_db)
    fern = make_member(app_db, group, name="Fern again", established=True)
    newcomer = make_member(app_db, group, name="Rowan")  # her first reply waits for review
    state = open_thread(app_db, willow, started.thread_id)
    blocks.block_member(session=app_db, actor=actor_of(willow), member_id=fern.id)
    reply_by(app_db, fern, started.thread_id, body="Words she chose not to see.")
    held = reply_by(app_db, newcomer, started.thread_id, body="Waiting for a moderator.")
    reply_by(app_db, maple, started.thread_id, body="A walk by the river.")
    her_reply(state, "Mine: I made soup.")
    bodies = [post["body"] for post in state.posts]
    assert bodies[-2:] == ["A walk by the river.", "Mine: I made soup."]
    assert "Words she chose not to see." not in bodies
    assert held.post_id not in ids(state)
    assert_as_a_reload(app_db, willow, state)


def test_her_catch_up_reads_the_thread_once(app_db):
    """Her reply's service checks the thread for the reply; her tab's catch-up checks it
    once for the shown posts and the page after them (it checked it twice)."""
    _, willow, maple, started = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    reply_by(app_db, maple, started.thread_id, body="One more small win.")
    with counting(app_db.get_bind()) as counted:
        her_reply(state, "Mine: I called my sister.")
    thread_reads = [sql for sql in counted.statements
                    if sql.lstrip().upper().startswith("SELECT")
                    and "FROM group_threads" in " ".join(sql.split())]
    assert len(thread_reads) == 2, thread_reads  # the reply's check, the catch-up's
    assert len(counted.statements) <= REPLY_QUERIES, counted.statements
    assert_as_a_reload(app_db, willow, state)
