"""Notifications: the in-app notification centre, reminder preferences, reminders.

A notification stores a catalog key and its parameters, never rendered text: it is
rendered when read, in the reader's language and time zone.

A reminder is one row per (member, subject, offset, start time), named by a unique
``key``: scheduling the same reminder twice cannot make two rows, and sending claims
the row by setting ``sent_at`` in the same statement that checks it is still unset,
so neither a crash nor a second scheduler sends it twice (THREATS #12).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.models.types import utc_column, utcnow


class Notification(SQLModel, table=True):
    """Something a member should know: a request, a reply, a booking, a reminder."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_created", "user_id", "created_at"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    kind: str = Field(max_length=32)
    # A catalog key under "notify." and its parameters (see services.notifications.notify).
    message_key: str = Field(max_length=80)
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # An in-app path ("/calendar"), never an outside address.
    link: str = Field(default="", max_length=200)
    # Set when one event must never notify twice (a reminder's key, a request's expiry).
    # A key starting "open:" groups notices while unread (new messages in one thread):
    # it is cleared when the notification is read, so the next one may be added.
    dedupe_key: str | None = Field(default=None, max_length=160, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    read_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class NotificationPreference(SQLModel, table=True):
    """When a member wants reminders. The email address and opt-in live on ``users``."""

    __tablename__ = "notification_preferences"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", unique=True, ondelete="CASCADE")
    # Minutes before a start, comma-separated, largest first ("1440,60"); "" means none.
    reminder_offsets: str = Field(default="1440,60", max_length=80)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())


class MutedNotificationKind(SQLModel, table=True):
    """A kind of notification a member turned off (one row per kind; no row: on).

    Only the optional kinds of ``portal.domain.notification_kinds`` are ever stored.
    """

    __tablename__ = "muted_notification_kinds"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_muted_notification_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    kind: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())


class Reminder(SQLModel, table=True):
    """One reminder of one session or meeting for one member, sent at most once."""

    __tablename__ = "reminders"
    __table_args__ = (
        # "Due and unsent": the scheduler's query every minute.
        Index("ix_reminders_unsent_due", "sent_at", "due_at"),
        Index("ix_reminders_subject", "subject_type", "subject_id"),
        Index("ix_reminders_user_unsent", "user_id", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # "<subject_type>:<subject_id>:<user_id>:<offset>:<start epoch>": no personal data.
    key: str = Field(max_length=160, unique=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    subject_type: str = Field(max_length=24)
    subject_id: int
    starts_at: datetime = Field(sa_column=utc_column())
    offset_minutes: int
    due_at: datetime = Field(sa_column=utc_column())
    link: str = Field(default="", max_length=200)
    # "in_app", or "email" (in-app as well as a neutral email) when the member opted in.
    channel: str = Field(default="in_app", max_length=16)
    # When the reminder was claimed and handled; NULL until then.
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # Handled too late (the meeting had already begun): nothing was sent.
    skipped: bool = Field(default=False)
    # The email is claimed separately, at most once per attempt; attempts count tries.
    email_sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    attempts: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
