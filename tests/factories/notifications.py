"""Notifications and reminders: due reminders in bulk, and counting what was sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session

from portal.models import User
from portal.models.notifications import Notification, Reminder
from portal.models.types import utcnow
from tests.factories import count_rows


def add_due_reminders(session: Session, users: list[User], count: int, *,
                      now: datetime | None = None, first: int = 0) -> list[int]:
    """``count`` reminders already due, for meetings that have not begun, spread over users."""
    now = now or utcnow()
    rows = []
    for number in range(first, first + count):
        user = users[number % len(users)]
        starts_at = now + timedelta(hours=1, seconds=number)
        rows.append({"key": f"meeting:{number}:{user.id}:60:{int(starts_at.timestamp())}",
                     "user_id": user.id, "subject_type": "meeting", "subject_id": number,
                     "starts_at": starts_at, "offset_minutes": 60,
                     "due_at": now - timedelta(minutes=1), "link": "/calendar",
                     "channel": "in_app", "sent_at": None, "skipped": False,
                     "email_sent_at": None, "attempts": 0, "created_at": now})
    for start in range(0, len(rows), 500):
        session.execute(insert(Reminder), rows[start:start + 500])
    session.commit()
    return [row["subject_id"] for row in rows]


def reminder_notifications(session: Session) -> int:
    return count_rows(session, Notification, Notification.kind == "reminder")


def unsent(session: Session) -> int:
    return count_rows(session, Reminder, Reminder.sent_at.is_(None))

