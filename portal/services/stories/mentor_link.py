"""A mentor's own story, linked from her mentor profile (issue 18, item 6), so survivors
can find mentors whose path resembles theirs.

Only a published story that the mentor wrote and signed with her pseudonym may be
linked: her profile already shows that name, so linking an anonymous or pen-name story
would tell readers who wrote it. The rules are checked when she links it and again on
every read, so unpublishing, re-signing or deleting the story removes the link at once.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, can, require
from portal.models.stories import MentorStoryLink, Story
from portal.services.accounts.blocks import blocked_either_way
from portal.services.errors import NotFound, ServiceError
from portal.services.mentoring.common import access_approved_mentor
from portal.services.stories._common import PSEUDONYM, PUBLISHED, access_own_story
from portal.services.stories.views import ProfileStory, ProfileStoryChoice


def _linkable(story: Story | None, mentor_id: int) -> bool:
    return (story is not None and story.author_id == mentor_id
            and story.status == PUBLISHED and story.author_confirmed
            and story.signature == PSEUDONYM)


def my_profile_story_choice(*, session: Session, actor: Actor) -> ProfileStoryChoice:
    """Which of her stories she may link from her mentor profile, and the one she did.
    Members who are not mentors have no profile: nothing to choose."""
    require(actor, Permission.STORIES_STORY_WRITE)
    if not can(actor, Permission.MENTORING_MENTOR_MANAGE):
        return ProfileStoryChoice(linkable_ids=(), linked_id=0)
    ids = session.execute(
        select(Story.id).where(Story.author_id == actor.id, Story.status == PUBLISHED,
                               Story.author_confirmed.is_(True),
                               Story.signature == PSEUDONYM).order_by(Story.id)
    ).scalars().all()
    link = session.get(MentorStoryLink, actor.id)
    linked = link.story_id if link is not None and link.story_id in ids else 0
    return ProfileStoryChoice(linkable_ids=tuple(ids), linked_id=linked)


def link_story_to_profile(*, session: Session, actor: Actor, story_id: object) -> None:
    """Show this story on her mentor profile (replacing any other she linked)."""
    require(actor, Permission.MENTORING_MENTOR_MANAGE)
    story = access_own_story(session, actor, story_id)
    if not _linkable(story, actor.id):
        raise ServiceError("stories.link_needs_pseudonym")
    link = session.get(MentorStoryLink, actor.id)
    if link is None:
        session.add(MentorStoryLink(mentor_id=actor.id, story_id=story.id))
    else:
        link.story_id = story.id
    session.commit()


def unlink_story_from_profile(*, session: Session, actor: Actor) -> None:
    """Take the story off her mentor profile. The story itself is untouched."""
    require(actor, Permission.STORIES_STORY_WRITE)
    session.execute(delete(MentorStoryLink).where(MentorStoryLink.mentor_id == actor.id))
    session.commit()


def mentor_profile_story(*, session: Session, actor: Actor,
                         mentor_id: object) -> ProfileStory | None:
    """The story the mentor linked, if it may still be read: checked now, not when she
    linked it. Only for someone allowed to see this mentor's profile (as
    ``mentoring.mentor_details``); a reader who may not read stories sees no link."""
    mentor, _ = access_approved_mentor(session, actor, mentor_id)
    if mentor.id in blocked_either_way(session, actor.id):
        raise NotFound()
    if not can(actor, Permission.STORIES_STORY_READ):
        return None
    link = session.get(MentorStoryLink, mentor.id)
    if link is None:
        return None
    story = session.get(Story, link.story_id)
    if not _linkable(story, mentor.id):
        return None
    return ProfileStory(id=story.id, title=story.title)
