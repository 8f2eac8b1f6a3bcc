"""``read_thread_changes``: what a live push reads of an open thread equals a full read
(issue 15, fan-out speed), for every viewer, through the same rules as ``read_thread``.

The oracle is ``read_thread`` itself, called as the same viewer: the changed read gives
the posts she was shown, as the full read now gives them, counts the full read's posts
after the last one she was shown, and the full read's posts before it that she was not
shown (approved or restored since). Refused viewers are refused by both.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.models.groups import ReviewQueueItem
from portal.services.accounts import blocks
from portal.services.errors import ServiceError
from portal.services.groups import feed, feedback, membership
from portal.services.groups import posts as groups_posts
from portal.services.moderation import queue as moderation
from portal.services.moderation import threads as moderation_threads
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator, reply_by, thread_by


def everything(session, viewer, thread_id) -> list:
    return list(feed.read_thread(session=session, actor=actor_of(viewer), thread_id=thread_id,
                                 limit=100).posts)


def assert_changes_equal_a_full_read(session, viewer, thread_id, shown: list[int]) -> None:
    changes = feed.read_thread_changes(session=session, actor=actor_of(viewer),
                                       thread_id=thread_id, shown=shown, after=max(shown))
    full = everything(session, viewer, thread_id)
    assert list(changes.view.posts) == [post for post in full if post.id in shown]
    assert changes.newer == sum(1 for post in full if post.id > max(shown))
    assert changes.earlier == sum(1 for post in full
                                  if post.id < max(shown) and post.id not in shown)
    whole = feed.read_thread(session=session, actor=actor_of(viewer), thread_id=thread_id)
    assert (changes.view.can_reply, changes.view.locked) == (whole.can_reply, whole.locked)


@pytest.fixture
def scene(db_session):
    group = make_group(db_session, visibility="private", allow_anonymous=True)
    willow = make_member(db_session, group, name="Willow", established=True)
    maple = make_member(db_session, group, name="Maple", established=True)
    juniper = make_member(db_session, group, name="Juniper", established=True)
    fern = make_member(db_session, group, name="Fern")  # new: her posts wait for review
    heron = make_moderator(db_session, group, name="Heron")
    started = thread_by(db_session, juniper, group, title="Small wins",
                        body="I cooked for myself today.")
    first = reply_by(db_session, maple, started.thread_id, body="That is wonderful.")
    masked = reply_by(db_session, maple, started.thread_id, body="Me too, quietly.",
                      anonymous=True)
    return dict(group=group, willow=willow, maple=maple, juniper=juniper, fern=fern,
                heron=heron, thread=started.thread_id, opening=started.post_id,
                first=first.post_id, masked=masked.post_id)


def viewers(scene):
    return [scene[name] for name in ("willow", "maple", "juniper", "fern", "heron")]


def shown_to(session, scene) -> dict[int, list[int]]:
    return {viewer.id: [post.id for post in everything(session, viewer, scene["thread"])]
            for viewer in viewers(scene)}


def assert_everyone(session, scene, shown) -> None:
    for viewer in viewers(scene):
        assert_changes_equal_a_full_read(session, viewer, scene["thread"], shown[viewer.id])


def test_a_new_reply_a_reaction_an_edit_and_a_removal_read_as_a_full_read(db_session, scene):
    shown = shown_to(db_session, scene)
    reply_by(db_session, scene["willow"], scene["thread"], body="Proud of you.")
    assert_everyone(db_session, scene, shown)
    feedback.react_to_post(session=db_session, actor=actor_of(scene["willow"]),
                           post_id=scene["first"], kind="heart")
    assert_everyone(db_session, scene, shown)
    groups_posts.edit_post(session=db_session, actor=actor_of(scene["maple"]),
                           post_id=scene["first"], body="That is truly wonderful.")
    changes = feed.read_thread_changes(session=db_session, actor=actor_of(scene["willow"]),
                                       thread_id=scene["thread"],
                                       shown=shown[scene["willow"].id], after=0)
    assert [post.body for post in changes.view.posts][1] == "That is truly wonderful."
    assert_everyone(db_session, scene, shown)
    groups_posts.delete_post(session=db_session, actor=actor_of(scene["maple"]),
                             post_id=scene["first"])
    moderation_threads.hide_post(session=db_session, actor=actor_of(scene["heron"]),
                                 post_id=scene["masked"])
    assert_everyone(db_session, scene, shown)


def test_a_held_reply_counts_for_its_author_and_moderators_until_approved(db_session, scene):
    shown = shown_to(db_session, scene)
    held = reply_by(db_session, scene["fern"], scene["thread"], body="I made tea and toast.")
    assert held.status == "held"
    assert_everyone(db_session, scene, shown)
    willow_sees = feed.read_thread_changes(
        session=db_session, actor=actor_of(scene["willow"]), thread_id=scene["thread"],
        shown=[*shown[scene["willow"].id], held.post_id], after=max(shown[scene["willow"].id]))
    assert held.post_id not in [post.id for post in willow_sees.view.posts]  # named or not
    assert willow_sees.newer == 0
    item = db_session.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == held.post_id)).scalar_one()
    moderation.approve_item(session=db_session, actor=actor_of(scene["heron"]), item_id=item)
    assert_everyone(db_session, scene, shown)


def test_a_held_reply_approved_after_later_replies_reads_as_a_full_read(db_session, scene):
    held = reply_by(db_session, scene["fern"], scene["thread"], body="I made tea and toast.")
    reply_by(db_session, scene["juniper"], scene["thread"], body="Toast counts, truly.")
    shown = shown_to(db_session, scene)
    assert held.post_id not in shown[scene["willow"].id]
    item = db_session.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == held.post_id)).scalar_one()
    moderation.approve_item(session=db_session, actor=actor_of(scene["heron"]), item_id=item)
    assert_everyone(db_session, scene, shown)
    willow = feed.read_thread_changes(session=db_session, actor=actor_of(scene["willow"]),
                                      thread_id=scene["thread"],
                                      shown=shown[scene["willow"].id],
                                      after=max(shown[scene["willow"].id]))
    assert (willow.earlier, willow.newer) == (1, 0)


def test_a_post_restored_after_reports_reads_as_a_full_read(db_session, scene):
    """Three reports hide Maple's reply; a moderator looks and publishes it again."""
    for reporter in ("willow", "juniper", "fern"):
        feedback.flag_post(session=db_session, actor=actor_of(scene[reporter]),
                           post_id=scene["first"], reason="spam")
    shown = shown_to(db_session, scene)
    assert scene["first"] not in shown[scene["willow"].id]
    item = db_session.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == scene["first"],
        ReviewQueueItem.resolved.is_(False))).scalar_one()
    moderation.approve_item(session=db_session, actor=actor_of(scene["heron"]), item_id=item)
    assert_everyone(db_session, scene, shown)
    juniper = feed.read_thread_changes(session=db_session, actor=actor_of(scene["juniper"]),
                                       thread_id=scene["thread"],
                                       shown=shown[scene["juniper"].id],
                                       after=max(shown[scene["juniper"].id]))
    assert (juniper.earlier, juniper.newer) == (1, 0)


