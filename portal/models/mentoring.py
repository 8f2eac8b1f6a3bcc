"""Mentoring: mentor profiles, survivor intakes, requests, matches, messages, proposals.

Sets of vocabulary keys (languages, focus areas, meeting modes) are stored as
comma-separated keys, like ``User.roles``; the services validate every key.

Races are settled by the database, not by luck:
- ``open_pair`` is True while a request is pending and NULL afterwards, so the unique
  (survivor, mentor, open_pair) allows one pending request per pair (NULLs never clash);
- an active match holds a numbered seat on each side (``survivor_seat`` below the
  survivor's allowance, ``mentor_seat`` below the mentor's capacity), unique per person
  and NULL once ended: two accepts racing for the last seat cannot both win.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.models.types import utc_column, utcnow


class MentorApplication(SQLModel, table=True):
    """A mentor's application; once approved it is also their profile for matching."""

    __tablename__ = "mentor_profiles"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", unique=True, ondelete="CASCADE")
    languages: str = Field(default="", max_length=120)
    focus_areas: str = Field(default="", max_length=400)
    experience_type: str | None = Field(default=None, max_length=24)
    gender: str | None = Field(default=None, max_length=24)
    region: str | None = Field(default=None, max_length=60)
    meeting_modes: str = Field(default="", max_length=60)
    capacity: int = Field(default=2)
    bio: str = Field(default="", max_length=1200)
    # draft / submitted / changes_requested / approved / declined
    status: str = Field(default="draft", max_length=20, index=True)
    # The last reviewer's note, shown to the applicant (e.g. what to change).
    staff_note: str = Field(default="", max_length=600)
    paused: bool = Field(default=False)
    reviewed_by_id: int | None = Field(default=None, foreign_key="users.id",
                                       ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    submitted_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reviewed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # An approved mentor's edits wait here (JSON of the profile fields survivors see)
    # while the approved profile above stays live: "" / waiting / returned.
    pending_changes: str = Field(default="", max_length=4000)
    changes_status: str = Field(default="", max_length=10, index=True)
    # What the watched words and detectors found in the edits, for the reviewer.
    changes_reasons: str = Field(default="", max_length=200)
    changes_urgent: bool = Field(default=False)
    changes_submitted_at: datetime | None = Field(default=None,
                                                  sa_column=utc_column(nullable=True))


class SurvivorIntake(SQLModel, table=True):
    """What a survivor would like from a mentor. Every question may be skipped."""

    __tablename__ = "survivor_intakes"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", unique=True, ondelete="CASCADE")
    goals: str = Field(default="", max_length=400)
    languages: str = Field(default="", max_length=120)
    preferred_gender: str | None = Field(default=None, max_length=24)
    wants_shared_experience: bool = Field(default=False)
    experience_type: str | None = Field(default=None, max_length=24)
    meeting_modes: str = Field(default="", max_length=60)
    region: str | None = Field(default=None, max_length=60)
    topics_to_avoid: str = Field(default="", max_length=400)
    open_to_staff_suggestions: bool = Field(default=True)
    skipped: bool = Field(default=False)
    # How many mentors at once; more than one only when staff allow it.
    mentor_allowance: int = Field(default=1)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())


