"""Posting rules: cleaning at write time, pre-moderation, new-member limits, watched words,
content warnings, anonymity, editing, deleting, reactions and flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.domain.permissions import PermissionDenied
from portal.domain.sanitize import clean_user_text
from portal.models.groups import GroupPost, PostFlag, ReviewQueueItem
from portal.models.types import utcnow
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import feed as groups_feed
from portal.services.groups import feedback as groups_feedback
from portal.services.groups import posts as groups_posts
from portal.services.groups.posts import PostBlocked
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator, reply_by, thread_by
from tests.member_render import MARKDOWN_ELEMENTS, shown_markdown
from tests.refusals import refused


def count(session, model, *where) -> int:
    query = select(func.count()).select_from(model)
    return session.execute(query.where(*where) if where else query).scalar_one()


def feed_titles(session, user, group) -> list[str]:
    page = groups_feed.list_threads(session=session, actor=actor_of(user), group_id=group.id)
    return [row.title for row in page.rows]


# --- pre-moderation and limits ------------------------------------------------------

def test_new_member_post_is_held_for_review_and_only_the_author_sees_it(db_session):
    group = make_group(db_session)
    newcomer = make_member(db_session, group)
    other = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, newcomer, group, title="First time")
    assert outcome.status == "held"
    assert outcome.message_keys == ("moderation.posting_held_new_member",)
    assert feed_titles(db_session, other, group) == []
    [row] = groups_feed.list_threads(session=db_session, actor=actor_of(newcomer),
                                     group_id=group.id).rows
    assert (row.title, row.status, row.by_me) == ("First time", "held", True)
    item = db_session.execute(select(ReviewQueueItem)).scalar_one()
    assert (item.reasons, item.urgent) == ("new_member", False)


def test_after_three_approved_posts_a_member_posts_straight_away(db_session):
    from portal.services.moderation import queue as moderation

    group = make_group(db_session)
    heron = make_moderator(db_session)
    newcomer = make_member(db_session, group)
    start = utcnow() - timedelta(hours=1)
    for minute in range(3):
        held = thread_by(db_session, newcomer, group, title=f"Post {minute}",
                         now=start + timedelta(minutes=minute))
        assert held.status == "held"
        item = db_session.execute(select(ReviewQueueItem.id).where(
            ReviewQueueItem.post_id == held.post_id)).scalar_one()
        moderation.approve_item(session=db_session, actor=actor_of(heron), item_id=item)
    fourth = reply_by(db_session, newcomer, held.thread_id, now=start + timedelta(minutes=5))
    assert fourth.status == "visible"


def test_new_members_wait_thirty_seconds_between_posts(db_session):
    group = make_group(db_session)
    newcomer = make_member(db_session, group)
    now = utcnow()
    thread_by(db_session, newcomer, group, now=now)
    with refused(ServiceError, code="moderation.posting_too_soon") as caught:
        thread_by(db_session, newcomer, group, now=now + timedelta(seconds=10))
    assert caught.value.params == {"seconds": 20}
    assert thread_by(db_session, newcomer, group, now=now + timedelta(seconds=31)).post_id


def test_new_members_start_three_threads_on_their_first_day(db_session):
    group = make_group(db_session)
    newcomer = make_member(db_session, group)
    start = utcnow().replace(hour=1, minute=0)
    for minute in range(3):
        thread_by(db_session, newcomer, group, now=start + timedelta(minutes=minute))
    with refused(ServiceError, code="moderation.posting_thread_limit"):
        thread_by(db_session, newcomer, group, now=start + timedelta(minutes=5))
    assert count(db_session, GroupPost) == 3


def test_links_wait_until_a_member_is_trusted(db_session):
    group = make_group(db_session)
    newcomer = make_member(db_session, group)
    with refused(ServiceError, code="moderation.posting_links_not_yet"):
        thread_by(db_session, newcomer, group, body="Look at example.com please")
    trusted = make_member(db_session, group, established=True)
    done = thread_by(db_session, trusted, group, body="[A guide](https://example.org/guide)")
    assert done.status == "visible"
    assert count(db_session, GroupPost) == 1


def test_a_muted_member_cannot_post(db_session):
    from portal.models.groups import MemberStanding

    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    db_session.get(MemberStanding, willow.id).muted_until = utcnow() + timedelta(hours=1)
    db_session.commit()
    with refused(ServiceError, code="moderation.posting_muted"):
        thread_by(db_session, willow, group)


# --- watched words -----------------------------------------------------------------

def test_a_post_with_a_phone_number_is_held_and_the_author_is_told_why(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group, body="Call me on 555 123 4567 tonight")
    assert outcome.status == "held"
    assert outcome.message_keys == ("moderation.held_personal_details",)
    item = db_session.execute(select(ReviewQueueItem)).scalar_one()
    assert (item.reasons, item.urgent) == ("personal_details", False)


def test_recruitment_phrases_are_held_and_urgent_with_a_neutral_message(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group, body="Easy money, great job offer abroad!")
    assert (outcome.status, outcome.message_keys) == ("held", ("moderation.held_review",))
    assert db_session.execute(select(ReviewQueueItem.urgent)).scalar_one() is True


def test_crisis_language_is_held_urgent_and_shows_crisis_resources_privately(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    other = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group, body="I can't go on like this.")
    assert outcome.status == "held" and outcome.show_crisis_resources
    assert outcome.message_keys[0] == "moderation.crisis_support"
    assert db_session.execute(select(ReviewQueueItem.reasons)).scalar_one() == "crisis"
    assert feed_titles(db_session, other, group) == []


def test_slurs_are_blocked_kindly_and_nothing_is_stored(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    with refused(PostBlocked, code="moderation.blocked_slur") as caught:
        thread_by(db_session, willow, group, body="what a slut")
    assert not caught.value.show_crisis_resources
    assert count(db_session, GroupPost) == 0


def test_a_blocked_post_with_crisis_words_still_reaches_a_moderator_urgently(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group, body="I am a whore and I want to die")
    assert outcome.status == "blocked" and outcome.show_crisis_resources
    post = db_session.execute(select(GroupPost)).scalar_one()
    assert post.status == "rejected"
    assert db_session.execute(select(ReviewQueueItem.urgent)).scalar_one() is True


def test_site_moderators_can_post_hotline_numbers(db_session):
    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    outcome = thread_by(db_session, heron, group, body="Call 1-888-373-7888 any time.")
    assert outcome.status == "visible"


# --- cleaning ------------------------------------------------------------------------

def test_markup_is_kept_as_typed_and_shown_as_text_with_unsafe_links_unlinked(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    body = ('<script>alert(1)</script><img src=x onerror=alert(2)>Hello <b>there</b> '
            '[click](javascript:alert(3))')
    outcome = thread_by(db_session, willow, group, title="<i>Hi</i>", body=body)
    post = db_session.get(GroupPost, outcome.post_id)
    assert post.body == body
    shown = shown_markdown(post.body)
    assert [tag for tag, _ in shown.elements] == ["p"] and shown.links() == []
    assert shown.text.strip() == body


@pytest.mark.parametrize("body, code", [("", "sanitize.empty"), ("   \n\t", "sanitize.empty"),
                                        ("\u200b\u202e", "sanitize.empty"),
                                        ("x" * 10_001, "sanitize.too_long")])
def test_empty_and_huge_posts_are_refused_calmly(db_session, body, code):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    with refused(ServiceError, code=code):
        thread_by(db_session, willow, group, body=body)
    assert count(db_session, GroupPost) == 0


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.sampled_from(list("<>/=\"'!-[]()&;:#\x00\x1b\u202e ajscriptonerrohf")),
            max_size=300),
    st.sampled_from(["<script>alert(1)</script>", "<svg onload=alert(1)>", "<<b>b>x",
                     "[x](javascript:alert(1))", "<a href=javascript:x>y</a>", "\x00\x01",
                     "x" * 40_000]),
), title=st.text(max_size=150))
def test_any_post_body_is_stored_clean_or_refused_calmly(db_session, body, title):
    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    try:
        outcome = thread_by(db_session, heron, group, title=title or "t", body=body)
    except ServiceError:
        db_session.rollback()
        return
    post = db_session.get(GroupPost, outcome.post_id)
    assert post.body == clean_user_text(body, max_length=10_000)
    for tag, attrs in shown_markdown(post.body).elements:
        assert tag in MARKDOWN_ELEMENTS and not any(name.startswith("on") for name, _ in attrs)
    assert "\x00" not in post.body


# --- content warnings and anonymity --------------------------------------------------

def test_content_warning_is_kept_for_the_collapsed_view(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group, content_warning="Talks about a hard night")
    view = groups_feed.read_thread(session=db_session, actor=actor_of(willow),
                                   thread_id=outcome.thread_id)
    assert view.content_warning == view.posts[0].content_warning == "Talks about a hard night"


def test_anonymous_posts_hide_the_name_except_from_moderators(db_session):
    group = make_group(db_session, allow_anonymous=True)
    author = make_member(db_session, group, established=True, name="Quiet Fern")
    other = make_member(db_session, group, established=True)
    heron = make_moderator(db_session, group)
    outcome = thread_by(db_session, author, group, anonymous="on")
    for viewer, name in ((other, ""), (heron, "Quiet Fern"), (author, "")):
        view = groups_feed.read_thread(session=db_session, actor=actor_of(viewer),
                                       thread_id=outcome.thread_id)
        assert view.posts[0].author_name == name
    assert groups_feed.read_thread(session=db_session, actor=actor_of(author),
                                   thread_id=outcome.thread_id).posts[0].by_me


def test_anonymous_posting_is_refused_where_the_group_does_not_allow_it(db_session):
    group = make_group(db_session, allow_anonymous=False)
    willow = make_member(db_session, group, established=True)
    with refused(ServiceError, code="groups.anonymous_not_here"):
        thread_by(db_session, willow, group, anonymous=True)


# --- editing and deleting --------------------------------------------------------------

def test_authors_edit_within_fifteen_minutes_and_not_after(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    now = utcnow()
    outcome = thread_by(db_session, willow, group, now=now)
    groups_posts.edit_post(session=db_session, actor=actor_of(willow), post_id=outcome.post_id,
                           body="Better words.", now=now + timedelta(minutes=14))
    post = db_session.get(GroupPost, outcome.post_id)
    assert (post.body, post.edited_at is not None) == ("Better words.", True)
    with refused(ServiceError, code="groups.edit_window_over"):
        groups_posts.edit_post(session=db_session, actor=actor_of(willow),
                               post_id=outcome.post_id, body="Too late.",
                               now=now + timedelta(minutes=16))


def test_editing_in_a_phone_number_sends_the_post_back_to_review(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    other = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group)
    edited = groups_posts.edit_post(session=db_session, actor=actor_of(willow),
                                    post_id=outcome.post_id, body="Text me: 555 123 4567")
    assert edited.status == "held"
    assert feed_titles(db_session, other, group) == []
    assert "edited" in db_session.execute(select(ReviewQueueItem.reasons)).scalar_one()


def test_members_cannot_edit_or_delete_others_posts(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    other = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group)
    with refused(PermissionDenied):
        groups_posts.edit_post(session=db_session, actor=actor_of(other),
                               post_id=outcome.post_id, body="Mine now")
    with refused(PermissionDenied):
        groups_posts.delete_post(session=db_session, actor=actor_of(other),
                                 post_id=outcome.post_id)
    assert db_session.get(GroupPost, outcome.post_id).body == "Glad to be here today."


def test_deleting_your_post_erases_its_words(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    other = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group)
    groups_posts.delete_post(session=db_session, actor=actor_of(willow), post_id=outcome.post_id)
    post = db_session.get(GroupPost, outcome.post_id)
    assert (post.status, post.body) == ("deleted", "")
    assert feed_titles(db_session, other, group) == []


# --- reactions ---------------------------------------------------------------------------

def test_supportive_reactions_toggle_and_only_known_kinds_count(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    other = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group)
    actor = actor_of(other)
    assert groups_feedback.react_to_post(session=db_session, actor=actor,
                                         post_id=outcome.post_id, kind="hug") is True
    view = groups_feed.read_thread(session=db_session, actor=actor, thread_id=outcome.thread_id)
    assert (view.posts[0].reactions, view.posts[0].my_reactions) == ((("hug", 1),), ("hug",))
    assert groups_feedback.react_to_post(session=db_session, actor=actor,
                                         post_id=outcome.post_id, kind="hug") is False
    with refused(ServiceError, code="groups.unknown_reaction"):
        groups_feedback.react_to_post(session=db_session, actor=actor, post_id=outcome.post_id,
                                      kind="downvote")


# --- flags ----------------------------------------------------------------------------

def test_three_different_members_flagging_hide_a_post_until_reviewed(db_session):
    group = make_group(db_session)
    author = make_member(db_session, group, established=True)
    flaggers = [make_member(db_session, group) for _ in range(3)]
    outcome = thread_by(db_session, author, group)
    hidden = [groups_feedback.flag_post(session=db_session, actor=actor_of(user),
                                        post_id=outcome.post_id, reason="harassment")
              for user in flaggers]
    assert hidden == [False, False, True]
    assert db_session.get(GroupPost, outcome.post_id).status == "hidden"
    assert feed_titles(db_session, flaggers[0], group) == []
    assert count(db_session, ReviewQueueItem) == 1


def test_one_member_cannot_flag_twice_or_flag_their_own_post(db_session):
    group = make_group(db_session)
    author = make_member(db_session, group, established=True)
    other = make_member(db_session, group)
    outcome = thread_by(db_session, author, group)
    groups_feedback.flag_post(session=db_session, actor=actor_of(other), post_id=outcome.post_id,
                              reason="spam")
    with refused(ServiceError, code="groups.flag_already_sent"):
        groups_feedback.flag_post(session=db_session, actor=actor_of(other),
                                  post_id=outcome.post_id, reason="spam")
    with refused(ServiceError, code="groups.flag_own_post"):
        groups_feedback.flag_post(session=db_session, actor=actor_of(author),
                                  post_id=outcome.post_id, reason="spam")
    with refused(ServiceError, code="groups.flag_reason_needed"):
        groups_feedback.flag_post(session=db_session, actor=actor_of(other),
                                  post_id=outcome.post_id, reason="boring")
    assert count(db_session, PostFlag) == 1


def test_flagging_is_limited_per_member_per_day(db_session):
    group = make_group(db_session)
    author = make_member(db_session, group, established=True)
    flagger = make_member(db_session, group)
    now = utcnow()
    posts = [thread_by(db_session, author, group, title=f"T{i}",
                       now=now - timedelta(minutes=30 - i)).post_id for i in range(11)]
    for post_id in posts[:10]:
        groups_feedback.flag_post(session=db_session, actor=actor_of(flagger), post_id=post_id,
                                  reason="other", now=now)
    with refused(ServiceError, code="moderation.flag_limit_reached"):
        groups_feedback.flag_post(session=db_session, actor=actor_of(flagger), post_id=posts[10],
                                  reason="other", now=now)
    assert groups_feedback.flag_post(session=db_session, actor=actor_of(flagger),
                                     post_id=posts[10], reason="other",
                                     now=now + timedelta(hours=25)) is False


def test_self_harm_flags_make_the_review_urgent(db_session):
    group = make_group(db_session)
    author = make_member(db_session, group, established=True)
    other = make_member(db_session, group)
    outcome = thread_by(db_session, author, group)
    groups_feedback.flag_post(session=db_session, actor=actor_of(other), post_id=outcome.post_id,
                              reason="self_harm_risk", note="<b>worried</b> about them")
    item = db_session.execute(select(ReviewQueueItem)).scalar_one()
    assert item.urgent and item.reasons == "flags"
    assert db_session.execute(select(PostFlag.note)).scalar_one() == "<b>worried</b> about them"


def test_members_of_another_group_cannot_flag_react_or_see_a_post(db_session):
    group, elsewhere = make_group(db_session), make_group(db_session)
    author = make_member(db_session, group, established=True)
    stranger = make_member(db_session, elsewhere)
    outcome = thread_by(db_session, author, group)
    with refused(ServiceError, code="groups.join_first"):
        groups_feedback.flag_post(session=db_session, actor=actor_of(stranger),
                                  post_id=outcome.post_id, reason="spam")
    with refused(ServiceError, code="groups.join_first"):
        groups_feedback.react_to_post(session=db_session, actor=actor_of(stranger),
                                      post_id=outcome.post_id, kind="heart")
    with refused(NotFound):
        groups_feedback.react_to_post(session=db_session, actor=actor_of(stranger),
                                      post_id=10**9, kind="heart")
    assert count(db_session, PostFlag) == 0


def test_locked_threads_take_replies_only_from_moderators(db_session):
    from portal.services.moderation import threads as moderation_threads

    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    willow = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group)
    moderation_threads.set_thread_locked(session=db_session, actor=actor_of(heron),
                                         thread_id=outcome.thread_id, locked=True)
    with refused(ServiceError, code="groups.thread_locked"):
        reply_by(db_session, willow, outcome.thread_id)
    assert reply_by(db_session, heron, outcome.thread_id).status == "visible"
    with refused(PermissionDenied):
        moderation_threads.set_thread_locked(session=db_session, actor=actor_of(willow),
                                             thread_id=outcome.thread_id, locked=False)
