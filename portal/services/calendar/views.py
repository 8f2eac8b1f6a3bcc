"""Browser-safe views returned by the calendar services: never ORM rows.

Times are aware UTC datetimes (or, for slots, the viewer's own clock already); the
state layer formats them in the member's language. Meeting modes stay vocabulary keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.domain.availability import SlotDay
from portal.services.calendar.feed import CalendarItem


@dataclass(frozen=True)
class WindowView:
    id: int
    weekday: int
    start: str
    end: str
    # The hours run past midnight into the next day.
    overnight: bool


@dataclass(frozen=True)
class OverrideView:
    id: int
    day: date
    kind: str  # unavailable / extra
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class AvailabilityView:
    timezone: str
    session_lengths: tuple[int, ...]
    buffer_before_minutes: int
    buffer_after_minutes: int
    minimum_notice_hours: int
    booking_horizon_days: int
    max_sessions_per_day: int | None
    max_sessions_per_week: int | None
    paused: bool
    meeting_details: str
    meeting_modes: tuple[str, ...]
    windows: tuple[WindowView, ...]
    overrides: tuple[OverrideView, ...]


@dataclass(frozen=True)
class MentorChoice:
    id: int
    name: str


@dataclass(frozen=True)
class SlotOffer:
    """What the booking page shows: slots on the viewer's own clock, grouped by day."""

    mentor_id: int
    mentor_name: str
    lengths: tuple[int, ...]
    length: int
    modes: tuple[str, ...]
    timezone: str
    days: tuple[SlotDay, ...]
    mentors: tuple[MentorChoice, ...] = ()
    # Set when the offer is for moving this booking to another time.
    booking_id: int | None = None
    paused: bool = False
    hours_shared: bool = True


@dataclass(frozen=True)
class BookingView:
    id: int
    partner_name: str
    my_side: str  # mentee / mentor
    starts_at: datetime
    ends_at: datetime
    length_minutes: int
    mode: str
    details: str
    status: str  # booked / cancelled
    cancelled_by_me: bool
    cancel_reason: str
    rescheduled_from_id: int | None
    # Set on a session that was moved: the booking at its new time.
    moved_to_id: int | None
    # Still booked and not begun: it may be moved, cancelled or have its details changed.
    can_change: bool
    # The mentorship is active, so a new time may be chosen.
    match_active: bool


@dataclass(frozen=True)
class MyCalendar:
    items: tuple[CalendarItem, ...]
    # Survivors: the mentors they may book with. Mentors: whether they edit availability.
    mentors: tuple[MentorChoice, ...]
    is_mentor: bool


@dataclass(frozen=True)
class GroupChoice:
    id: int
    name: str


@dataclass(frozen=True)
class MeetingView:
    id: int
    group_id: int
    group_name: str
    title: str
    details: str
    starts_at: datetime
    ends_at: datetime
    seats: int
    taken: int
    waiting: int
    my_status: str  # "" / confirmed / waitlisted
    # 1 = first on the waitlist (0 when not waiting).
    my_place: int
    can_manage: bool
    weekly: bool
    # The first meeting of its weekly series (None for a one-off).
    series_id: int | None = None


@dataclass(frozen=True)
class MeetingsPage:
    meetings: tuple[MeetingView, ...]
    # Groups the actor may schedule meetings for (moderated ones; every group for staff).
    schedulable: tuple[GroupChoice, ...]
    group: GroupChoice | None = None


@dataclass(frozen=True)
class RsvpResult:
    status: str  # confirmed / waitlisted / cancelled
    place: int = 0


@dataclass(frozen=True)
class SeriesRsvpResult:
    """Every upcoming meeting of a weekly series at once (issue 13, item 9)."""

    confirmed: int = 0
    waitlisted: int = 0
    left: int = 0
