"""A post that becomes visible among the replies an open tab already shows (issue 15):
Maple's reply waits for review while Juniper replies after it; Willow has the thread
open and sees Juniper's reply. When Heron approves Maple's, Willow's open tab counts it
behind the bar (it is older than the last post she sees, so it is not "after" it), and
one tap shows it in its place, once. A member who blocked Maple, the author, the
moderator and an outsider behave as before: nothing new to count, or nothing sent.
The same holds for a post hidden by reports and then restored by a moderator, and for a
tab that has not yet read to the end of a long thread.

Each tab is compared with the same thread freshly opened by its viewer: the bar counts
exactly the posts a reload shows that the tab does not. Both live paths are run: one
tab alone (``_live_refresh``) and the tabs of one push together (``live_together``).
"""

from __future__ import annotations

from sqlalchemy import select

from portal.models.groups import ReviewQueueItem
from portal.services import groups, moderation
from portal.services.accounts import blocks
from portal.state.groups_thread import GroupThreadState
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator
from tests.state.test_live_thread_changes import (  # noqa: F401 (thread_bus: a fixture)
    ids,
    open_tab,
    open_thread,
    pushed,
    thread_bus,
)
from tests.state.test_live_together import reload_together


def circle(app_db):
    group = make_group(app_db, name="Evening circle", visibility="private")
    people = {name: make_member(app_db, group, name=name, established=True)
              for name in ("Willow", "Juniper", "Ash", "Sage")}
    people["Maple"] = make_member(app_db, group, name="Maple")  # new: her posts wait
    people["Heron"] = make_moderator(app_db, group, name="Heron")
    people["Rowan"] = make_member(app_db, make_group(app_db, name="Elsewhere"), name="Rowan")
    started = groups.start_thread(session=app_db, actor=actor_of(people["Juniper"]),
                                  group_id=group.id, title="Small wins",
                                  body="I cooked for myself today.")
    blocks.block_member(session=app_db, actor=actor_of(people["Ash"]),
                        member_id=people["Maple"].id)
    return people, started


def hold_then_reply(app_db, people, thread_id):
    """Maple's reply waits for review; Juniper's, after it, is published."""
    held = groups.reply(session=app_db, actor=actor_of(people["Maple"]), thread_id=thread_id,
                        body="I made tea and toast.")
    later = groups.reply(session=app_db, actor=actor_of(people["Juniper"]),
                         thread_id=thread_id, body="Toast counts, truly.")
    assert (held.status, later.status) == ("held", "visible")
    return held.post_id, later.post_id


def approve(app_db, moderator, post_id: int) -> None:
    item = app_db.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == post_id, ReviewQueueItem.resolved.is_(False))).scalar_one()
    moderation.approve_item(session=app_db, actor=actor_of(moderator), item_id=item)


def assert_bar_as_a_reload(app_db, member, state: GroupThreadState) -> None:
    """Her bar counts exactly the posts her reload shows and her tab does not; the posts
    her tab shows are the reload's."""
    fresh = open_thread(app_db, member, state._thread_id)
    assert state.posts == [post for post in fresh.posts if post["id"] in ids(state)]
    assert state.new_replies == sum(1 for post in fresh.posts if post["id"] not in ids(state))


def test_an_approved_older_reply_waits_behind_her_bar_and_one_tap_shows_it_in_place(app_db):
    people, started = circle(app_db)
    held, later = hold_then_reply(app_db, people, started.thread_id)
    willow_phone = open_tab(app_db, people["Willow"], started.thread_id)
    willow = willow_phone.state(GroupThreadState)
    assert ids(willow) == [started.post_id, later]
    ash = open_tab(app_db, people["Ash"], started.thread_id)
    before = list(willow.posts)

    approve(app_db, people["Heron"], held)
    sent = pushed(willow, people["Willow"])
    assert "posts" not in sent and willow.posts == before  # nothing moves under her thumb
    assert (willow.new_replies, willow.new_replies_text) == (1, "1 new reply. Show it")
    assert_bar_as_a_reload(app_db, people["Willow"], willow)

    willow_phone.call(GroupThreadState, "show_new_replies")
    assert ids(willow) == [started.post_id, held, later]  # in its place, once
    assert willow.new_replies == 0 and willow.new_replies_text == ""
    assert pushed(willow, people["Willow"]) == set()  # counted once: nothing more to send

    # Ash blocked Maple: nothing to count, and the tap does not bring Maple's words.
    ash_tab = ash.state(GroupThreadState)
    pushed(ash_tab, people["Ash"])
    assert ash_tab.new_replies == 0 and ids(ash_tab) == [started.post_id, later]
    assert_bar_as_a_reload(app_db, people["Ash"], ash_tab)
    ash.call(GroupThreadState, "show_new_replies")
    assert ids(ash_tab) == [started.post_id, later]


