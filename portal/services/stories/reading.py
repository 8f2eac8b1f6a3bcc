"""Reading stories: the members' feed (published stories, newest first), supportive
reactions, held replies on member-only stories whose author allows them, and the public
Voices page, which shows public stories only and needs no sign-in.

Every read goes to the database: a story unpublished or deleted a moment ago is not in
the next reader's page.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, require
from portal.models import User
from portal.models.stories import Story, StoryReaction, StoryReply
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups.posts import clean_body
from portal.services.stories._common import (
    MEMBERS,
    PUBLIC,
    PUBLISHED,
    REACTIONS,
    REPLY_MAX,
    byline_of,
    month_of,
)
from portal.services.stories.views import PublicStory, ReplyView, StoryCard

FEED_SIZE = 30
VOICES_SIZE = 30


def _published():
    return select(Story).where(Story.status == PUBLISHED, Story.author_confirmed.is_(True))


def _access_published(session: Session, actor: Actor, story_id: object) -> Story:
    require(actor, Permission.STORIES_STORY_READ)
    story = session.get(Story, parse_id(story_id))
    if story is None or story.status != PUBLISHED or not story.author_confirmed:
        raise NotFound()
    return story


def _replies(session: Session, actor: Actor, story: Story) -> tuple[ReplyView, ...]:
    if story.audience != MEMBERS:
        return ()
    rows = session.execute(
        select(StoryReply, User.display_name).join(User, User.id == StoryReply.author_id)
        .where(StoryReply.story_id == story.id,
               (StoryReply.status == "approved")
               | ((StoryReply.status == "held") & (StoryReply.author_id == actor.id)))
        .order_by(StoryReply.id)).all()
    return tuple(ReplyView(reply.id, reply.body, name, reply.author_id == actor.id,
                           reply.status == "held") for reply, name in rows)


def _card(session: Session, actor: Actor, story: Story) -> StoryCard:
    counts = dict(session.execute(
        select(StoryReaction.kind, func.count(StoryReaction.id))
        .where(StoryReaction.story_id == story.id).group_by(StoryReaction.kind)).all())
    mine = session.execute(
        select(StoryReaction.kind).where(StoryReaction.story_id == story.id,
                                         StoryReaction.user_id == actor.id)).scalars().all()
    return StoryCard(
        id=story.id, title=story.title, body=story.body,
        content_warnings=story.content_warnings, byline=byline_of(session, story),
        month=month_of(story.published_at), public=story.audience == PUBLIC,
        reactions=tuple((kind, counts.get(kind, 0)) for kind in REACTIONS),
        my_reactions=tuple(kind for kind in REACTIONS if kind in mine),
        replies=_replies(session, actor, story),
        can_reply=story.audience == MEMBERS and story.allow_replies,
        mine=story.author_id == actor.id,
    )


def read_feed(*, session: Session, actor: Actor) -> tuple[StoryCard, ...]:
    """Published stories for members, newest first."""
    require(actor, Permission.STORIES_STORY_READ)
    stories = session.execute(
        _published().order_by(Story.published_at.desc(), Story.id.desc()).limit(FEED_SIZE)
    ).scalars().all()
    return tuple(_card(session, actor, story) for story in stories)


def toggle_reaction(*, session: Session, actor: Actor, story_id: object,
                    kind: object) -> StoryCard:
    """Add one of the supportive reactions, or take hers back."""
    require(actor, Permission.STORIES_STORY_REACT)
    story = _access_published(session, actor, story_id)
    if kind not in REACTIONS:
        raise ServiceError("stories.reaction_unknown")
    existing = session.execute(
        select(StoryReaction).where(StoryReaction.story_id == story.id,
                                    StoryReaction.user_id == actor.id,
                                    StoryReaction.kind == kind)).scalar_one_or_none()
    if existing is None:
        session.add(StoryReaction(story_id=story.id, user_id=actor.id, kind=str(kind)))
    else:
        session.delete(existing)
    try:
        session.commit()
    except IntegrityError:  # the same tap twice at once: one reaction either way
        session.rollback()
    return _card(session, actor, story)


def add_reply(*, session: Session, actor: Actor, story_id: object, body: object) -> StoryCard:
    """A reply to a member-only story whose author allows replies. A moderator reads it
    before anyone else does; until then only its writer sees it."""
    require(actor, Permission.STORIES_STORY_REACT)
    story = _access_published(session, actor, story_id)
    if story.audience != MEMBERS or not story.allow_replies:
        raise ServiceError("stories.replies_closed")
    session.add(StoryReply(story_id=story.id, author_id=actor.id,
                           body=clean_body(body, max_length=REPLY_MAX)))
    session.commit()
    return _card(session, actor, story)


def _public(session: Session, story: Story) -> PublicStory:
    return PublicStory(id=story.id, title=story.title, body=story.body,
                       content_warnings=story.content_warnings,
                       byline=byline_of(session, story), month=month_of(story.published_at),
                       indexable=story.search_engines)


def public_stories(*, session: Session) -> tuple[PublicStory, ...]:
    """The Voices page: public stories only, for anyone, signed in or not."""
    stories = session.execute(
        _published().where(Story.audience == PUBLIC)
        .order_by(Story.published_at.desc(), Story.id.desc()).limit(VOICES_SIZE)
    ).scalars().all()
    return tuple(_public(session, story) for story in stories)


def read_story(*, session: Session, actor: Actor, story_id: object) -> StoryCard:
    """One published story for members (the link from a mentor's profile opens it)."""
    return _card(session, actor, _access_published(session, actor, story_id))


def public_story(*, session: Session, story_id: object) -> PublicStory:
    """One public story on its own Voices page, for anyone; anything else is not found."""
    story = session.get(Story, parse_id(story_id))
    if (story is None or story.status != PUBLISHED or not story.author_confirmed
            or story.audience != PUBLIC):
        raise NotFound()
    return _public(session, story)


def story_is_indexable(*, session: Session, story_id: object) -> bool:
    """May search engines index this story's own public page? Only a published public
    story whose author opted in. Read fresh on every request, so unpublishing or
    changing her mind takes effect at once. Public information only: no actor."""
    try:
        wanted = parse_id(story_id)
    except ServiceError:
        return False
    row = session.execute(
        select(Story.id).where(Story.id == wanted, Story.status == PUBLISHED,
                               Story.author_confirmed.is_(True), Story.audience == PUBLIC,
                               Story.search_engines.is_(True))).first()
    return row is not None
