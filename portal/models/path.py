"""My path: a survivor's goals and steps, and the agenda and notes around a session.

A goal belongs to its owner alone. ``shared_match_id`` names the mentorship she shared
it in; the mentor sees it only while that match is active, both people are active
members and neither has blocked the other (checked when read, so ending, blocking or
suspending ends the sharing at once). The goal's note and every private session note
are never shown to anyone but their writer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from portal.models.types import utc_column, utcnow


class PathGoal(SQLModel, table=True):
    __tablename__ = "path_goals"
    __table_args__ = (Index("ix_path_goals_owner_status", "owner_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    # A starter goal keeps its catalog key (read in her language); her own words else.
    starter_key: str = Field(default="", max_length=40)
    title: str = Field(default="", max_length=120)
    stage: str = Field(max_length=16)
    target_month: str = Field(default="", max_length=7)  # "" or YYYY-MM
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = Field(default="active", max_length=8)  # active / parked / done
    shared_match_id: int | None = Field(default=None, foreign_key="mentor_matches.id",
                                        index=True, ondelete="SET NULL")
    # She allows a completed linked shift or a held linked session to tick a step.
    auto_tick: bool = Field(default=False)
    # Her optional line when she finished it, and whether her mentor may read it.
    milestone_line: str = Field(default="", max_length=300)
    milestone_shared: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    done_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class PathStep(SQLModel, table=True):
    """A small step of a goal. A mentor's suggestion waits (``accepted`` false) until
    she accepts it; she may also simply remove it."""

    __tablename__ = "path_steps"
    __table_args__ = (Index("ix_path_steps_goal_id", "goal_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="path_goals.id", ondelete="CASCADE")
    text: str = Field(max_length=200)
    done: bool = Field(default=False)
    done_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # resource / opportunity / group / session, and that object's id ("" and None: none).
    link_kind: str = Field(default="", max_length=12)
    link_id: int | None = Field(default=None)
    suggested_by_id: int | None = Field(default=None, foreign_key="users.id",
                                        ondelete="SET NULL")
    accepted: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())


class SessionNote(SQLModel, table=True):
    """Around one booked session: agenda points (both see), a private note (its writer
    only) and the one shared "what we agreed" note (both see; last writer kept)."""

    __tablename__ = "path_session_notes"
    __table_args__ = (Index("ix_path_session_notes_booking_kind", "booking_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(foreign_key="calendar_bookings.id", ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="users.id", index=True,
                                  ondelete="SET NULL")
    kind: str = Field(max_length=8)  # agenda / private / agreed
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
