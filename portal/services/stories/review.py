"""Moderators review stories: they see the safety read's highlights, approve, or return a
story with a kind note. A public story needs a second, different moderator's approval.
Moderators never see who wrote an anonymous story: no view here carries the author.

Held replies to member-only stories wait here too, until a moderator approves them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, require
from portal.models import User
from portal.models.stories import Story, StoryReply, StoryReview
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups.posts import clean_line
from portal.services.stories._common import (
    APPROVED,
    AWAITING_SECOND,
    IN_REVIEW,
    NOTE_MAX,
    PUBLIC,
    PUBLISHED,
    RETURNED,
    byline_of,
    safety_read,
)
from portal.services.stories.views import HeldReply, ReviewCard

REVIEW = Permission.STORIES_STORY_REVIEW
_WAITING = (IN_REVIEW, AWAITING_SECOND)
MAX_QUEUE = 50


def _card(session: Session, actor: Actor, story: Story) -> ReviewCard:
    approvers = {story.first_approver_id, story.second_approver_id} - {None}
    return ReviewCard(
        id=story.id, title=story.title, body=story.body,
        content_warnings=story.content_warnings, byline=byline_of(session, story),
        audience=story.audience, status=story.status, approvals=len(approvers),
        approved_by_me=actor.id in approvers,
        safety=safety_read(session, story.body, story.title),
    )


def _access_waiting(session: Session, actor: Actor, story_id: object) -> Story:
    """A story waiting for review that this moderator may review (never her own)."""
    require(actor, REVIEW)
    story = session.get(Story, parse_id(story_id))
    if story is None or story.status not in _WAITING or story.author_id == actor.id:
        raise NotFound()
    return story


def review_queue(*, session: Session, actor: Actor) -> tuple[ReviewCard, ...]:
    """Stories waiting for a moderator, oldest first; her own never appear."""
    require(actor, REVIEW)
    stories = session.execute(
        select(Story).where(Story.status.in_(_WAITING), Story.author_id != actor.id)
        .order_by(Story.updated_at, Story.id).limit(MAX_QUEUE)).scalars().all()
    audit.record(session, actor=actor, action="stories.queue_read", target_type="story")
    session.commit()
    return tuple(_card(session, actor, story) for story in stories)


def approve_story(*, session: Session, actor: Actor, story_id: object) -> ReviewCard:
    """Approve this text. Members-only: one approval. Public: the second approval must
    come from a different moderator. Either way the author confirms before it publishes."""
    story = _access_waiting(session, actor, story_id)
    if story.status == AWAITING_SECOND:
        if story.first_approver_id == actor.id:
            raise ServiceError("stories.second_moderator_needed")
        story.second_approver_id = actor.id
        story.status = APPROVED
    else:
        story.first_approver_id = actor.id
        story.status = AWAITING_SECOND if story.audience == PUBLIC else APPROVED
    story.updated_at = utcnow()
    session.add(StoryReview(story_id=story.id, moderator_id=actor.id, decision="approve"))
    audit.record(session, actor=actor, action="stories.approve", target_type="story",
                 target_id=story.id)
    session.commit()
    return _card(session, actor, story)


def return_story(*, session: Session, actor: Actor, story_id: object,
                 note: object) -> None:
    """Send it back to its author with a kind note saying what to look at."""
    story = _access_waiting(session, actor, story_id)
    text = clean_line(note, max_length=NOTE_MAX, empty_key="stories.note_needed")
    story.status = RETURNED
    story.first_approver_id = None
    story.second_approver_id = None
    story.updated_at = utcnow()
    session.add(StoryReview(story_id=story.id, moderator_id=actor.id, decision="return",
                            note=text))
    audit.record(session, actor=actor, action="stories.return", target_type="story",
                 target_id=story.id)
    session.commit()


def held_replies(*, session: Session, actor: Actor) -> tuple[HeldReply, ...]:
    require(actor, REVIEW)
    rows = session.execute(
        select(StoryReply, Story.title, User.display_name)
        .join(Story, Story.id == StoryReply.story_id)
        .join(User, User.id == StoryReply.author_id)
        .where(StoryReply.status == "held", Story.status == PUBLISHED,
               StoryReply.author_id != actor.id)
        .order_by(StoryReply.id).limit(MAX_QUEUE)).all()
    return tuple(HeldReply(reply.id, title, reply.body, name) for reply, title, name in rows)


def _access_held_reply(session: Session, actor: Actor, reply_id: object) -> StoryReply:
    require(actor, REVIEW)
    reply = session.get(StoryReply, parse_id(reply_id))
    if reply is None or reply.status != "held" or reply.author_id == actor.id:
        raise NotFound()
    return reply


def approve_reply(*, session: Session, actor: Actor, reply_id: object) -> None:
    reply = _access_held_reply(session, actor, reply_id)
    reply.status = "approved"
    audit.record(session, actor=actor, action="stories.reply_approve",
                 target_type="story_reply", target_id=reply.id)
    session.commit()


def reject_reply(*, session: Session, actor: Actor, reply_id: object) -> None:
    reply = _access_held_reply(session, actor, reply_id)
    reply.status = "rejected"
    audit.record(session, actor=actor, action="stories.reply_reject",
                 target_type="story_reply", target_id=reply.id)
    session.commit()
