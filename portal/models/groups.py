"""Support groups and their moderation: groups, memberships, threads, posts, reactions,
flags, anonymous mutes, watched words, the review queue, moderation history and members'
standing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.models.types import utc_column as _utc_column
from portal.models.types import utcnow


class SupportGroup(SQLModel, table=True):
    __tablename__ = "support_groups"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    # Case-folded name: two groups never look the same in a list.
    name_key: str = Field(max_length=80, unique=True)
    purpose: str = Field(default="", max_length=500)
    rules: str = Field(default="", max_length=2000)
    language: str = Field(default="en", max_length=8)
    visibility: str = Field(default="open", max_length=16)
    allow_anonymous: bool = Field(default=False)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class GroupMembership(SQLModel, table=True):
    __tablename__ = "group_memberships"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="support_groups.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    role: str = Field(default="member", max_length=16)
    status: str = Field(default="active", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class GroupThread(SQLModel, table=True):
    """A conversation; its status follows its opening post's."""

    __tablename__ = "group_threads"
    # The feed: newest activity first within a group, paged by (last_activity_at, id).
    __table_args__ = (
        Index("ix_group_threads_feed", "group_id", "last_activity_at", "id"),
        # The few pinned threads, found without walking the feed.
        Index("ix_group_threads_pinned", "group_id", "pinned"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="support_groups.id", ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="users.id", index=True,
                                  ondelete="SET NULL")
    title: str = Field(max_length=120)
    content_warning: str = Field(default="", max_length=100)
    anonymous: bool = Field(default=False)
    status: str = Field(default="held", max_length=16)
    locked: bool = Field(default=False)
    pinned: bool = Field(default=False)
    reply_count: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    last_activity_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class GroupPost(SQLModel, table=True):
    """A post. ``body`` is Markdown already cleaned by ``portal.domain.sanitize``."""

    __tablename__ = "group_posts"
    __table_args__ = (
        Index("ix_group_posts_thread", "thread_id", "id"),
        # Rate limits and trust: an author's recent posts.
        Index("ix_group_posts_author_created", "author_id", "created_at"),
        # Programme insights count posts by week: covering, so no row is read.
        Index("ix_insights_group_posts_created", "created_at", "author_id", "is_opening",
              "status", "held_reasons"),
    )

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="group_threads.id", ondelete="CASCADE")
    group_id: int = Field(foreign_key="support_groups.id", index=True, ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    is_opening: bool = Field(default=False)
    body: str = Field(sa_column=Column(Text, nullable=False))
    content_warning: str = Field(default="", max_length=100)
    anonymous: bool = Field(default=False)
    status: str = Field(default="held", max_length=16)
    # Comma-separated HoldReason values, for the moderator.
    held_reasons: str = Field(default="", max_length=200)
    urgent: bool = Field(default=False)
    # What the author reads when a post is not published ("canned:<code>" or written text).
    rejection_reason: str = Field(default="", max_length=500)
    edited_by_moderator: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    edited_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    # Flags older than the last review do not count towards hiding it again.
    reviewed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class PostReaction(SQLModel, table=True):
    __tablename__ = "group_post_reactions"
    __table_args__ = (UniqueConstraint("post_id", "user_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="group_posts.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class PostFlag(SQLModel, table=True):
    __tablename__ = "group_post_flags"
    __table_args__ = (
        UniqueConstraint("post_id", "flagger_id"),
        Index("ix_group_post_flags_flagger_created", "flagger_id", "created_at"),
        Index("ix_insights_post_flags_created", "created_at", "flagger_id", "reason"),
    )

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="group_posts.id", ondelete="CASCADE")
    flagger_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    reason: str = Field(max_length=32)
    note: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class AnonymousMute(SQLModel, table=True):
    """A member stopped seeing the posts another member writes without a name, having
    blocked them from an anonymous post. It hides only anonymous posts and threads from
    the muter; named posts, blocks, matching and mentoring never read it, so nothing
    links the anonymous author to their name. ``post_id`` is the post it was made from,
    for site moderators."""

    __tablename__ = "anonymous_mutes"
    __table_args__ = (UniqueConstraint("muter_id", "hidden_author_id"),)

    id: int | None = Field(default=None, primary_key=True)
    muter_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    hidden_author_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    post_id: int | None = Field(default=None, foreign_key="group_posts.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class WatchedWordEntry(SQLModel, table=True):
    """A moderator-managed watched word; seeded from DEFAULT_WATCHED_WORDS when empty."""

    __tablename__ = "watched_words"
    __table_args__ = (UniqueConstraint("pattern", "category", "is_regex"),)

    id: int | None = Field(default=None, primary_key=True)
    pattern: str = Field(max_length=200)
    category: str = Field(max_length=24)
    is_regex: bool = Field(default=False)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class ReviewQueueItem(SQLModel, table=True):
    """Something waiting for a moderator: a post, or a reported private message."""

    __tablename__ = "review_items"
    # The queue: unresolved, urgent first, then oldest.
    __table_args__ = (Index("ix_review_items_queue", "resolved", "urgent", "created_at"),
                      Index("ix_insights_review_items_created", "created_at", "author_id",
                            "urgent", "resolved_at", "reasons"))

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="post", max_length=16)
    post_id: int | None = Field(default=None, foreign_key="group_posts.id", index=True,
                                ondelete="CASCADE")
    # The mentoring capability's report id (no foreign key: that table is theirs).
    message_report_id: int | None = Field(default=None, index=True)
    # A private message held before delivery (kind held_message; no foreign key either).
    mentor_message_id: int | None = Field(default=None, index=True)
    group_id: int | None = Field(default=None, foreign_key="support_groups.id",
                                 ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="users.id", index=True,
                                  ondelete="SET NULL")
    reasons: str = Field(default="", max_length=200)
    urgent: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    claimed_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    claimed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    resolved: bool = Field(default=False)
    resolved_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    resolved_by_id: int | None = Field(default=None, foreign_key="users.id",
                                       ondelete="SET NULL")
    outcome: str = Field(default="", max_length=24)
    # What a member wrote to staff (kind staff_contact); empty for every other kind.
    note: str = Field(default="", max_length=1000)


class ModerationRecord(SQLModel, table=True):
    """One moderator action, for the history and the author's standing.

    It outlives the member's account: ``target_user_id`` becomes NULL (a former member),
    ``subject_erased_at`` is set, and the record is purged after the evidence retention
    period (settings).
    """

    __tablename__ = "moderation_actions"
    __table_args__ = (Index("ix_moderation_actions_target_created", "target_user_id",
                            "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    moderator_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    target_user_id: int | None = Field(default=None, foreign_key="users.id",
                                       ondelete="SET NULL")
    group_id: int | None = Field(default=None, foreign_key="support_groups.id", index=True,
                                 ondelete="SET NULL")
    post_id: int | None = Field(default=None, foreign_key="group_posts.id", ondelete="SET NULL")
    thread_id: int | None = Field(default=None, foreign_key="group_threads.id",
                                  ondelete="SET NULL")
    action: str = Field(max_length=24)
    reason: str = Field(default="", max_length=500)
    until: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(index=True))
    subject_erased_at: datetime | None = Field(default=None,
                                               sa_column=_utc_column(nullable=True, index=True))


class GroupMute(SQLModel, table=True):
    """A pause on posting in one group, set by that group's moderator."""

    __tablename__ = "group_mutes"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="support_groups.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    muted_until: datetime = Field(sa_column=_utc_column())


class MemberStanding(SQLModel, table=True):
    """Trust and limits for one member (kept apart from the users table)."""

    __tablename__ = "member_standing"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    approved_posts: int = Field(default=0)
    rejected_posts: int = Field(default=0)
    warnings: int = Field(default=0)
    muted_until: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
