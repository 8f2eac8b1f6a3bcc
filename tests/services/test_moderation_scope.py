"""A member appointed to moderate one group is not site staff.

Only site moderators and admins see who wrote a post without a name and what happened
to an author in other groups; a group moderator's edits are checked like the author's
words; items held for personal details or recruitment wait for site staff; a group
moderator's pause on posting applies to their group. Every test also tries another
group's ids.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models.groups import GroupPost, MemberStanding, ModerationRecord, ReviewQueueItem
from portal.models.types import utcnow
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import feed as groups_feed
from portal.services.moderation import members as moderation_members
from portal.services.moderation import queue as moderation
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator, reply_by, thread_by
from tests.refusals import refused


def item_for(session, post_id: int) -> int:
    return session.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == post_id)).scalar_one()


def status_of(session, post_id: int) -> str:
    session.expire_all()
    return session.get(GroupPost, post_id).status


@pytest.fixture
def groups(db_session):
    """Two groups with anonymous posting; Fern moderates the first only; Heron is staff."""
    ours = make_group(db_session, name="Morning check-in", allow_anonymous=True)
    theirs = make_group(db_session, name="Finding work", allow_anonymous=True)
    fern = make_member(db_session, ours, moderator=True, established=True, name="Lead Fern")
    heron = make_moderator(db_session, name="Moderator Heron")
    return ours, theirs, fern, heron


def member_of_both(session, ours, theirs, **extra):
    author = make_member(session, ours, **extra)
    from tests.factories.groups import add_member
    add_member(session, theirs, author)
    return author


# --- anonymous authors -----------------------------------------------------------------

def test_only_site_moderators_see_who_wrote_without_a_name(db_session, groups):
    ours, theirs, fern, heron = groups
    quiet = make_member(db_session, ours, established=True, name="Quiet Maple")
    outcome = thread_by(db_session, quiet, ours, body="Hard week, posting without my name.",
                        anonymous="on")
    for viewer, name in ((fern, ""), (heron, "Quiet Maple")):
        view = groups_feed.read_thread(session=db_session, actor=actor_of(viewer),
                                       thread_id=outcome.thread_id)
        assert view.posts[0].author_name == name
        rows = groups_feed.list_threads(session=db_session, actor=actor_of(viewer),
                                        group_id=ours.id).rows
        assert [row.author_name for row in rows] == [name]
    # In the queue too: the group moderator gets no name, no standing, no history.
    held = reply_by(db_session, make_member(db_session, ours), outcome.thread_id,
                    body="Thinking of you", anonymous="on")
    [item] = moderation.list_queue(session=db_session, actor=actor_of(fern)).items
    assert item.post_id == held.post_id
    assert item.author is None and item.author_hidden
    [staff_view] = moderation.list_queue(session=db_session, actor=actor_of(heron)).items
    assert staff_view.author is not None and not staff_view.author_hidden


def test_a_group_moderator_cannot_act_on_an_anonymous_author(db_session, groups):
    ours, theirs, fern, heron = groups
    newcomer = make_member(db_session, ours, name="New Willow")
    outcome = thread_by(db_session, newcomer, ours, anonymous="on")
    item = item_for(db_session, outcome.post_id)
    for call, extra in ((moderation_members.warn_author, {}),
                        (moderation_members.mute_author, {"hours": 24})):
        with refused(ServiceError, code="review.anonymous_for_site_moderators"):
            call(session=db_session, actor=actor_of(fern), item_id=item, reason="x", **extra)
    assert db_session.execute(select(ModerationRecord.id)).all() == []
    moderation_members.warn_author(session=db_session, actor=actor_of(heron), item_id=item,
                                   reason="Please keep it kind.")


# --- history from other groups -----------------------------------------------------------

def test_a_group_moderator_sees_only_their_groups_history_of_an_author(db_session, groups):
    ours, theirs, fern, heron = groups
    author = member_of_both(db_session, ours, theirs, name="New Rowan")
    elsewhere = thread_by(db_session, author, theirs, title="Elsewhere", body="First words",
                          now=utcnow() - timedelta(minutes=5))
    elsewhere_item = item_for(db_session, elsewhere.post_id)
    moderation_members.warn_author(session=db_session, actor=actor_of(heron),
                                   item_id=elsewhere_item, reason="Not here, please.")
    moderation.reject_item(session=db_session, actor=actor_of(heron), item_id=elsewhere_item,
                           canned="spam")
    here = reply_by(db_session, author, thread_by(db_session, make_member(
        db_session, ours, established=True), ours).thread_id, body="Hello from me")
    [fern_item] = moderation.list_queue(session=db_session, actor=actor_of(fern)).items
    assert fern_item.post_id == here.post_id
    card = fern_item.author
    assert (card.display_name, card.history, card.rejected_posts, card.warnings) == \
        ("New Rowan", (), 0, 0)
    staff_card = next(item.author for item in moderation.list_queue(
        session=db_session, actor=actor_of(heron)).items if item.post_id == here.post_id)
    assert [entry.action for entry in staff_card.history] == ["reject", "warn"]
    assert (staff_card.rejected_posts, staff_card.warnings) == (1, 1)
    # The history page keeps to their groups too.
    rows, _ = moderation_members.list_history(session=db_session, actor=actor_of(fern))
    assert rows == []


# --- personal details and recruitment wait for site staff --------------------------------

@pytest.mark.parametrize("body", ["Call me on 555 201 7788 after work",
                                  "Paid job abroad, no papers needed, text me on WhatsApp"])
def test_items_held_for_details_or_recruitment_need_site_staff(db_session, groups, body):
    ours, theirs, fern, heron = groups
    writer = make_member(db_session, ours, established=True)
    outcome = thread_by(db_session, writer, ours, body=body)
    item = item_for(db_session, outcome.post_id)
    [shown] = moderation.list_queue(session=db_session, actor=actor_of(fern)).items
    assert shown.needs_site_staff
    calls = [(moderation.approve_item, {}), (moderation.hide_item, {}),
             (moderation.dismiss_item, {}), (moderation.claim_item, {}),
             (moderation.reject_item, {"canned": "spam"}),
             (moderation.edit_and_approve_item, {"body": "Hello all"}),
             (moderation_members.mute_author, {"hours": 24, "reason": "x"})]
    for call, extra in calls:
        with refused(ServiceError, code="review.needs_site_staff"):
            call(session=db_session, actor=actor_of(fern), item_id=item, **extra)
    assert status_of(db_session, outcome.post_id) == "held"
    moderation.approve_item(session=db_session, actor=actor_of(heron), item_id=item)
    assert status_of(db_session, outcome.post_id) == "visible"


def test_another_groups_items_stay_out_of_reach(db_session, groups):
    ours, theirs, fern, heron = groups
    newcomer = make_member(db_session, theirs)
    outcome = thread_by(db_session, newcomer, theirs, body="My first post there.")
    item = item_for(db_session, outcome.post_id)
    assert moderation.list_queue(session=db_session, actor=actor_of(fern)).items == ()
    for call, extra in ((moderation.approve_item, {}),
                        (moderation.edit_and_approve_item, {"body": "Changed by Fern"}),
                        (moderation_members.mute_author, {"hours": 168, "reason": "x"})):
        with refused(NotFound):
            call(session=db_session, actor=actor_of(fern), item_id=item, **extra)
    assert status_of(db_session, outcome.post_id) == "held"
    assert db_session.get(GroupPost, outcome.post_id).body == "My first post there."


# --- edits are checked again ----------------------------------------------------------------

def test_a_group_moderators_edit_is_checked_like_the_authors_words(db_session, groups):
    ours, theirs, fern, heron = groups
    newcomer = make_member(db_session, ours, name="New Willow")
    outcome = thread_by(db_session, newcomer, ours, body="Hello, I am new here.")
    item = item_for(db_session, outcome.post_id)
    for body in ("Hello, text me on 555 201 7788", "Hello, good job abroad no papers needed",
                 "Hello, what a slut"):
        with refused(ServiceError, code="review.edit_needs_another_look"):
            moderation.edit_and_approve_item(session=db_session, actor=actor_of(fern),
                                             item_id=item, body=body)
        post = db_session.get(GroupPost, outcome.post_id)
        assert (post.status, post.body) == ("held", "Hello, I am new here.")
    moderation.edit_and_approve_item(session=db_session, actor=actor_of(fern), item_id=item,
                                     body="Hello, I am new here and glad to be in.")
    post = db_session.get(GroupPost, outcome.post_id)
    assert (post.status, post.edited_by_moderator) == ("visible", True)


# --- a group moderator's pause applies to their group ---------------------------------------

def test_a_group_moderators_mute_applies_to_their_group_only(db_session, groups):
    ours, theirs, fern, heron = groups
    author = member_of_both(db_session, ours, theirs, established=True, name="Loud Ash")
    flagged = thread_by(db_session, author, ours, body="Some nights I feel I can't go on")
    until = moderation_members.mute_author(session=db_session, actor=actor_of(fern),
                                           item_id=item_for(db_session, flagged.post_id),
                                           hours=168, reason="A week's pause here.")
    assert db_session.get(MemberStanding, author.id).muted_until is None
    with refused(ServiceError, code="moderation.posting_muted"):
        thread_by(db_session, author, ours, title="Again", body="Back again")
    elsewhere = thread_by(db_session, author, theirs, title="Work", body="Any tips on CVs?")
    assert elsewhere.status == "visible"
    [note] = [n for n in groups_feed.my_notes(session=db_session, actor=actor_of(author))
              if n.action == "mute"]
    assert (note.until, note.group_name) == (until, "Morning check-in")  # told where


def test_a_site_moderators_mute_applies_everywhere(db_session, groups):
    ours, theirs, fern, heron = groups
    author = member_of_both(db_session, ours, theirs, established=True)
    flagged = thread_by(db_session, author, ours, body="Some nights I feel I can't go on")
    moderation_members.mute_author(session=db_session, actor=actor_of(heron),
                                   item_id=item_for(db_session, flagged.post_id), hours=24,
                                   reason="A short pause.")
    for group in (ours, theirs):
        with refused(ServiceError, code="moderation.posting_muted"):
            thread_by(db_session, author, group, title="Again", body="Back again")
    [note] = [n for n in groups_feed.my_notes(session=db_session, actor=actor_of(author))
              if n.action == "mute"]
    assert note.group_name == ""  # everywhere
