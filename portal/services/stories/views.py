"""Browser-safe views of stories. None carries an author's id, and an anonymous story
carries no name at all: not for readers, not for moderators (THREATS.md #14)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Highlight:
    """One detail of the safety read: what it is and the neutral word that can replace it."""

    index: int
    start: int
    end: int
    kind: str
    text: str
    replacement: str


@dataclass(frozen=True)
class Segment:
    """A piece of the body in reading order: plain (``kind`` "") or a highlighted detail."""

    text: str
    kind: str
    index: int  # the highlight's index, -1 for plain text


@dataclass(frozen=True)
class SafetyRead:
    """What may identify her, in the body and, separately, in the title (a title naming
    a city or a year exposes her as much as the body does)."""

    highlights: tuple[Highlight, ...]
    segments: tuple[Segment, ...]
    title_details: tuple[Highlight, ...] = ()
    title_segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class MyStory:
    id: int
    title: str
    body: str
    content_warnings: str
    audience: str
    signature: str
    pen_name: str
    allow_replies: bool
    search_engines: bool
    status: str
    # Notes moderators left when they returned it, newest first.
    notes: tuple[str, ...]
    month: str  # "YYYY-MM" of publication, "" when never published
    safety: SafetyRead


@dataclass(frozen=True)
class ReplyView:
    id: int
    body: str
    byline: str
    mine: bool
    held: bool


@dataclass(frozen=True)
class StoryCard:
    """A published story as a member reads it."""

    id: int
    title: str
    body: str
    content_warnings: str
    byline: str  # "" when anonymous
    month: str  # "YYYY-MM"
    public: bool
    reactions: tuple[tuple[str, int], ...]
    my_reactions: tuple[str, ...]
    replies: tuple[ReplyView, ...]
    can_reply: bool
    mine: bool


@dataclass(frozen=True)
class PublicStory:
    """A story on /voices: no name unless she signed it, month only."""

    id: int
    title: str
    body: str
    content_warnings: str
    byline: str
    month: str
    indexable: bool


@dataclass(frozen=True)
class ReviewCard:
    """A story waiting for a moderator, with the safety read's highlights."""

    id: int
    title: str
    body: str
    content_warnings: str
    byline: str  # "" when anonymous: moderators never learn who wrote it
    audience: str
    status: str
    approvals: int
    approved_by_me: bool
    safety: SafetyRead


@dataclass(frozen=True)
class HeldReply:
    id: int
    story_title: str
    body: str
    byline: str


@dataclass(frozen=True)
class ProfileStory:
    """The story a mentor links from her profile: what a survivor needs to open it."""

    id: int
    title: str


@dataclass(frozen=True)
class ProfileStoryChoice:
    """For the mentor herself: which of her stories may be linked, and which one is."""

    linkable_ids: tuple[int, ...]
    linked_id: int  # 0 when none
