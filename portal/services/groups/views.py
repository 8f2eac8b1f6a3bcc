"""Browser-safe views returned by the group and moderation services.

Never ORM rows. Anonymous posts carry no author name except for the group's
moderators; no view carries another member's account id except the moderator views
that need one to act (membership requests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class GroupView:
    id: int
    name: str
    purpose: str
    rules: str
    language: str
    visibility: str
    allow_anonymous: bool
    member_count: int
    my_status: str  # "" (not a member), "active", "requested", "invited" or "removed"
    my_role: str    # "", "member" or "moderator"
    can_moderate: bool = False
    can_assign_moderators: bool = False


@dataclass(frozen=True)
class MembershipRow:
    member_id: int
    display_name: str
    role: str
    status: str
    since: datetime


@dataclass(frozen=True)
class ThreadRow:
    id: int
    title: str
    content_warning: str
    author_name: str  # "" when anonymous to this viewer
    anonymous: bool
    by_me: bool
    status: str
    locked: bool
    pinned: bool
    reply_count: int
    last_activity_at: datetime


@dataclass(frozen=True)
class ThreadPage:
    rows: tuple[ThreadRow, ...]
    next_cursor: str  # "" on the last page
    pinned: tuple[ThreadRow, ...] = ()


@dataclass(frozen=True)
class PostView:
    id: int
    author_name: str  # "" when anonymous to this viewer
    anonymous: bool
    by_me: bool
    is_opening: bool
    body: str
    content_warning: str
    status: str
    # Shown to the author only: a catalog key for a canned reason, or the moderator's words.
    rejection_key: str
    rejection_text: str
    created_at: datetime
    edited_at: datetime | None
    edited_by_moderator: bool
    reactions: tuple[tuple[str, int], ...]
    my_reactions: tuple[str, ...]
    can_edit: bool
    can_delete: bool
    can_flag: bool
    can_block: bool
    can_hide: bool
    # She already reported it: no second report form is offered (issue 13, item 2).
    reported_by_me: bool = False


@dataclass(frozen=True)
class ThreadView:
    id: int
    group_id: int
    group_name: str
    title: str
    content_warning: str
    status: str
    locked: bool
    pinned: bool
    can_reply: bool
    can_moderate: bool
    allow_anonymous: bool
    posts: tuple[PostView, ...]
    next_after: int  # 0 when every post is shown
    # The rules she read the posts by (``feed.reader_mark``; "": not known): bookkeeping
    # for her tab's live pushes, not what she sees.
    reader_mark: str = field(default="", compare=False)


@dataclass(frozen=True)
class ThreadChanges:
    """A live refresh of an open thread (``read_thread_changes``): the thread with the
    posts the tab shows, as the viewer may see them now, how many new ones follow, and
    how many she may see now among them that the tab does not show (a held post approved
    after later replies, a hidden one restored): a reload would show those in place."""

    view: ThreadView
    newer: int
    earlier: int
    # The shown posts read again when not all of them were (None: all; ``view.posts``
    # holds those of them she may still see), and the reader's rules as read now
    # (``thread_changes.reader_mark``: bookkeeping for her tab, not what she sees).
    only: frozenset[int] | None = None
    reader_mark: str = field(default="", compare=False)


@dataclass(frozen=True)
class PostOutcome:
    """What happened to a new post. ``message_keys`` are for the author, in order."""

    thread_id: int
    post_id: int
    status: str  # "visible", "held" or "blocked"
    message_keys: tuple[str, ...]
    show_crisis_resources: bool
    message_params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class MemberNote:
    """A moderator's word to the member: a post not published, a warning, a pause."""

    at: datetime
    action: str
    reason_key: str
    reason_text: str
    until: datetime | None
    group_name: str = ""  # a pause on posting in this group only


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    action: str
    moderator_name: str
    reason_key: str
    reason_text: str
    until: datetime | None


@dataclass(frozen=True)
class AuthorCard:
    """What a moderator needs to judge an author: never an email or a real name."""

    display_name: str
    joined_at: datetime
    status: str
    trust: int
    approved_posts: int
    rejected_posts: int
    warnings: int
    muted_until: datetime | None
    history: tuple[HistoryEntry, ...]


@dataclass(frozen=True)
class MessageLine:
    """One private message shown to a site moderator with a reported or held one."""

    sender_name: str
    body: str
    at: datetime | None
    is_subject: bool  # the message the item is about (the others came just before it)


@dataclass(frozen=True)
class PrivateMessageCase:
    """What a site moderator needs to judge a private message."""

    report_reason: str  # a MessageReportReason value; "" for a message held before delivery
    reporter_name: str
    match_id: int
    match_active: bool
    lines: tuple[MessageLine, ...]


@dataclass(frozen=True)
class ContextPost:
    """A short excerpt of a post around a queued reply (no name on a post without one)."""

    post_id: int
    author_name: str
    anonymous: bool
    excerpt: str


@dataclass(frozen=True)
class ThreadContext:
    """What a queued reply answers: the post just before it, and the opening post when
    that is a different one (issue 13 item 10)."""

    replied_to: ContextPost | None
    opening: ContextPost | None


@dataclass(frozen=True)
class QueueItemView:
    id: int
    kind: str
    urgent: bool
    created_at: datetime
    reasons: tuple[str, ...]
    claimed_by_name: str
    claimed_by_me: bool
    group_name: str
    thread_id: int
    thread_title: str
    post_id: int
    body: str
    content_warning: str
    post_status: str
    anonymous: bool
    flags: tuple[tuple[str, int], ...]
    # What members who reported the post wrote for moderators (never who wrote it).
    flag_notes: tuple[str, ...]
    message_report_id: int
    message_excerpt: str
    author: AuthorCard | None
    case: PrivateMessageCase | None = None
    # A post without a name, shown to a group moderator: only site moderators see who.
    author_hidden: bool = False
    # Held for personal details or recruitment, shown to a group moderator.
    needs_site_staff: bool = False
    # Issue 13 items 3 and 10: the thread around a reply; a care message after crisis
    # words (site moderators only), whether it went already, and the member's language.
    context: ThreadContext | None = None
    care_possible: bool = False
    care_sent: bool = False
    member_language: str = ""


@dataclass(frozen=True)
class QueuePage:
    items: tuple[QueueItemView, ...]
    waiting: int
    urgent_waiting: int
    oldest_waiting_at: datetime | None
    can_suspend: bool
    has_more: bool


@dataclass(frozen=True)
class HistoryRow:
    id: int
    at: datetime
    action: str
    moderator_name: str
    member_name: str
    group_name: str
    reason_key: str
    reason_text: str
    until: datetime | None


@dataclass(frozen=True)
class WatchedWordRow:
    id: int
    pattern: str
    category: str
    is_regex: bool
    # The word or phrase as a moderator reads it (issue 13 item 10).
    readable: str = ""
