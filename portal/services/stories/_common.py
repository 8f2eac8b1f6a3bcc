"""What the stories modules share: the vocabulary, access to a story by id, bylines and
the safety read."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, require
from portal.domain.story_safety import find_identifying_details
from portal.models import User
from portal.models.stories import Story
from portal.services.errors import NotFound, parse_id
from portal.services.moderation.watched_words import current_watch_list
from portal.services.stories.views import Highlight, SafetyRead, Segment

MEMBERS = "members"
PUBLIC = "public"
AUDIENCES = (MEMBERS, PUBLIC)
PSEUDONYM, PEN_NAME, ANONYMOUS = "pseudonym", "pen_name", "anonymous"
SIGNATURES = (PSEUDONYM, PEN_NAME, ANONYMOUS)

DRAFT = "draft"
IN_REVIEW = "in_review"
RETURNED = "returned"
AWAITING_SECOND = "awaiting_second"
APPROVED = "approved"  # by the moderators it needs; waiting for the author to confirm
PUBLISHED = "published"
UNPUBLISHED = "unpublished"

# Supportive reactions only: there is no way to disagree with someone's life.
REACTIONS = ("with_you", "thank_you", "strength")

TITLE_MAX = 120
BODY_MAX = 20_000
WARNINGS_MAX = 200
NOTE_MAX = 1000
REPLY_MAX = 2000


def month_of(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m") if moment else ""


def byline_of(session: Session, story: Story) -> str:
    """The name a story is signed with: her pseudonym or pen name if she chose one."""
    if story.signature == PEN_NAME:
        return story.pen_name
    if story.signature == PSEUDONYM:
        author = session.get(User, story.author_id)
        return author.display_name if author else ""
    return ""


def access_own_story(session: Session, actor: Actor, story_id: object) -> Story:
    """The actor's own story; anybody else's is simply not found."""
    require(actor, Permission.STORIES_STORY_WRITE)
    story = session.get(Story, parse_id(story_id))
    if story is None or story.author_id != actor.id:
        raise NotFound()
    require(actor, Permission.STORIES_STORY_WRITE, _Owned(story.author_id))
    return story


class _Owned:
    def __init__(self, owner_id: int) -> None:
        self.owner_id = owner_id


def _read_text(text: str, watched) -> tuple[tuple[Highlight, ...], tuple[Segment, ...]]:
    findings = find_identifying_details(text, watched=watched)
    highlights = tuple(
        Highlight(index, f.start, f.end, f.kind.value, f.text, f.replacement)
        for index, f in enumerate(findings)
    )
    segments: list[Segment] = []
    position = 0
    for highlight in highlights:
        if highlight.start > position:
            segments.append(Segment(text[position:highlight.start], "", -1))
        segments.append(Segment(highlight.text, highlight.kind, highlight.index))
        position = highlight.end
    if position < len(text):
        segments.append(Segment(text[position:], "", -1))
    return highlights, tuple(segments)


def safety_read(session: Session, text: str, title: str = "") -> SafetyRead:
    """The safety read of a story's body and, found separately, of its title."""
    watched = current_watch_list(session)
    highlights, segments = _read_text(text, watched)
    title_details, title_segments = _read_text(title, watched) if title else ((), ())
    return SafetyRead(highlights, segments, title_details, title_segments)
