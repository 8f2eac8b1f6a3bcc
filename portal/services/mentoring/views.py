"""Browser-safe views returned by the mentoring services: never ORM rows.

Reasons and vocabulary stay keys here; the state layer turns them into words in the
member's language (``matching.reason.<code>``, ``focus.<key>``, ``language.<code>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.domain.mentoring import MessageStatus


@dataclass(frozen=True)
class ReasonView:
    code: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MentorCard:
    """What a survivor may see of an approved mentor."""

    id: int
    name: str
    languages: tuple[str, ...]
    focus_areas: tuple[str, ...]
    meeting_modes: tuple[str, ...]
    region: str
    gender: str
    bio: str
    has_space: bool
    saved: bool = False
    hidden: bool = False
    request_pending: bool = False


@dataclass(frozen=True)
class SuggestionView:
    mentor: MentorCard
    score: float
    reasons: tuple[ReasonView, ...]


@dataclass(frozen=True)
class IntakeView:
    goals: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    preferred_gender: str = ""
    wants_shared_experience: bool = False
    experience_type: str = ""
    meeting_modes: tuple[str, ...] = ()
    region: str = ""
    topics_to_avoid: tuple[str, ...] = ()
    open_to_staff_suggestions: bool = True
    answered: bool = False
    skipped: bool = False
    mentor_allowance: int = 1


@dataclass(frozen=True)
class ApplicationView:
    """A mentor's own application, including the reviewer's note to them."""

    status: str
    languages: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    experience_type: str = ""
    gender: str = ""
    region: str = ""
    meeting_modes: tuple[str, ...] = ()
    capacity: int = 2
    bio: str = ""
    staff_note: str = ""
    paused: bool = False
    # An approved mentor's edits: "" (none), "waiting" (for review), "returned" (with a note).
    changes_status: str = ""
    # Why the last save was held (catalog keys), shown to the author.
    held_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class VettingItem:
    """An application as a reviewer sees it."""

    user_id: int
    name: str
    status: str
    languages: tuple[str, ...]
    focus_areas: tuple[str, ...]
    experience_type: str
    gender: str
    region: str
    meeting_modes: tuple[str, ...]
    capacity: int
    bio: str
    staff_note: str
    submitted_at: datetime | None
    kind: str = "application"  # "application" or "changes" (an approved mentor's edits)
    reasons: tuple[str, ...] = ()  # what the watched words and detectors found
    urgent: bool = False


@dataclass(frozen=True)
class SentRequestView:
    id: int
    mentor_id: int
    mentor_name: str
    status: str
    closed_reason: str
    note: str
    question: str
    answer: str
    source: str
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class IncomingRequestView:
    """What a mentor sees of a request: pseudonym, goals, languages, note. Nothing else."""

    id: int
    survivor_name: str
    goals: tuple[str, ...]
    languages: tuple[str, ...]
    note: str
    question: str
    answer: str
    source: str
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class MatchView:
    id: int
    partner_id: int
    partner_name: str
    my_side: str  # "mentee" when the viewer is the survivor, "mentor" otherwise
    status: str
    started_at: datetime
    ended_at: datetime | None
    ended_by_me: bool
    first_session_at: datetime | None
    my_fit_answer: str
    my_rematch_ok: bool
    thread_available: bool
    thread_deleted_after: datetime | None


@dataclass(frozen=True)
class MessageView:
    id: int
    mine: bool
    sender_name: str
    body: str
    created_at: datetime
    reported: bool  # by this viewer (the writer is never told)
    # visible / held (only its writer sees it, waiting for a moderator) / rejected
    status: str = MessageStatus.VISIBLE
    # For the writer of a message a moderator did not deliver: a canned key or their words.
    review_key: str = ""
    review_text: str = ""
    # Right after sending: what the writer is told (catalog keys), and whether crisis
    # support shows on their screen only.
    notice_keys: tuple[str, ...] = ()
    show_crisis_resources: bool = False
    # Her own delivered message the partner has opened, when both chose "seen" (issue
    # 15); never a time.
    seen: bool = False


@dataclass(frozen=True)
class MessagePage:
    messages: tuple[MessageView, ...]
    has_older: bool
    # Set for a live tab's window (``message_window``): every message from this id on;
    # ``has_older`` then says nothing (the tab keeps what it knew).
    from_id: int | None = None


@dataclass(frozen=True)
class FitCheckResult:
    answer: str
    suggestions: tuple[SuggestionView, ...] = ()


@dataclass(frozen=True)
class MentorDesk:
    status: str
    paused: bool
    capacity: int
    active_count: int
    requests: tuple[IncomingRequestView, ...]
    mentees: tuple[MatchView, ...]


@dataclass(frozen=True)
class ProposalPairView:
    id: int
    survivor_name: str
    mentor_name: str
    score: float
    included: bool
    outcome: str


@dataclass(frozen=True)
class ProposalView:
    id: int
    status: str
    created_at: datetime
    total_score: float
    unassigned_count: int
    published_as: str
    pairs: tuple[ProposalPairView, ...]


@dataclass(frozen=True)
class PublishResult:
    created: int
    skipped: int


@dataclass(frozen=True)
class MessageReportView:
    id: int
    match_id: int | None
    message_id: int | None
    reporter_name: str
    reported_member_id: int | None  # None once they deleted their account
    reported_name: str
    excerpt: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class ActiveMatchRef:
    """For other capabilities (booking): the active match between two members."""

    id: int
    survivor_id: int
    mentor_id: int
    started_at: datetime
