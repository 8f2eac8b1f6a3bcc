"""Demo data for notifications (demo mode only): a welcome note for every demo member,
and for one survivor a planned meeting whose reminder has already arrived."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from portal import routes
from portal.models import User
from portal.models.types import utcnow
from portal.services import notifications

DEMO_MEETING_ID = 900001  # a placeholder subject: the calendar adds real ones later


def seed_notifications(session: Session, members: dict[str, User]) -> list[str]:
    now = utcnow()
    for user in members.values():
        notifications.notify(session, user_id=user.id, kind="welcome", key="notify.welcome",
                             link=routes.HELP, dedupe_key=f"welcome:{user.id}")
    survivor = members.get("Survivor Maple")
    if survivor is not None:
        starts_at = now + timedelta(minutes=50)
        notifications.notify(session, user_id=survivor.id, kind="reminder",
                             key="notify.reminder", params={"starts_at": starts_at},
                             link=routes.CALENDAR)
        notifications.schedule_reminders(session, user_id=survivor.id, subject_type="meeting",
                                         subject_id=DEMO_MEETING_ID,
                                         starts_at=now + timedelta(days=3), link=routes.CALENDAR)
    return ["notifications: a welcome note for everyone; Survivor Maple has a reminder"]
