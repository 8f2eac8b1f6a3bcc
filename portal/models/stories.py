"""Stories: a survivor's own account, read by members or, by her choice, the public.

The author's id lives only on ``stories.author_id`` and ``story_replies.author_id``;
no view ever carries it (anonymous authorship is never revealed, to anyone).
A deleted story is gone: its reviews, reactions and replies cascade with it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.models.types import utc_column as _utc_column
from portal.models.types import utcnow


class Story(SQLModel, table=True):
    __tablename__ = "stories"
    __table_args__ = (
        Index("ix_stories_status_published", "status", "published_at"),
        Index("ix_stories_author", "author_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    author_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    title: str = Field(max_length=120)
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    content_warnings: str = Field(default="", max_length=200)
    # "members" or "public" (members read it too).
    audience: str = Field(default="members", max_length=16)
    # "pseudonym", "pen_name" or "anonymous".
    signature: str = Field(default="anonymous", max_length=16)
    pen_name: str = Field(default="", max_length=40)
    allow_replies: bool = Field(default=False)
    search_engines: bool = Field(default=False)
    # draft, in_review, returned, awaiting_second, approved, published, unpublished
    status: str = Field(default="draft", max_length=16)
    author_confirmed: bool = Field(default=False)
    # The moderators whose approvals count for the current text (cleared on every edit).
    first_approver_id: int | None = Field(default=None, foreign_key="users.id",
                                          ondelete="SET NULL")
    second_approver_id: int | None = Field(default=None, foreign_key="users.id",
                                           ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    published_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class StoryReview(SQLModel, table=True):
    """A moderator's decision on one version of a story: "approve" or "return" with a note."""

    __tablename__ = "story_reviews"

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="stories.id", ondelete="CASCADE", index=True)
    moderator_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    decision: str = Field(max_length=16)
    note: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class StoryReaction(SQLModel, table=True):
    """A supportive reaction: one of each kind per reader and story."""

    __tablename__ = "story_reactions"
    __table_args__ = (
        UniqueConstraint("story_id", "user_id", "kind", name="uq_story_reactions_reader_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="stories.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class StoryReply(SQLModel, table=True):
    """A member's reply to a member-only story whose author allows them: held until a
    moderator approves it."""

    __tablename__ = "story_replies"

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="stories.id", ondelete="CASCADE", index=True)
    author_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    # "held", "approved" or "rejected"
    status: str = Field(default="held", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class MentorStoryLink(SQLModel, table=True):
    """The one story a mentor chose to show on her mentor profile (issue 18, item 6).

    Only a published story she wrote and signed with her pseudonym may be linked; the
    services check that again every time the profile is read, so unpublishing, re-signing
    or deleting the story takes the link away at once.
    """

    __tablename__ = "mentor_story_links"

    mentor_id: int = Field(foreign_key="users.id", ondelete="CASCADE", primary_key=True)
    story_id: int = Field(foreign_key="stories.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
