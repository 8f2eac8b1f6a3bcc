"""Issue 13 item 10: a reply waiting in the queue shows what it answers (the post before
it, and the opening post), with no name behind a post made without one."""

from __future__ import annotations

from sqlalchemy import select

from portal.models.groups import ReviewQueueItem
from portal.services.moderation import queue as moderation
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator, reply_by, thread_by


def _item(page, post_id):
    return next(view for view in page.items if view.post_id == post_id)


def test_a_held_reply_shows_the_post_it_answers_and_the_opening_post(db_session):
    s = db_session
    group = make_group(s, allow_anonymous=True)
    heron = make_moderator(s)
    willow = make_member(s, group, established=True, name="Old Willow")
    maple = make_member(s, group, established=True, name="Old Maple")
    newcomer = make_member(s, group, name="New Fern")
    opening = thread_by(s, willow, group, title="Sleep", body="How do you all sleep?")
    middle = reply_by(s, maple, opening.thread_id, body="Tea and a book help me.",
                      anonymous=True)
    held = reply_by(s, newcomer, opening.thread_id, body="I will try that tonight.")
    assert held.status == "held"
    page = moderation.list_queue(session=s, actor=actor_of(heron))
    context = _item(page, held.post_id).context
    assert context.replied_to.post_id == middle.post_id
    assert context.replied_to.excerpt == "Tea and a book help me."
    # Without a name: no pseudonym, whoever looks (site staff included).
    assert (context.replied_to.anonymous, context.replied_to.author_name) == (True, "")
    assert context.opening.post_id == opening.post_id
    assert context.opening.author_name == "Old Willow"


def test_a_reply_to_the_opening_post_shows_it_once_and_group_moderators_see_it(db_session):
    s = db_session
    group = make_group(s)
    lead = make_member(s, group, established=True, moderator=True)
    willow = make_member(s, group, established=True, name="Old Willow")
    newcomer = make_member(s, group)
    opening = thread_by(s, willow, group, title="Hi", body="Hello " * 100)
    held = reply_by(s, newcomer, opening.thread_id, body="Hello back")
    page = moderation.list_queue(session=s, actor=actor_of(lead))
    context = _item(page, held.post_id).context
    assert context.replied_to.post_id == opening.post_id and context.opening is None
    assert len(context.replied_to.excerpt) <= 280 and context.replied_to.excerpt.endswith("…")


def test_an_opening_post_in_the_queue_needs_no_context(db_session):
    s = db_session
    group = make_group(s)
    heron = make_moderator(s)
    newcomer = make_member(s, group)
    opening = thread_by(s, newcomer, group, title="First", body="My first words")
    page = moderation.list_queue(session=s, actor=actor_of(heron))
    assert _item(page, opening.post_id).context is None
    item = s.execute(select(ReviewQueueItem).where(
        ReviewQueueItem.post_id == opening.post_id)).scalar_one()
    assert item.resolved is False
