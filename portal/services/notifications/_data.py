"""'My data' for notifications: export and real deletion of every row about a member."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session

from portal.models import User
from portal.models.notifications import (
    MutedNotificationKind,
    Notification,
    NotificationPreference,
    Reminder,
)
from portal.services.notifications.choices import muted_kinds
from portal.services.notifications.common import offsets_for
from portal.services.notifications.inbox import render


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _export_notifications(session: Session, user_id: int) -> list[dict[str, Any]]:
    user = session.get(User, user_id)
    rows = session.execute(select(Notification).where(Notification.user_id == user_id)
                           .order_by(Notification.created_at)).scalars()
    # The text as the member would read it; other members' ids are not exported.
    return [{"text": render(row.message_key, row.params, language=user.language,
                            timezone=user.timezone, names={}),
             "kind": row.kind, "link": row.link, "created": _iso(row.created_at),
             "read": _iso(row.read_at)} for row in rows]


def _export_reminders(session: Session, user_id: int) -> dict[str, Any]:
    rows = session.execute(select(Reminder).where(Reminder.user_id == user_id)
                           .order_by(Reminder.due_at)).scalars()
    return {"minutes_before": list(offsets_for(session, user_id)),
            "planned": [{"subject": row.subject_type, "starts": _iso(row.starts_at),
                         "due": _iso(row.due_at), "by_email": row.channel == "email",
                         "sent": _iso(row.sent_at)} for row in rows]}


def _export_choices(session: Session, user_id: int) -> dict[str, Any]:
    return {"turned_off": sorted(muted_kinds(session, user_id))}


def _erase_notifications(session: Session, user_id: int, _keep_posts: bool) -> None:
    session.execute(delete(Notification).where(Notification.user_id == user_id))
    session.execute(delete(Reminder).where(Reminder.user_id == user_id))
    session.execute(delete(NotificationPreference)
                    .where(NotificationPreference.user_id == user_id))
    session.execute(delete(MutedNotificationKind)
                    .where(MutedNotificationKind.user_id == user_id))


# What "My data" shows and erases for this capability (wired in services.wiring).
EXPORTERS = {
    "notifications": _export_notifications,
    "reminders": _export_reminders,
    "notification_choices": _export_choices,
}
ERASER = _erase_notifications
