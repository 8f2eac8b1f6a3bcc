"""Blocking the author of an anonymous post never names them (THREATS #14), proven from
every side: the member who blocked (only that author's anonymous posts leave; their
named posts, threads, mentor card and match stay), the author (learns nothing), and
site moderators (told quietly; a group's own moderators are not)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.models import Block
from portal.models.groups import AnonymousMute, ReviewQueueItem
from portal.models.notifications import Notification
from portal.models.types import utcnow
from portal.services import mentoring
from portal.services.accounts import blocks, my_data
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import feed as groups_feed
from portal.services.groups import feedback as groups_feedback
from portal.services.groups import posts as groups_posts
from portal.services.moderation import queue as moderation
from portal.services.notifications import inbox as notifications
from tests.factories import table_rows
from tests.factories.accounts import PASSPHRASE, actor_of
from tests.factories.groups import add_member, make_group, make_member, make_moderator, reply_by
from tests.factories.groups import thread_by as start
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.refusals import refused

MUTED = "groups.blocked_anonymous"


def established(session, group, user, *, moderator: bool = False):
    """A mentor or survivor made elsewhere joins the group with a standing."""
    from portal.models.groups import MemberStanding

    user.created_at = utcnow() - timedelta(days=30)
    session.add(MemberStanding(user_id=user.id, approved_posts=10))
    session.commit()
    add_member(session, group, user, role="moderator" if moderator else "member")
    return user


@pytest.fixture
def world(db_session):
    """Morning check-in allows posts without a name. Juniper (a mentor) writes with her
    name and without it; River (a mentor) writes one post without a name; Willow writes
    one without a name too. Maple (a survivor) is matched with Juniper and may ask River."""
    s = db_session
    group = make_group(s, name="Morning check-in", allow_anonymous=True)
    heron = make_moderator(s, group, name="Moderator Heron")
    juniper = established(s, group, make_mentor(s, name="Mentor Juniper"))
    river = established(s, group, make_mentor(s, name="Mentor River"))
    maple = established(s, group, make_survivor(s, name="Survivor Maple", allowance=2))
    willow = make_member(s, group, established=True, name="Survivor Willow")
    named_thread = start(s, juniper, group, title="Small wins", body="I slept well twice.")
    heavy = start(s, willow, group, title="A heavy day", body="Today was hard.")
    named_reply = reply_by(s, juniper, heavy.thread_id, body="Glad you are here, Willow.")
    anonymous_reply = reply_by(s, juniper, heavy.thread_id, body="I know that feeling.",
                               anonymous=True)
    anonymous_thread = start(s, juniper, group, title="Nobody knows", body="A secret night.",
                             anonymous=True)
    river_anonymous = reply_by(s, river, named_thread.thread_id, body="Same for me.",
                               anonymous="on")
    willow_anonymous = reply_by(s, willow, named_thread.thread_id, body="Me too, quietly.",
                                anonymous=True)
    match = make_match(s, maple, juniper)
    return dict(group=group, heron=heron, juniper=juniper, river=river, maple=maple,
                willow=willow, named_thread=named_thread, heavy=heavy, named_reply=named_reply,
                anonymous_reply=anonymous_reply, anonymous_thread=anonymous_thread,
                river_anonymous=river_anonymous, willow_anonymous=willow_anonymous,
                match=match)


def everything_seen_by(session, member, group) -> dict:
    """What a member sees of groups and mentoring, as plain values."""
    actor = actor_of(member)
    page = groups_feed.list_threads(session=session, actor=actor, group_id=group.id)
    threads = {}
    for row in page.rows:
        view = groups_feed.read_thread(session=session, actor=actor, thread_id=row.id)
        threads[row.title] = [(post.author_name, post.anonymous, post.body, post.can_edit,
                               post.can_flag, post.can_block, post.reactions)
                              for post in view.posts]
    seen = {"threads": [(row.title, row.author_name, row.anonymous, row.by_me)
                        for row in page.rows], "posts": threads,
            "notes": groups_feed.my_notes(session=session, actor=actor),
            "waiting": groups_feed.waiting_count(session=session, actor=actor),
            "notifications": [(item.kind, item.text) for item in notifications.list_notifications(
                session=session, actor=actor).items],
            "matches": [(match.partner_name, match.status)
                        for match in mentoring.my_matches(session=session, actor=actor)]}
    if "survivor" in member.roles and "mentor" not in member.roles:
        seen["suggested"] = [view.mentor.name
                             for view in mentoring.suggest_mentors(session=session, actor=actor)]
        seen["browse"] = [card.name for card in mentoring.browse_mentors(session=session,
                                                                         actor=actor)]
    return seen


def bodies(session, member, thread_id) -> list[str]:
    view = groups_feed.read_thread(session=session, actor=actor_of(member), thread_id=thread_id)
    return [post.body for post in view.posts]


# --- the member who blocks -----------------------------------------------------------

def test_blocking_from_an_anonymous_reply_hides_only_that_authors_anonymous_posts(db_session,
                                                                                 world):
    s, maple, group = db_session, world["maple"], world["group"]
    before = everything_seen_by(s, maple, group)
    assert "Nobody knows" in before["posts"] and "I know that feeling." in [
        post[2] for post in before["posts"]["A heavy day"]]
    assert before["matches"] == [("Mentor Juniper", "active")]

    said = groups_feedback.block_author(session=s, actor=actor_of(maple),
                                        post_id=world["anonymous_reply"].post_id)

    assert said == MUTED
    after = everything_seen_by(s, maple, group)
    # Her anonymous reply and her anonymous thread are gone from Maple's sight...
    assert bodies(s, maple, world["heavy"].thread_id) == ["Today was hard.",
                                                          "Glad you are here, Willow."]
    assert "Nobody knows" not in after["posts"]
    with refused(NotFound):
        groups_feed.read_thread(session=s, actor=actor_of(maple),
                                thread_id=world["anonymous_thread"].thread_id)
    # ...and nothing else changed: her named thread and named reply, others' anonymous
    # posts, the mentor list and the match with her are exactly as before.
    expected = dict(before)
    expected["threads"] = [row for row in before["threads"] if row[0] != "Nobody knows"]
    expected["posts"] = {title: [post for post in posts if post[2] != "I know that feeling."]
                         for title, posts in before["posts"].items() if title != "Nobody knows"}
    assert after == expected
    assert after["matches"] == [("Mentor Juniper", "active")]
    assert "Mentor Juniper" in after["browse"] and "Mentor River" in after["browse"]
    assert blocks.blocked_either_way(s, maple.id) == set()
    assert s.execute(select(func.count(Block.id))).scalar_one() == 0
    # She can still answer Juniper's named thread and write in the match.
    reply_by(s, maple, world["named_thread"].thread_id, body="Lovely to read.")
    mentoring.send_message(session=s, actor=actor_of(maple), match_id=world["match"].id,
                           body="See you Thursday.")


def test_blocking_through_another_anonymous_post_keeps_that_mentor_on_my_list(db_session,
                                                                            world):
    s, maple = db_session, world["maple"]
    suggested = [view.mentor.name for view in mentoring.suggest_mentors(session=s,
                                                                       actor=actor_of(maple))]
    assert "Mentor River" in suggested
    river_card = mentoring.mentor_details(session=s, actor=actor_of(maple),
                                          mentor_id=world["river"].id)

    assert groups_feedback.block_author(session=s, actor=actor_of(maple),
                                        post_id=world["river_anonymous"].post_id) == MUTED

    assert [view.mentor.name for view in mentoring.suggest_mentors(
        session=s, actor=actor_of(maple))] == suggested
    assert mentoring.mentor_details(session=s, actor=actor_of(maple),
                                    mentor_id=world["river"].id) == river_card
    assert "Same for me." not in bodies(s, maple, world["named_thread"].thread_id)
    assert "Me too, quietly." in bodies(s, maple, world["named_thread"].thread_id)


def test_the_words_after_blocking_are_the_same_whoever_wrote_it(db_session, world):
    s, maple = db_session, world["maple"]
    said = {groups_feedback.block_author(session=s, actor=actor_of(maple), post_id=world[key]
                                         .post_id)
            for key in ("anonymous_reply", "river_anonymous", "willow_anonymous")}
    assert said == {MUTED}
    with refused(ServiceError, code="groups.cannot_block_this"):
        groups_feedback.block_author(session=s, actor=actor_of(world["juniper"]),
                                     post_id=world["anonymous_reply"].post_id)


def test_a_muted_authors_anonymous_posts_cannot_be_reached_by_id(db_session, world):
    s, maple = db_session, world["maple"]
    groups_feedback.block_author(session=s, actor=actor_of(maple),
                                 post_id=world["anonymous_reply"].post_id)
    hidden = world["anonymous_reply"].post_id
    for attempt in (
        lambda: groups_feedback.react_to_post(session=s, actor=actor_of(maple), post_id=hidden,
                                              kind="hug"),
        lambda: groups_feedback.flag_post(session=s, actor=actor_of(maple), post_id=hidden,
                                          reason="spam"),
        lambda: groups_feedback.block_author(session=s, actor=actor_of(maple), post_id=hidden),
        lambda: groups_posts.reply(session=s, actor=actor_of(maple),
                                   thread_id=world["anonymous_thread"].thread_id, body="Hi."),
    ):
        with refused(NotFound):  # the same answer as for a post that never existed
            attempt()


# --- the author ----------------------------------------------------------------------

def test_the_author_learns_nothing(db_session, world):
    s, maple, juniper, group = db_session, world["maple"], world["juniper"], world["group"]
    mine = start(s, maple, group, title="Maple says hi", body="Hello from Maple.")
    before = everything_seen_by(s, juniper, group)
    export_before = my_data.export_my_data(session=s, actor=actor_of(juniper))
    notes_before = s.execute(select(func.count(Notification.id))).scalar_one()

    groups_feedback.block_author(session=s, actor=actor_of(maple),
                                 post_id=world["anonymous_reply"].post_id)

    assert everything_seen_by(s, juniper, group) == before
    export_after = my_data.export_my_data(session=s, actor=actor_of(juniper))
    export_before.pop("exported_at"), export_after.pop("exported_at")
    assert export_after == export_before
    assert s.execute(select(func.count(Notification.id))).scalar_one() == notes_before
    # Her own posts behave as before: she edits her anonymous reply inside the window,
    # reacts to and answers Maple's thread.
    groups_posts.edit_post(session=s, actor=actor_of(juniper),
                           post_id=world["anonymous_reply"].post_id, body="I know it well.")
    groups_feedback.react_to_post(session=s, actor=actor_of(juniper), post_id=mine.post_id,
                                  kind="hug")
    reply_by(s, juniper, mine.thread_id, body="Hi Maple!", anonymous=True)
    # The edit does not bring the reply back for Maple; her new anonymous reply stays
    # out of Maple's sight too, and Maple sees the hug on her own post.
    assert "I know it well." not in bodies(s, maple, world["heavy"].thread_id)
    assert bodies(s, maple, mine.thread_id) == ["Hello from Maple."]
    view = groups_feed.read_thread(session=s, actor=actor_of(maple), thread_id=mine.thread_id)
    assert view.posts[0].reactions == (("hug", 1),)


def test_a_group_moderator_who_wrote_the_post_never_sees_the_signal(db_session):
    s = db_session
    group = make_group(s, allow_anonymous=True)
    author = make_member(s, group, established=True, moderator=True, name="Quiet Fern")
    blocker = make_member(s, group, established=True)
    post = start(s, author, group, title="Alone tonight", anonymous=True)
    queue_before = moderation.list_queue(session=s, actor=actor_of(author))

    groups_feedback.block_author(session=s, actor=actor_of(blocker), post_id=post.post_id)

    queue_after = moderation.list_queue(session=s, actor=actor_of(author))
    assert (queue_after.items, queue_after.waiting) == (queue_before.items, queue_before.waiting)
    item_id = s.execute(select(ReviewQueueItem.id)).scalar_one()
    for act in (moderation.claim_item, moderation.dismiss_item):
        with refused(NotFound):
            act(session=s, actor=actor_of(author), item_id=item_id)


# --- moderators ----------------------------------------------------------------------

def test_site_moderators_are_told_quietly(db_session, world):
    s, heron = db_session, world["heron"]
    post_id = world["anonymous_reply"].post_id
    groups_feedback.block_author(session=s, actor=actor_of(world["maple"]), post_id=post_id)
    groups_feedback.block_author(session=s, actor=actor_of(world["willow"]), post_id=post_id)

    page = moderation.list_queue(session=s, actor=actor_of(heron))
    signals = [item for item in page.items if item.kind == "anonymous_block"]
    assert len(signals) == 1  # one open signal per post, however many block
    signal = signals[0]
    assert (signal.reasons, signal.urgent, signal.post_id, signal.body, signal.anonymous) == \
        (("anonymous_block",), False, post_id, "I know that feeling.", True)
    assert signal.author is not None and signal.author.display_name == "Mentor Juniper"
    # Nobody's name but the author's rides in the signal: not the members who blocked.
    assert "Survivor Maple" not in repr(signal) and "Survivor Willow" not in repr(signal)
    assert s.execute(select(func.count(AnonymousMute.id))).scalar_one() == 2
    # Handled and closed without the author being told anything.
    moderation.dismiss_item(session=s, actor=actor_of(heron), item_id=signal.id)
    assert groups_feed.my_notes(session=s, actor=actor_of(world["juniper"])) == []
    assert not [item for item in moderation.list_queue(session=s, actor=actor_of(heron)).items
                if item.kind == "anonymous_block"]


def test_flags_on_the_same_post_still_reach_the_groups_moderators(db_session, world):
    s = db_session
    post_id = world["willow_anonymous"].post_id
    groups_feedback.block_author(session=s, actor=actor_of(world["maple"]), post_id=post_id)
    groups_feedback.flag_post(session=s, actor=actor_of(world["river"]), post_id=post_id,
                              reason="spam")
    kinds = sorted(s.execute(select(ReviewQueueItem.kind, ReviewQueueItem.group_id)
                             .where(ReviewQueueItem.post_id == post_id)).all())
    assert kinds == [("anonymous_block", None), ("post", world["group"].id)]


# --- a named block never touches anonymous posts ------------------------------------

def test_a_named_block_hides_named_posts_only_so_it_names_no_anonymous_author(db_session,
                                                                             world):
    s, maple, juniper, group = db_session, world["maple"], world["juniper"], world["group"]
    secret = start(s, maple, group, title="Maple's quiet thread", body="Unsigned.",
                   anonymous=True)
    said = groups_feedback.block_author(session=s, actor=actor_of(maple),
                                        post_id=world["named_reply"].post_id)
    assert said == "groups.blocked"
    # Today's full block, from a named post: her named posts and thread go, the match ends.
    assert blocks.is_blocked_between(s, maple.id, juniper.id)
    assert "Glad you are here, Willow." not in bodies(s, maple, world["heavy"].thread_id)
    with refused(NotFound):
        bodies(s, maple, world["named_thread"].thread_id)
    assert [match.status for match in mentoring.my_matches(session=s, actor=actor_of(maple))] \
        == ["ended"]
    # Her anonymous reply and thread stay: their vanishing would name her.
    assert "I know that feeling." in bodies(s, maple, world["heavy"].thread_id)
    assert bodies(s, maple, world["anonymous_thread"].thread_id) == ["A secret night."]
    # And from Juniper's side, Maple's anonymous thread stays in sight and open to replies.
    assert bodies(s, juniper, secret.thread_id) == ["Unsigned."]
    assert groups_feed.read_thread(session=s, actor=actor_of(juniper),
                                   thread_id=secret.thread_id).can_reply
    reply_by(s, juniper, secret.thread_id, body="Thinking of you.", anonymous=True)
    assert "Thinking of you." in bodies(s, maple, secret.thread_id)


# --- my data -------------------------------------------------------------------------

def test_my_data_lists_only_my_own_mutes_and_never_the_author(db_session, world):
    s, maple, juniper = db_session, world["maple"], world["juniper"]
    groups_feedback.block_author(session=s, actor=actor_of(maple),
                                 post_id=world["anonymous_reply"].post_id)
    export = my_data.export_my_data(session=s, actor=actor_of(maple))
    mutes = export["posts_without_a_name_you_stopped_seeing"]
    assert [row["group"] for row in mutes] == ["Morning check-in"] and mutes[0]["since"]
    assert set(mutes[0]) == {"since", "group"}  # no author id, name or post
    assert export["blocked_members"] == []
    assert "Juniper" not in json.dumps(mutes)
    assert my_data.export_my_data(session=s, actor=actor_of(juniper))[
        "posts_without_a_name_you_stopped_seeing"] == []


@pytest.mark.parametrize("who", ["muter", "author"])
def test_deleting_either_account_erases_the_mute(db_session, world, who):
    s = db_session
    groups_feedback.block_author(session=s, actor=actor_of(world["maple"]),
                                 post_id=world["anonymous_reply"].post_id)
    leaving = world["maple"] if who == "muter" else world["juniper"]
    my_data.delete_my_account(session=s, actor=actor_of(leaving), passphrase=PASSPHRASE)
    assert s.execute(select(func.count(AnonymousMute.id))).scalar_one() == 0


def test_nothing_else_in_the_database_changes_but_the_mute_and_the_signal(db_session, world):
    s = db_session
    before = table_rows(s)
    groups_feedback.block_author(session=s, actor=actor_of(world["maple"]),
                                 post_id=world["anonymous_reply"].post_id)
    after = table_rows(s)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"anonymous_mutes", "review_items"}