def test_the_author_and_the_moderator_see_it_published_in_place_and_count_nothing(app_db):
    people, started = circle(app_db)
    held, later = hold_then_reply(app_db, people, started.thread_id)
    tabs = {name: open_thread(app_db, people[name], started.thread_id)
            for name in ("Maple", "Heron")}
    for state in tabs.values():
        assert ids(state) == [started.post_id, held, later]
        assert next(post for post in state.posts if post["id"] == held)["status"] == "held"

    approve(app_db, people["Heron"], held)
    for name, state in tabs.items():
        pushed(state, people[name])
        assert ids(state) == [started.post_id, held, later], name
        assert next(post for post in state.posts
                    if post["id"] == held)["status"] == "visible", name
        assert state.new_replies == 0, name
        assert_bar_as_a_reload(app_db, people[name], state)


def test_tabs_reloading_together_each_count_it_as_their_viewer_may_see_it(app_db):
    people, started = circle(app_db)
    held, _ = hold_then_reply(app_db, people, started.thread_id)
    order = ["Willow", "Ash", "Maple", "Heron", "Rowan", "Juniper"]
    tabs = {name: open_thread(app_db, people[name], started.thread_id) for name in order}
    assert not tabs["Rowan"].thread_ready  # outside the group: refused

    approve(app_db, people["Heron"], held)
    for state in tabs.values():
        state.dirty_vars.clear()
    done = reload_together([(tabs[name], people[name].id) for name in order])
    assert done == [True, True, True, True, False, True]
    assert [tabs[name].new_replies for name in order] == [1, 0, 0, 0, 0, 1]
    assert tabs["Rowan"].dirty_vars == set() and tabs["Rowan"].posts == []
    for name in ("Willow", "Ash", "Maple", "Heron", "Juniper"):
        assert_bar_as_a_reload(app_db, people[name], tabs[name])


def test_an_outsiders_tab_is_sent_nothing(app_db):
    people, started = circle(app_db)
    held, _ = hold_then_reply(app_db, people, started.thread_id)
    rowan = open_thread(app_db, people["Rowan"], started.thread_id)
    approve(app_db, people["Heron"], held)
    rowan.dirty_vars.clear()
    assert rowan._live_refresh(people["Rowan"].id) is False
    assert rowan.dirty_vars == set() and rowan.posts == [] and rowan.new_replies == 0


def test_a_reply_restored_after_reports_comes_back_behind_the_bar(app_db):
    people, started = circle(app_db)
    reply = groups.reply(session=app_db, actor=actor_of(people["Juniper"]),
                         thread_id=started.thread_id, body="Soup on a cold night.")
    last = groups.reply(session=app_db, actor=actor_of(people["Sage"]),
                        thread_id=started.thread_id, body="Same here, soup.")
    phone = open_tab(app_db, people["Willow"], started.thread_id)
    willow = phone.state(GroupThreadState)
    for reporter in ("Willow", "Ash", "Sage"):  # three reports hide it
        groups.flag_post(session=app_db, actor=actor_of(people[reporter]),
                         post_id=reply.post_id, reason="spam")
    pushed(willow, people["Willow"])
    assert ids(willow) == [started.post_id, last.post_id] and willow.new_replies == 0

    approve(app_db, people["Heron"], reply.post_id)  # a moderator looked: it stays
    pushed(willow, people["Willow"])
    assert willow.new_replies == 1
    assert_bar_as_a_reload(app_db, people["Willow"], willow)
    phone.call(GroupThreadState, "show_new_replies")
    assert ids(willow) == [started.post_id, reply.post_id, last.post_id]


def test_a_tab_not_yet_read_to_the_end_counts_only_the_approved_one(app_db):
    """A long thread shows its first page; the pages still to come are not "new", but
    a post approved among the shown ones is."""
    people, started = circle(app_db)
    held, _ = hold_then_reply(app_db, people, started.thread_id)
    for number in range(30):
        writer = ("Willow", "Juniper", "Sage")[number % 3]
        groups.reply(session=app_db, actor=actor_of(people[writer]),
                     thread_id=started.thread_id, body=f"Small win number {number + 1}.")
    phone = open_tab(app_db, people["Willow"], started.thread_id)
    willow = phone.state(GroupThreadState)
    assert willow.has_more_posts and held not in ids(willow)

    approve(app_db, people["Heron"], held)
    pushed(willow, people["Willow"])
    assert willow.new_replies == 1
    phone.call(GroupThreadState, "show_new_replies")
    shown = ids(willow)
    assert held in shown and shown == sorted(set(shown)) and willow.new_replies == 0
