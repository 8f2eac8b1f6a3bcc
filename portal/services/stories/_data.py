"""Stories in 'My data': her stories (with their status and moderators' notes), her
reactions and replies, exported; all of it erased for real when she deletes her account.
Moderators' names are never exported with a review (only the decision and the note)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from portal.models.stories import MentorStoryLink, Story, StoryReaction, StoryReply, StoryReview


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _export_stories(session: Session, user_id: int) -> dict[str, Any]:
    stories = session.execute(
        select(Story).where(Story.author_id == user_id).order_by(Story.id)).scalars().all()
    reviews = session.execute(
        select(StoryReview.story_id, StoryReview.decision, StoryReview.note,
               StoryReview.created_at)
        .join(Story, Story.id == StoryReview.story_id)
        .where(Story.author_id == user_id).order_by(StoryReview.id)).all()
    reactions = session.execute(
        select(StoryReaction.story_id, StoryReaction.kind, StoryReaction.created_at)
        .where(StoryReaction.user_id == user_id).order_by(StoryReaction.id)).all()
    replies = session.execute(
        select(StoryReply.story_id, StoryReply.body, StoryReply.status, StoryReply.created_at)
        .where(StoryReply.author_id == user_id).order_by(StoryReply.id)).all()
    linked = session.get(MentorStoryLink, user_id)
    return {
        "stories": [{
            "title": s.title, "body": s.body, "content_warnings": s.content_warnings,
            "audience": s.audience, "signature": s.signature, "pen_name": s.pen_name,
            "allow_replies": s.allow_replies, "search_engines": s.search_engines,
            "status": s.status, "created": _iso(s.created_at),
            "published": _iso(s.published_at),
            "reviews": [{"decision": decision, "note": note, "when": _iso(when)}
                        for story_id, decision, note, when in reviews if story_id == s.id],
        } for s in stories],
        "reactions": [{"story": story_id, "kind": kind, "when": _iso(when)}
                      for story_id, kind, when in reactions],
        "replies": [{"story": story_id, "body": body, "status": status, "when": _iso(when)}
                    for story_id, body, status, when in replies],
        "story_on_mentor_profile": linked.story_id if linked else None,
    }


def _erase_stories(session: Session, user_id: int, _keep_posts: bool) -> None:
    own = select(Story.id).where(Story.author_id == user_id).scalar_subquery()
    session.execute(delete(MentorStoryLink).where(MentorStoryLink.mentor_id == user_id))
    for model in (StoryReaction, StoryReply, StoryReview, MentorStoryLink):
        session.execute(delete(model).where(model.story_id.in_(own)))
    session.execute(delete(Story).where(Story.author_id == user_id))
    session.execute(delete(StoryReaction).where(StoryReaction.user_id == user_id))
    session.execute(delete(StoryReply).where(StoryReply.author_id == user_id))
    session.execute(update(StoryReview).where(StoryReview.moderator_id == user_id)
                    .values(moderator_id=None))
    for column in (Story.first_approver_id, Story.second_approver_id):
        session.execute(update(Story).where(column == user_id).values({column.key: None}))


# What "My data" shows and erases for this capability (wired in services.wiring).
EXPORTERS = {
    "stories": _export_stories,
}
ERASER = _erase_stories
