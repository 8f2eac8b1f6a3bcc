"""A survivor's own stories: write and edit, the safety read and its one-tap swaps,
submit for review, confirm the final text, unpublish or delete at any time.

Every change here is hers alone and takes effect at once: readers load stories from the
database on every visit, so an unpublished or deleted story is gone from the next read.
Any edit of a story that was submitted sends it back to review and clears its
approvals: nothing is published that a moderator and its author have not both seen.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlmodel import Session

from portal.domain.names import NameRefused, validate_display_name
from portal.domain.permissions import Actor, Permission, require
from portal.domain.story_safety import find_identifying_details
from portal.domain.story_safety import replace_detail as _replace_in_text
from portal.models.stories import MentorStoryLink, Story, StoryReaction, StoryReply, StoryReview
from portal.models.types import utcnow
from portal.services.errors import ServiceError
from portal.services.groups.posts import clean_body, clean_line
from portal.services.moderation.watched_words import current_watch_list
from portal.services.stories._common import (
    APPROVED,
    AUDIENCES,
    AWAITING_SECOND,
    BODY_MAX,
    DRAFT,
    IN_REVIEW,
    MEMBERS,
    PEN_NAME,
    PUBLIC,
    PUBLISHED,
    RETURNED,
    SIGNATURES,
    TITLE_MAX,
    UNPUBLISHED,
    WARNINGS_MAX,
    access_own_story,
    month_of,
    safety_read,
)
from portal.services.stories.views import MyStory

_EDITABLE_WITHOUT_REVIEW = (DRAFT, RETURNED, UNPUBLISHED)
_SUBMITTABLE = (DRAFT, RETURNED, UNPUBLISHED)
UNPUBLISH_SCOPES = ("public", "everywhere")
SWAP_PARTS = ("body", "title")


def _choice(value: object, allowed: tuple[str, ...], key: str) -> str:
    text = str(value or "").strip()
    if text not in allowed:
        raise ServiceError(key)
    return text


def _pen_name(raw: object) -> str:
    try:
        return validate_display_name(str(raw or ""))
    except NameRefused as refused:
        raise ServiceError(refused.code) from None


def _my_view(session: Session, story: Story) -> MyStory:
    notes = session.execute(
        select(StoryReview.note).where(StoryReview.story_id == story.id,
                                       StoryReview.decision == "return")
        .order_by(StoryReview.id.desc())).scalars().all()
    return MyStory(
        id=story.id, title=story.title, body=story.body,
        content_warnings=story.content_warnings, audience=story.audience,
        signature=story.signature, pen_name=story.pen_name,
        allow_replies=story.allow_replies, search_engines=story.search_engines,
        status=story.status, notes=tuple(note for note in notes if note),
        month=month_of(story.published_at) if story.status == PUBLISHED else "",
        safety=safety_read(session, story.body, story.title),
    )


def _back_to_review(story: Story) -> None:
    """The text changed: earlier approvals and her confirmation no longer count."""
    if story.status not in _EDITABLE_WITHOUT_REVIEW:
        story.status = IN_REVIEW
    story.first_approver_id = None
    story.second_approver_id = None
    story.author_confirmed = False


def save_story(*, session: Session, actor: Actor, story_id: object = None, title: object,
               body: object, content_warnings: object = "", audience: object = MEMBERS,
               signature: object = "anonymous", pen_name: object = "",
               allow_replies: object = False, search_engines: object = False) -> MyStory:
    """Create a draft (no ``story_id``) or edit her story. Editing a story that was
    submitted or published sends it back to review at once."""
    require(actor, Permission.STORIES_STORY_WRITE)
    story = None if story_id in (None, "") else access_own_story(session, actor, story_id)
    fields = {
        "title": clean_line(title, max_length=TITLE_MAX, empty_key="stories.title_needed"),
        "body": clean_body(body, max_length=BODY_MAX),
        "content_warnings": clean_line(content_warnings, max_length=WARNINGS_MAX),
        "audience": _choice(audience, AUDIENCES, "stories.audience_unknown"),
        "signature": _choice(signature, SIGNATURES, "stories.signature_unknown"),
        "allow_replies": allow_replies is True,
        "search_engines": search_engines is True,
    }
    fields["pen_name"] = _pen_name(pen_name) if fields["signature"] == PEN_NAME else ""
    if fields["audience"] == PUBLIC:
        fields["allow_replies"] = False  # no comments on public stories
    else:
        fields["search_engines"] = False
    now = utcnow()
    if story is None:
        story = Story(author_id=actor.id, status=DRAFT, created_at=now, **fields)
        session.add(story)
    else:
        changed = any(getattr(story, name) != value for name, value in fields.items())
        if changed:
            for name, value in fields.items():
                setattr(story, name, value)
            _back_to_review(story)
    story.updated_at = now
    session.commit()
    return _my_view(session, story)


def my_stories(*, session: Session, actor: Actor) -> tuple[MyStory, ...]:
    require(actor, Permission.STORIES_STORY_WRITE)
    stories = session.execute(
        select(Story).where(Story.author_id == actor.id).order_by(Story.updated_at.desc(),
                                                                    Story.id.desc())
    ).scalars().all()
    return tuple(_my_view(session, story) for story in stories)


def replace_detail(*, session: Session, actor: Actor, story_id: object, start: object,
                   end: object, part: object = "body") -> MyStory:
    """The one-tap swap: the highlighted detail at ``start``-``end`` of the body (or, with
    ``part="title"``, of the title) becomes its neutral word. Only a detail the safety read
    found right now can be swapped."""
    story = access_own_story(session, actor, story_id)
    chosen = _choice(part, SWAP_PARTS, "stories.detail_moved")
    text = story.title if chosen == "title" else story.body
    findings = find_identifying_details(text, watched=current_watch_list(session))
    finding = next((f for f in findings if (f.start, f.end) == (start, end)), None)
    if finding is None:
        raise ServiceError("stories.detail_moved")
    swapped = _replace_in_text(text, start=finding.start, end=finding.end,
                               replacement=finding.replacement)
    if chosen == "title":
        story.title = clean_line(swapped, max_length=TITLE_MAX,
                                 empty_key="stories.title_needed")
    else:
        story.body = swapped
    _back_to_review(story)
    story.updated_at = utcnow()
    session.commit()
    return _my_view(session, story)


def submit_story(*, session: Session, actor: Actor, story_id: object) -> MyStory:
    """Send it to the moderators. Nobody else reads it before they have."""
    story = access_own_story(session, actor, story_id)
    if story.status not in _SUBMITTABLE:
        raise ServiceError("stories.already_submitted")
    story.status = IN_REVIEW
    _back_to_review(story)
    story.updated_at = utcnow()
    session.commit()
    return _my_view(session, story)


def confirm_story(*, session: Session, actor: Actor, story_id: object) -> MyStory:
    """She has read the approved text and publishes it. Without this, nothing publishes."""
    story = access_own_story(session, actor, story_id)
    if story.status != APPROVED:
        raise ServiceError("stories.not_approved_yet")
    now = utcnow()
    story.status = PUBLISHED
    story.author_confirmed = True
    story.published_at = now
    story.updated_at = now
    session.commit()
    return _my_view(session, story)


def unpublish_story(*, session: Session, actor: Actor, story_id: object,
                    scope: object) -> MyStory:
    """Take it off the public page only (members still read it) or off everywhere.
    No reason asked; it is gone for the next reader."""
    story = access_own_story(session, actor, story_id)
    chosen = _choice(scope, UNPUBLISH_SCOPES, "stories.scope_unknown")
    if chosen == "public":
        if story.audience != PUBLIC:
            raise ServiceError("stories.not_public")
        story.audience = MEMBERS
        story.search_engines = False
        if story.status == AWAITING_SECOND:
            story.status = APPROVED  # one moderator is enough for members
    else:
        if story.status not in (PUBLISHED, APPROVED, AWAITING_SECOND, IN_REVIEW):
            raise ServiceError("stories.not_published")
        story.status = UNPUBLISHED
        story.author_confirmed = False
        story.first_approver_id = None
        story.second_approver_id = None
    story.updated_at = utcnow()
    session.commit()
    return _my_view(session, story)


def delete_story(*, session: Session, actor: Actor, story_id: object) -> None:
    """Gone for good: the story, its reviews, reactions and replies (and the link from
    her mentor profile, if she had one)."""
    story = access_own_story(session, actor, story_id)
    for model in (StoryReaction, StoryReply, StoryReview, MentorStoryLink):
        session.execute(delete(model).where(model.story_id == story.id))
    session.delete(story)
    session.commit()
