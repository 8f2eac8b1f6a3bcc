"""What My path services return: browser-safe views, never ORM rows.

The mentor's views are separate types with no field for her private notes, so a note
cannot reach a mentor by a forgotten filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.domain.path import Topic


@dataclass(frozen=True)
class LinkView:
    kind: str        # resource / opportunity / group / session
    id: int
    label: str       # a listing's or opportunity's name, a group's name; "" for a session
    href: str
    when: datetime | None = None  # a session's start


@dataclass(frozen=True)
class StepView:
    id: int
    text: str
    done: bool
    # Ticked by what it links to (a completed shift, a held session), as she allowed.
    ticked_by_link: bool
    link: LinkView | None
    suggested: bool   # her mentor suggested it
    waiting: bool     # a suggestion she has not accepted yet


@dataclass(frozen=True)
class GoalView:
    """One of her goals, as she alone sees it (with her note)."""

    id: int
    starter_key: str
    title: str
    stage: str
    target_month: str
    note: str
    status: str
    auto_tick: bool
    shared: bool             # shared in an open match right now
    shared_with: str         # that mentor's name
    shared_match_id: int
    milestone_line: str
    milestone_shared: bool
    steps: tuple[StepView, ...]
    steps_done: int
    steps_total: int


@dataclass(frozen=True)
class MentorChoice:
    match_id: int
    name: str


@dataclass(frozen=True)
class LinkChoice:
    value: str  # "kind:id"
    kind: str
    label: str
    when: datetime | None = None


@dataclass(frozen=True)
class MyPathView:
    goals: tuple[GoalView, ...]
    mentors: tuple[MentorChoice, ...]
    link_choices: tuple[LinkChoice, ...]
    starters_taken: frozenset[str]


@dataclass(frozen=True)
class SharedGoalView:
    """A goal as her mentor sees it: no note, no private fields."""

    id: int
    starter_key: str
    title: str
    stage: str
    target_month: str
    status: str
    milestone_line: str  # only when she chose to share it
    steps: tuple[StepView, ...]
    steps_done: int
    steps_total: int


@dataclass(frozen=True)
class MenteePathView:
    match_id: int
    mentee_name: str
    goals: tuple[SharedGoalView, ...]


@dataclass(frozen=True)
class MenteeRef:
    match_id: int
    name: str
    shared_goals: int


@dataclass(frozen=True)
class AgendaPoint:
    id: int
    text: str
    mine: bool


@dataclass(frozen=True)
class SessionNotesView:
    booking_id: int
    start_at: datetime
    partner_name: str
    is_survivor: bool
    before: bool        # the session has not started: agenda time
    after: bool         # it has started: notes time
    agenda: tuple[AgendaPoint, ...]
    suggested_topics: tuple[Topic, ...]  # from her shared goals; the survivor's view only
    private_note: str   # the viewer's own, never the other person's
    agreed_note: str
