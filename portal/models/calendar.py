"""Calendar: mentor availability, mentoring session bookings, group meetings and RSVPs.

Availability is wall-clock time in the mentor's own time zone (``users.timezone``):
minutes of the day, so "Monday 18:00-20:00" stays 18:00 across daylight-saving changes.

Double booking is refused by the database, not by luck:
- ``active_slot`` is True while a booking stands and NULL once it is cancelled, so the
  unique (mentor, start, active_slot) lets exactly one standing booking hold a start
  (NULLs never clash, on SQLite and PostgreSQL alike);
- overlapping starts are refused by the service, which re-checks the slot after
  bumping ``MentorAvailability.lock_version`` as its first write: on PostgreSQL that row
  lock makes bookings with one mentor run one after another; on SQLite the first write
  takes the database's single writer lock, so the re-check reads the latest bookings.
Group meetings take the same kind of lock (``GroupMeeting.lock_version``) before
counting seats, so two members can never both take the last seat.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.models.types import utc_column, utcnow


class MentorAvailability(SQLModel, table=True):
    """A mentor's booking settings; one row per mentor, also their booking lock."""

    __tablename__ = "calendar_availability"

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(foreign_key="users.id", unique=True, ondelete="CASCADE")
    # Comma-separated minutes, e.g. "30,60" (see SUPPORTED_SESSION_LENGTHS).
    session_lengths: str = Field(default="60", max_length=20)
    buffer_before_minutes: int = Field(default=0)
    buffer_after_minutes: int = Field(default=0)
    minimum_notice_hours: int = Field(default=12)
    booking_horizon_days: int = Field(default=30)
    max_sessions_per_day: int | None = Field(default=None)
    max_sessions_per_week: int | None = Field(default=None)
    paused: bool = Field(default=False)
    # A usual place or video link, copied into each new booking (seen by the two people only).
    meeting_details: str = Field(default="", max_length=300)
    # Bumped as the first write of every booking change: the per-mentor lock.
    lock_version: int = Field(default=0)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())


class AvailabilityWindow(SQLModel, table=True):
    """Weekly hours: weekday 0 = Monday; an end at or before the start runs past midnight."""

    __tablename__ = "calendar_availability_windows"

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    weekday: int
    start_minute: int
    end_minute: int


class AvailabilityOverride(SQLModel, table=True):
    """A change for one local date: the weekly hours are off, or extra hours are added."""

    __tablename__ = "calendar_availability_overrides"
    __table_args__ = (Index("ix_calendar_overrides_mentor_day", "mentor_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    day: date
    kind: str = Field(max_length=12)  # unavailable / extra
    start_minute: int | None = Field(default=None)
    end_minute: int | None = Field(default=None)


class SessionBooking(SQLModel, table=True):
    """A mentoring session booked by a survivor with their matched mentor."""

    __tablename__ = "calendar_bookings"
    __table_args__ = (
        UniqueConstraint("mentor_id", "start_at", "active_slot"),
        Index("ix_calendar_bookings_mentor_start", "mentor_id", "start_at"),
        Index("ix_calendar_bookings_survivor_start", "survivor_id", "start_at"),
        Index("ix_calendar_bookings_status_end", "status", "end_at"),
        Index("ix_insights_bookings_start", "start_at", "survivor_id", "status",
              "rescheduled_from_id", "end_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentor_matches.id", index=True, ondelete="CASCADE")
    survivor_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    mentor_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    start_at: datetime = Field(sa_column=utc_column())
    end_at: datetime = Field(sa_column=utc_column())
    mode: str = Field(max_length=12)  # a MEETING_MODES key the mentor offers
    # Where to meet or the video link: shown to the two of them only, never in reminders.
    details: str = Field(default="", max_length=300)
    status: str = Field(default="booked", max_length=10)  # booked / cancelled
    active_slot: bool | None = Field(default=True)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    cancelled_by_id: int | None = Field(default=None, foreign_key="users.id",
                                        ondelete="SET NULL")
    cancel_reason: str = Field(default="", max_length=300)
    cancelled_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # Cancelled because the mentorship closed (ended, a block, a suspension): shown to
    # both in their calendars as cancelled, with nobody named.
    closed_with_match: bool = Field(default=False)
    # Set on the new booking when a session is moved; the old one is cancelled.
    rescheduled_from_id: int | None = Field(default=None, foreign_key="calendar_bookings.id",
                                            ondelete="SET NULL")


class GroupMeeting(SQLModel, table=True):
    """One meeting of a support group; a weekly series is one row per occurrence."""

    __tablename__ = "calendar_group_meetings"
    __table_args__ = (Index("ix_calendar_meetings_group_start", "group_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="support_groups.id", ondelete="CASCADE")
    # The first occurrence's id, shared by every meeting of a weekly series.
    series_id: int | None = Field(default=None, index=True)
    title: str = Field(max_length=80)
    # Where to meet or the video link: shown to the group's members only.
    details: str = Field(default="", max_length=300)
    starts_at: datetime = Field(sa_column=utc_column())
    ends_at: datetime = Field(sa_column=utc_column())
    seats: int = Field(default=10)
    status: str = Field(default="scheduled", max_length=10)  # scheduled / cancelled
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    # Bumped as the first write of every RSVP change: the per-meeting lock.
    lock_version: int = Field(default=0)


class MeetingRsvp(SQLModel, table=True):
    """A member's place at a meeting: confirmed, waitlisted (in ``position`` order) or
    cancelled. ``position`` only grows, so the waitlist is first come, first served."""

    __tablename__ = "calendar_meeting_rsvps"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        Index("ix_calendar_rsvps_meeting_status_position", "meeting_id", "status", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="calendar_group_meetings.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    status: str = Field(max_length=12)  # confirmed / waitlisted / cancelled
    position: int
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