class MentorMark(SQLModel, table=True):
    """A survivor saved or hid a mentor. The mentor is never told."""

    __tablename__ = "mentor_marks"
    __table_args__ = (UniqueConstraint("survivor_id", "mentor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    mentor_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=8)  # saved / hidden
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())


class MentorRequest(SQLModel, table=True):
    """A survivor asks a mentor; pending for at most seven days."""

    __tablename__ = "mentor_requests"
    __table_args__ = (
        UniqueConstraint("survivor_id", "mentor_id", "open_pair"),
        Index("ix_mentor_requests_status_expires", "status", "expires_at"),
        Index("ix_insights_requests_created", "created_at", "survivor_id", "status",
              "closed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    mentor_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    note: str = Field(default="", max_length=600)
    # pending / accepted / declined / expired / withdrawn
    status: str = Field(default="pending", max_length=12)
    # Why it closed, for a calm message: declined, mentor_paused, mentor_full, matched, ...
    closed_reason: str = Field(default="", max_length=20)
    open_pair: bool | None = Field(default=True)
    # survivor (chose the mentor) or staff (published from an assignment proposal)
    source: str = Field(default="survivor", max_length=10)
    question: str = Field(default="", max_length=400)
    answer: str = Field(default="", max_length=600)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    expires_at: datetime = Field(sa_column=utc_column())
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class MentorMatch(SQLModel, table=True):
    """An accepted mentorship. Ending is final; the thread is kept read-only for 30 days.

    When one of the two deletes their account, their side becomes NULL (a former
    member) so the other person's own messages stay with the other person's data.
    """

    __tablename__ = "mentor_matches"
    __table_args__ = (
        UniqueConstraint("survivor_id", "survivor_seat"),
        UniqueConstraint("mentor_id", "mentor_seat"),
        UniqueConstraint("survivor_id", "mentor_id", "active_pair"),
        Index("ix_mentor_matches_status_ended", "status", "ended_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int | None = Field(default=None, foreign_key="users.id", index=True,
                                    ondelete="SET NULL")
    mentor_id: int | None = Field(default=None, foreign_key="users.id", index=True,
                                  ondelete="SET NULL")
    request_id: int | None = Field(default=None, foreign_key="mentor_requests.id",
                                   ondelete="SET NULL")
    status: str = Field(default="active", max_length=8)  # active / ended
    survivor_seat: int | None = Field(default=None)
    mentor_seat: int | None = Field(default=None)
    active_pair: bool | None = Field(default=True)
    started_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    first_session_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    ended_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    # Why it ended (domain EndReason): never shown to the other person, only counted.
    ended_reason: str | None = Field(default=None, max_length=12)
    # Both must say yes before the engine may ever pair these two again.
    survivor_rematch_ok: bool = Field(default=False)
    mentor_rematch_ok: bool = Field(default=False)
    thread_purged_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class FitCheck(SQLModel, table=True):
    """After the first session: good fit / not sure yet / not a good fit, one per person."""

    __tablename__ = "mentor_fit_checks"
    __table_args__ = (UniqueConstraint("match_id", "user_id"),
                      Index("ix_insights_fit_checks_answered", "answered_at", "user_id",
                            "answer"))

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentor_matches.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    answer: str = Field(max_length=12)
    answered_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())


class MentorMessage(SQLModel, table=True):
    """A private message inside a match: sanitised text only."""

    __tablename__ = "mentor_messages"
    __table_args__ = (Index("ix_mentor_messages_match_id_id", "match_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentor_matches.id", ondelete="CASCADE")
    sender_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    body: str = Field(max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    reported: bool = Field(default=False)
    # visible / held (waiting for a moderator: only its writer sees it) / rejected
    status: str = Field(default="visible", max_length=10)
    held_reasons: str = Field(default="", max_length=200)
    # Why a moderator did not deliver it (a canned key or their words), for its writer.
    review_reason: str = Field(default="", max_length=500)
    # Issue 15: the partner opened the thread after it was delivered, while she had
    # "seen" on (never recorded otherwise). No time is kept: only that it was seen.
    seen: bool = Field(default=False)


class SeenChoice(SQLModel, table=True):
    """A member who turned "seen" on for her messages (issue 15). No row: off, the
    default; a survivor must never feel watched."""

    __tablename__ = "mentor_seen_choices"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())


class MessageReport(SQLModel, table=True):
    """A message reported to moderators. Keeps a copy so a purged thread loses no evidence.

    A report outlives the account of either person: their id becomes NULL (a former
    member). When the reported member deletes their account, ``subject_erased_at`` is
    set and the report is purged after the evidence retention period (settings).
    """

    __tablename__ = "mentor_message_reports"
    __table_args__ = (UniqueConstraint("message_id", "reporter_id"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: int | None = Field(default=None, foreign_key="mentor_messages.id",
                                   ondelete="SET NULL")
    match_id: int | None = Field(default=None, foreign_key="mentor_matches.id",
                                 ondelete="SET NULL")
    reporter_id: int | None = Field(default=None, foreign_key="users.id", index=True,
                                    ondelete="SET NULL")
    reported_member_id: int | None = Field(default=None, foreign_key="users.id", index=True,
                                           ondelete="SET NULL")
    excerpt: str = Field(max_length=2000)
    reason: str = Field(default="other", max_length=32)  # a MessageReportReason value
    status: str = Field(default="open", max_length=10, index=True)  # open / resolved
    # What the moderator did: warned / match_ended / suspended / dismissed.
    outcome: str = Field(default="", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    resolved_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    subject_erased_at: datetime | None = Field(default=None,
                                               sa_column=utc_column(nullable=True, index=True))


class AssignmentProposal(SQLModel, table=True):
    """An optimal assignment computed for staff to review. Nothing happens until published."""

    __tablename__ = "mentor_assignment_proposals"

    id: int | None = Field(default=None, primary_key=True)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    status: str = Field(default="draft", max_length=10, index=True)  # draft/published/discarded
    total_score: float = Field(default=0.0)
    unassigned_count: int = Field(default=0)
    published_by_id: int | None = Field(default=None, foreign_key="users.id",
                                        ondelete="SET NULL")
    published_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    published_as: str = Field(default="", max_length=10)  # requests / matches


class AssignmentPair(SQLModel, table=True):
    __tablename__ = "mentor_assignment_pairs"
    __table_args__ = (UniqueConstraint("proposal_id", "survivor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="mentor_assignment_proposals.id", index=True,
                             ondelete="CASCADE")
    survivor_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    mentor_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    score: float = Field(default=0.0)
    included: bool = Field(default=True)
    # On publishing: created / skipped (no longer possible) / "" (not yet published)
    outcome: str = Field(default="", max_length=10)
