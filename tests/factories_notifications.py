"""Test data for notifications and reminders: users with preferences, due reminders in bulk."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from portal.db import make_engine
from portal.models import User
from portal.models.notifications import Notification, Reminder
from portal.models.types import utcnow


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


def count_rows(session: Session, model, *where) -> int:
    session.expire_all()
    query = select(func.count()).select_from(model)
    if where:
        query = query.where(*where)
    return session.execute(query).scalar_one()


def reminder_notifications(session: Session) -> int:
    return count_rows(session, Notification, Notification.kind == "reminder")


def unsent(session: Session) -> int:
    return count_rows(session, Reminder, Reminder.sent_at.is_(None))


def second_engine(engine: Engine) -> Engine:
    """Another engine on the same database, as a second process would have."""
    return make_engine(engine.url.render_as_string(hide_password=False))


def run_together(*targets) -> list:
    """Start every target at the same moment on its own thread; return their results."""
    barrier = threading.Barrier(len(targets))
    results: list = [None] * len(targets)
    errors: list[BaseException] = []

    def run(index: int, target) -> None:
        barrier.wait()
        try:
            results[index] = target()
        except BaseException as error:  # surfaced to the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
