"""``read_thread_changes_for``: one push to every tab that has a thread open reads for
each viewer, in one session, exactly what ``read_thread_changes`` reads for her alone
(issue 15, fan-out speed). Blocks, held posts and anonymity apply per viewer; a viewer
who may not see the thread gets nothing, and her refusal changes nobody else's read.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.models.groups import ReviewQueueItem
from portal.services.accounts import blocks
from portal.services.errors import ServiceError
from portal.services.groups import feed, thread_changes
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator, reply_by, thread_by


@pytest.fixture
def circle(db_session):
    group = make_group(db_session, visibility="private", allow_anonymous=True)
    people = {name: make_member(db_session, group, name=name, established=True)
              for name in ("Willow", "Maple", "Juniper")}
    people["Fern"] = make_member(db_session, group, name="Fern")  # new: her posts are held
    people["Heron"] = make_moderator(db_session, group, name="Heron")
    people["Rowan"] = make_member(db_session, make_group(db_session), name="Rowan")
    started = thread_by(db_session, people["Juniper"], group, title="Small wins",
                        body="I cooked for myself today.")
    first = reply_by(db_session, people["Maple"], started.thread_id, body="That is wonderful.")
    masked = reply_by(db_session, people["Maple"], started.thread_id, body="Me too, quietly.",
                      anonymous=True)
    shown = (started.post_id, first.post_id, masked.post_id)
    return dict(people=people, thread=started.thread_id, shown=shown, masked=masked.post_id)


def asked(member, shown) -> thread_changes.ChangesAsked:
    return thread_changes.ChangesAsked(actor=actor_of(member), shown=tuple(shown), after=max(shown))


def test_each_viewer_of_one_push_reads_what_she_would_read_alone(db_session, circle):
    people, thread = circle["people"], circle["thread"]
    blocks.block_member(session=db_session, actor=actor_of(people["Willow"]),
                        member_id=people["Maple"].id)
    held = reply_by(db_session, people["Fern"], thread, body="I made tea and toast.")
    assert held.status == "held"
    reply_by(db_session, people["Maple"], thread, body="A warm shower helps me.")
    order = ["Willow", "Rowan", "Maple", "Juniper", "Fern", "Heron"]
    found = thread_changes.read_thread_changes_for(
        session=db_session, thread_id=thread,
        readers=[asked(people[name], circle["shown"]) for name in order])
    read = dict(zip(order, found, strict=True))
    assert read["Rowan"] is None  # outside the group: nothing at all
    for name in ("Willow", "Maple", "Juniper", "Fern", "Heron"):
        alone = feed.read_thread_changes(session=db_session, actor=actor_of(people[name]),
                                         thread_id=thread, shown=circle["shown"],
                                         after=max(circle["shown"]))
        assert read[name] == alone, name
    # The blocker: Maple's named words leave and her new reply is never counted; her
    # anonymous post stays (a block never reaches it: that would name her).
    assert [post.id for post in read["Willow"].view.posts] == [circle["shown"][0],
                                                                circle["masked"]]
    assert read["Willow"].newer == 0
    # The held reply counts for its author and the moderator only.
    assert (read["Juniper"].newer, read["Fern"].newer, read["Heron"].newer) == (1, 2, 2)
    assert read["Maple"].newer == 1
    # Anonymity: no member reading sees who wrote the anonymous post (site staff do).
    for name in ("Willow", "Juniper", "Fern"):
        masked = [post for post in read[name].view.posts if post.id == circle["masked"]]
        assert masked and masked[0].author_name == ""


def test_a_viewer_who_left_the_group_is_refused_alone_as_a_full_read_refuses_her(
        db_session, circle):
    from portal.services.groups import membership

    people, thread = circle["people"], circle["thread"]
    group_id = feed.read_thread(session=db_session, actor=actor_of(people["Willow"]),
                                thread_id=thread).group_id
    membership.leave_group(session=db_session, actor=actor_of(people["Willow"]),
                           group_id=group_id)
    with pytest.raises(ServiceError):
        feed.read_thread(session=db_session, actor=actor_of(people["Willow"]), thread_id=thread)
    found = thread_changes.read_thread_changes_for(
        session=db_session, thread_id=thread,
        readers=[asked(people[name], circle["shown"]) for name in ("Juniper", "Willow")])
    assert found[1] is None
    assert found[0] is not None and [post.id for post in found[0].view.posts] == list(
        circle["shown"])


def test_a_thread_nobody_may_read_gives_everyone_nothing(db_session, circle):
    people = circle["people"]
    found = thread_changes.read_thread_changes_for(
        session=db_session, thread_id=10**9,
        readers=[asked(people[name], circle["shown"]) for name in ("Juniper", "Heron")])
    assert found == [None, None]


def assert_each_reads_as_alone(session, thread, asking: list[tuple[object, tuple[int, ...]]]):
    """The push's answer for every reader equals ``read_thread_changes`` for her alone;
    refused alone is None in the push."""
    found = thread_changes.read_thread_changes_for(
        session=session, thread_id=thread,
        readers=[asked(member, shown) if shown else thread_changes.ChangesAsked(
            actor=actor_of(member), shown=(), after=0) for member, shown in asking])
    for (member, shown), answer in zip(asking, found, strict=True):
        try:
            alone = feed.read_thread_changes(session=session, actor=actor_of(member),
                                             thread_id=thread, shown=shown,
                                             after=max(shown, default=0))
        except ServiceError:
            alone = None
        assert answer == alone, member.display_name
    return found


def test_reactions_reports_locks_mutes_and_staff_read_as_alone(db_session, circle):
    from portal.services.groups import feedback, membership
    from portal.services.moderation import threads as moderation_threads

    people, thread, shown = circle["people"], circle["thread"], circle["shown"]
    first = shown[1]
    feedback.react_to_post(session=db_session, actor=actor_of(people["Willow"]),
                           post_id=first, kind="heart")
    feedback.react_to_post(session=db_session, actor=actor_of(people["Juniper"]),
                           post_id=first, kind="heart")
    feedback.flag_post(session=db_session, actor=actor_of(people["Juniper"]),
                       post_id=first, reason="spam")
    feedback.block_author(session=db_session, actor=actor_of(people["Willow"]),
                          post_id=circle["masked"])  # an anonymous author: a mute
    held = reply_by(db_session, people["Fern"], thread, body="I made tea and toast.")
    reply_by(db_session, people["Maple"], thread, body="A walk at noon helps me.",
             anonymous=True)
    hidden = reply_by(db_session, people["Juniper"], thread, body="Tea with honey.")
    moderation_threads.hide_post(session=db_session, actor=actor_of(people["Heron"]),
                                 post_id=hidden.post_id)
    moderation_threads.set_thread_locked(session=db_session, actor=actor_of(people["Heron"]),
                                         thread_id=thread, locked=True)
    group_id = feed.read_thread(session=db_session, actor=actor_of(people["Juniper"]),
                                thread_id=thread).group_id
    membership.leave_group(session=db_session, actor=actor_of(people["Maple"]),
                           group_id=group_id)  # she left: refused from now on
    ash = make_member(db_session, make_group(db_session), name="Ash")
    everyone = ["Willow", "Maple", "Juniper", "Fern", "Heron", "Rowan"]
    assert_each_reads_as_alone(db_session, thread, [
        *((people[name], shown) for name in everyone),
        *((people[name], ()) for name in everyone),  # a tab showing no post yet
        (people["Fern"], (*shown, held.post_id)),
        (people["Willow"], (shown[0], held.post_id, hidden.post_id)),
        (ash, shown),
    ])


def test_a_named_thread_across_a_block_is_refused_to_both_and_nobody_else(db_session, circle):
    people, thread = circle["people"], circle["thread"]
    blocks.block_member(session=db_session, actor=actor_of(people["Juniper"]),
                        member_id=people["Willow"].id)  # Juniper started the thread
    assert_each_reads_as_alone(db_session, thread, [
        (people[name], circle["shown"]) for name in ("Willow", "Maple", "Juniper", "Heron")])
    found = thread_changes.read_thread_changes_for(
        session=db_session, thread_id=thread,
        readers=[asked(people[name], circle["shown"]) for name in ("Willow", "Maple")])
    assert found[0] is None and found[1] is not None


def everything_shown_to(session, member, thread) -> tuple[int, ...]:
    """The posts a freshly opened tab of hers shows."""
    return tuple(post.id for post in feed.read_thread(session=session, actor=actor_of(member),
                                                      thread_id=thread, limit=100).posts)


def test_a_held_post_approved_after_later_replies_counts_among_the_shown_as_alone(
        db_session, circle):
    """Fern's reply waits for review while Juniper replies after it; the tabs open then
    show Juniper's reply and not Fern's. Heron approves: each reader who may see it now
    counts it (it sits among the posts her tab shows, not after them), as her own read
    does; Maple, who blocked Fern, the author and the moderator count nothing."""
    from portal.services import moderation

    people, thread = circle["people"], circle["thread"]
    held = reply_by(db_session, people["Fern"], thread, body="I made tea and toast.")
    later = reply_by(db_session, people["Juniper"], thread, body="Toast counts, truly.")
    assert held.status == "held" and later.status == "visible"
    blocks.block_member(session=db_session, actor=actor_of(people["Maple"]),
                        member_id=people["Fern"].id)
    names = ["Willow", "Maple", "Juniper", "Fern", "Heron"]
    tabs = {name: everything_shown_to(db_session, people[name], thread) for name in names}
    assert held.post_id not in tabs["Willow"] and later.post_id in tabs["Willow"]
    assert held.post_id in tabs["Fern"] and held.post_id in tabs["Heron"]
    item = db_session.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == held.post_id)).scalar_one()
    moderation.approve_item(session=db_session, actor=actor_of(people["Heron"]), item_id=item)

    partial = (circle["shown"][0], later.post_id)  # a tab missing more than Fern's reply
    found = assert_each_reads_as_alone(db_session, thread, [
        *((people[name], tabs[name]) for name in names),
        (people["Rowan"], tabs["Willow"]),
        (people["Willow"], partial),
        (people["Willow"], ()),
    ])
    read = dict(zip([*names, "Rowan", "partial", "empty"], found, strict=True))
    assert (read["Willow"].earlier, read["Willow"].newer) == (1, 0)
    assert [post.id for post in read["Willow"].view.posts] == list(tabs["Willow"])
    assert (read["Juniper"].earlier, read["Juniper"].newer) == (1, 0)
    assert (read["Maple"].earlier, read["Maple"].newer) == (0, 0)  # she blocked Fern
    for name in ("Fern", "Heron"):  # they showed it already: it changes in place
        assert (read[name].earlier, read[name].newer) == (0, 0), name
        approved = [post for post in read[name].view.posts if post.id == held.post_id]
        assert approved and approved[0].status == "visible", name
    assert read["Rowan"] is None  # outside the group: nothing at all
    # The partial tab lacks Maple's two replies and Fern's, all before its last post.
    assert (read["partial"].earlier, read["partial"].newer) == (3, 0)
    assert (read["empty"].earlier, read["empty"].newer) == (0, 5)
    # A push where no tab shows Fern's reply reads it all the same.
    alone_in_push = assert_each_reads_as_alone(db_session, thread, [
        (people["Willow"], tabs["Willow"]), (people["Maple"], tabs["Maple"])])
    assert [changes.earlier for changes in alone_in_push] == [1, 0]


def test_a_push_naming_posts_reads_those_again_while_her_rules_are_unchanged(db_session,
                                                                              circle):
    """A push that names the posts that changed (``ChangesAsked.only``) reads again only
    those of her shown posts, as she would read them alone, with the same counts; when
    her rules changed since her tab's last read (a block), every shown post is read."""
    people, thread, shown = circle["people"], circle["thread"], circle["shown"]
    willow = people["Willow"]
    first = thread_changes.read_thread_changes_for(
        session=db_session, thread_id=thread, readers=[asked(willow, shown)])[0]
    assert first.only is None and first.reader_mark
    reply_by(db_session, people["Juniper"], thread, body="Soup counts too.")
    named = frozenset({shown[1], 10**9})  # a post she does not show is not read
    narrowed = thread_changes.ChangesAsked(actor=actor_of(willow), shown=shown,
                                           after=max(shown), only=named,
                                           reader_mark=first.reader_mark)
    found = thread_changes.read_thread_changes_for(session=db_session, thread_id=thread,
                                                   readers=[narrowed])[0]
    alone = feed.read_thread_changes(session=db_session, actor=actor_of(willow),
                                     thread_id=thread, shown=shown, after=max(shown))
    assert found.only == {shown[1]} and found.reader_mark == first.reader_mark
    assert [post.id for post in found.view.posts] == [shown[1]]
    assert found.view.posts == tuple(post for post in alone.view.posts if post.id == shown[1])
    assert (found.newer, found.earlier) == (alone.newer, alone.earlier) == (1, 0)
    # She blocks Maple: her rules changed, so every shown post is read again, and
    # Maple's named words leave, as when she reads alone.
    blocks.block_member(session=db_session, actor=actor_of(willow), member_id=people["Maple"].id)
    found = thread_changes.read_thread_changes_for(session=db_session, thread_id=thread,
                                                   readers=[narrowed])[0]
    alone = feed.read_thread_changes(session=db_session, actor=actor_of(willow),
                                     thread_id=thread, shown=shown, after=max(shown))
    assert found.only is None and found == alone and found.reader_mark != first.reader_mark
    assert shown[1] not in [post.id for post in found.view.posts]
