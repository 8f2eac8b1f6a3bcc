"""Browser-safe views of volunteering: never ORM rows, never another member's details
beyond the pseudonym a coordinator needs to take attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OpportunityCard:
    id: int
    title: str
    organisation: str
    remote: bool
    region: str
    skills: tuple[str, ...]
    leadership_kind: str  # "" unless it is a leadership role
    status: str
    next_shift_at: datetime | None
    next_shift_full: bool
    upcoming_shifts: int


@dataclass(frozen=True)
class OpportunityPage:
    items: tuple[OpportunityCard, ...]
    page: int
    has_more: bool


@dataclass(frozen=True)
class ShiftView:
    id: int
    starts_at: datetime
    ends_at: datetime
    seats: int
    confirmed: int
    waiting: int
    my_status: str  # "", "confirmed" or "waitlisted"
    my_position: int  # place on the waitlist, 1 first; 0 when not waiting
    waitlist_open: bool


@dataclass(frozen=True)
class OpportunityDetail:
    card: OpportunityCard
    description: str
    shifts: tuple[ShiftView, ...]
    can_sign_up: bool
    can_manage: bool


@dataclass(frozen=True)
class SignupResult:
    status: str  # "confirmed" or "waitlisted"
    position: int  # place on the waitlist; 0 when confirmed


@dataclass(frozen=True)
class MyShift:
    shift_id: int
    opportunity_id: int
    title: str
    organisation: str
    starts_at: datetime
    ends_at: datetime
    status: str
    position: int


@dataclass(frozen=True)
class HistoryRole:
    """One opportunity a member volunteered in: what a CV line needs."""

    opportunity_id: int
    title: str
    organisation: str
    remote: bool
    region: str
    leadership_kind: str
    skills: tuple[str, ...]
    shifts_attended: int
    minutes_approved: int
    minutes_pending: int
    first_at: datetime
    last_at: datetime


@dataclass(frozen=True)
class VolunteerHistory:
    roles: tuple[HistoryRole, ...]
    minutes_approved: int
    minutes_pending: int
    leadership_kinds: tuple[str, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True)
class MyVolunteering:
    upcoming: tuple[MyShift, ...]
    history: VolunteerHistory


# --- coordinators and staff -----------------------------------------------------------

@dataclass(frozen=True)
class ManagedOpportunity:
    id: int
    title: str
    organisation: str
    status: str
    upcoming_shifts: int
    hours_waiting: int  # attendance records not yet approved


@dataclass(frozen=True)
class OpportunityFields:
    id: int  # 0 for a new opportunity
    title: str
    organisation: str
    description: str
    place: str
    skills: tuple[str, ...]
    leadership_kind: str
    status: str


@dataclass(frozen=True)
class ManagedShift:
    id: int
    starts_at: datetime
    ends_at: datetime
    seats: int
    confirmed: int
    waiting: int
    status: str
    started: bool
    ended: bool = False


@dataclass(frozen=True)
class EditorView:
    fields: OpportunityFields
    shifts: tuple[ManagedShift, ...]
    # Coordinators post for their own organisation; staff name the organisation.
    organisation_fixed: bool


@dataclass(frozen=True)
class RosterRow:
    signup_id: int
    member_name: str
    status: str
    position: int
    attendance: str  # "", "attended" or "no_show"
    minutes: int
    approved: bool


@dataclass(frozen=True)
class Roster:
    opportunity_id: int
    title: str
    shift: ManagedShift
    confirmed: tuple[RosterRow, ...]
    waiting: tuple[RosterRow, ...]