def test_blocks_and_mutes_hide_posts_both_ways_as_a_full_read(db_session, scene):
    shown = shown_to(db_session, scene)
    blocks.block_member(session=db_session, actor=actor_of(scene["willow"]),
                        member_id=scene["maple"].id)
    feedback.block_author(session=db_session, actor=actor_of(scene["juniper"]),
                          post_id=scene["masked"])  # an anonymous author: a mute
    reply_by(db_session, scene["maple"], scene["thread"], body="A warm shower helps me.")
    assert_everyone(db_session, scene, shown)
    willow = feed.read_thread_changes(session=db_session, actor=actor_of(scene["willow"]),
                                      thread_id=scene["thread"],
                                      shown=shown[scene["willow"].id],
                                      after=max(shown[scene["willow"].id]))
    # Maple's named words leave and her new reply is never counted; her anonymous post
    # stays (a block never reaches it: that would name her).
    assert [post.id for post in willow.view.posts] == [scene["opening"], scene["masked"]]
    assert willow.newer == 0
    juniper = feed.read_thread_changes(session=db_session, actor=actor_of(scene["juniper"]),
                                       thread_id=scene["thread"],
                                       shown=shown[scene["juniper"].id], after=0)
    assert scene["masked"] not in [post.id for post in juniper.view.posts]  # her mute


def test_a_viewer_out_of_the_group_is_refused_as_by_a_full_read(db_session, scene):
    shown = shown_to(db_session, scene)
    willow = scene["willow"]
    membership.leave_group(session=db_session, actor=actor_of(willow), group_id=scene["group"].id)
    outsider = make_member(db_session, make_group(db_session), name="Rowan")
    for viewer in (willow, outsider):
        with pytest.raises(ServiceError) as full:
            feed.read_thread(session=db_session, actor=actor_of(viewer),
                             thread_id=scene["thread"])
        with pytest.raises(type(full.value)):
            feed.read_thread_changes(session=db_session, actor=actor_of(viewer),
                                     thread_id=scene["thread"], shown=shown[willow.id],
                                     after=0)


def test_odd_ids_are_read_as_nothing(db_session, scene):
    changes = feed.read_thread_changes(session=db_session, actor=actor_of(scene["willow"]),
                                       thread_id=scene["thread"], shown=["x", -3, None],
                                       after="soon")
    assert changes.view.posts == () and changes.newer == 3
