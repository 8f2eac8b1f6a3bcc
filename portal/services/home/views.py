"""Browser-safe views of a home page: figures, pseudonyms and times, never rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SessionLine:
    partner_name: str
    starts_at: datetime
    link: str


@dataclass(frozen=True)
class GroupActivity:
    group_id: int
    name: str
    new_threads: int  # threads with activity by others in the last days


@dataclass(frozen=True)
class NextSteps:
    """After sign-up: each step is shown until it is done."""

    answer_questions: bool  # the mentoring intake is neither answered nor skipped
    find_mentor: bool  # no mentor and no request waiting
    join_group: bool  # a member of no group yet


@dataclass(frozen=True)
class MenteeTiles:
    next_session: SessionLine | None
    mentor_names: tuple[str, ...]
    first_match_id: int  # her thread with her (first) mentor, 0 for none
    requests_waiting: int  # her requests to mentors that wait for an answer
    steps: NextSteps


@dataclass(frozen=True)
class MentorTiles:
    requests_waiting: int  # requests that wait for her answer
    oldest_request_at: datetime | None
    sessions_this_week: tuple[SessionLine, ...]


@dataclass(frozen=True)
class ModerationTiles:
    waiting: int
    urgent_waiting: int
    oldest_waiting_at: datetime | None


@dataclass(frozen=True)
class ShiftLine:
    opportunity_id: int
    title: str
    starts_at: datetime
    confirmed: int
    seats: int


@dataclass(frozen=True)
class VolunteeringTiles:
    next_shifts: tuple[ShiftLine, ...]
    upcoming_shifts: int
    hours_waiting: int  # attendance records that wait for approval


@dataclass(frozen=True)
class AdminTiles:
    # None where the viewer may not see that figure.
    open_invites: int | None  # neither used up, revoked nor expired
    vetting_waiting: int | None  # applications and profile changes waiting for review
    oldest_vetting_at: datetime | None
