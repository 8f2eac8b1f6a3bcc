"""Volunteering: opportunities, their shifts, members' sign-ups, attendance and hours.

Opportunities and shifts are never deleted (a closed opportunity or a cancelled shift
stays), so a member's volunteer history keeps its roles and hours.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.models.types import utc_column as _utc_column
from portal.models.types import utcnow


class VolunteerOpportunity(SQLModel, table=True):
    __tablename__ = "volunteer_opportunities"
    __table_args__ = (Index("ix_volunteer_opportunities_status_created", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=120)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    organisation: str = Field(max_length=120)
    # Case-folded organisation: a coordinator manages their own organisation's only.
    organisation_key: str = Field(max_length=120, index=True)
    remote: bool = Field(default=False)
    # A US state or territory code when not remote; never an address.
    region: str = Field(default="", max_length=20)
    # Skill codes as ",a,b," (see portal.domain.volunteering.format_codes).
    skills: str = Field(default="", max_length=400)
    leadership: bool = Field(default=False)
    leadership_kind: str = Field(default="", max_length=40)
    status: str = Field(default="open", max_length=16)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class VolunteerShift(SQLModel, table=True):
    __tablename__ = "volunteer_shifts"
    __table_args__ = (
        Index("ix_volunteer_shifts_opportunity_start", "opportunity_id", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="volunteer_opportunities.id", ondelete="CASCADE")
    starts_at: datetime = Field(sa_column=_utc_column(index=True))
    ends_at: datetime = Field(sa_column=_utc_column())
    seats: int = Field(default=1)
    status: str = Field(default="scheduled", max_length=16)
    # Bumped as the first write of every change to the shift's sign-ups: that UPDATE
    # holds the row lock (PostgreSQL) or the write lock (SQLite) until the commit, so
    # two members taking the last seat at once are served one after the other.
    revision: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class ShiftSignup(SQLModel, table=True):
    """A member on a shift: confirmed, waitlisted, or cancelled (kept for the record)."""

    __tablename__ = "volunteer_signups"
    __table_args__ = (
        # One active sign-up per member and shift. ``active`` is true while confirmed or
        # waitlisted and NULL once cancelled; NULLs never clash, so history is kept.
        UniqueConstraint("shift_id", "user_id", "active",
                         name="uq_volunteer_signups_active_member"),
        # Arrival order on the shift: the waitlist is served in this order.
        UniqueConstraint("shift_id", "position", name="uq_volunteer_signups_position"),
        Index("ix_volunteer_signups_user_status", "user_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="volunteer_shifts.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    status: str = Field(max_length=16)
    position: int
    active: bool | None = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    confirmed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    cancelled_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class VolunteerAttendance(SQLModel, table=True):
    """What a coordinator recorded for one confirmed sign-up, and who approved the hours."""

    __tablename__ = "volunteer_attendance"
    __table_args__ = (Index("ix_insights_attendance_approved", "approved_at", "user_id",
                            "minutes"),)

    id: int | None = Field(default=None, primary_key=True)
    signup_id: int = Field(foreign_key="volunteer_signups.id", unique=True, ondelete="CASCADE")
    shift_id: int = Field(foreign_key="volunteer_shifts.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    attended: bool
    minutes: int = Field(default=0)
    marked_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    marked_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    approved_by_id: int | None = Field(default=None, foreign_key="users.id",
                                       ondelete="SET NULL")
    approved_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
