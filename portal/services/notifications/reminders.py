"""Reminders before sessions and meetings: planned per member, sent exactly once.

Planning (``schedule_reminders``) writes one row per offset the member chose, named by
a unique key, so planning twice changes nothing. Sending (``send_due_reminders``)
claims due rows in the statement that checks they are unclaimed, inside the same
transaction that adds the in-app notifications:

- SQLite runs one writer at a time, so ``UPDATE ... SET sent_at = :now WHERE sent_at IS
  NULL AND id IN (due ids) RETURNING ...`` cannot hand a row to two schedulers;
- PostgreSQL locks the due rows with ``SELECT ... FOR UPDATE SKIP LOCKED`` first, so two
  schedulers take disjoint batches, and the update re-checks ``sent_at IS NULL``.

A crash before the commit undoes the claim and the notifications together; a crash
after it leaves both. Email is claimed separately before it is handed to the mail
server (``email_sent_at``), so it is sent at most once per attempt; a refused attempt
is released for a later try, at most ``MAX_EMAIL_ATTEMPTS`` times.

No personal data enters a log line: only counts and error class names.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlmodel import Session

from portal.domain.permissions import Status
from portal.i18n import translate
from portal.models import User
from portal.models.notifications import Notification, Reminder
from portal.models.types import utcnow
from portal.services import email as email_service
from portal.services.notifications.common import (
    checked_link,
    checked_subject_type,
    email_channel,
    insert_ignoring_conflicts,
    offsets_for,
)

log = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 3
EMAIL_BATCH = 50
NOTIFICATIONS_KEPT_FOR = timedelta(days=90)
REMINDERS_KEPT_FOR = timedelta(days=30)
REMINDER_KEY = "notify.reminder"


def reminder_key(*, subject_type: str, subject_id: int, user_id: int, offset: int,
                 starts_at: datetime) -> str:
    """Names one reminder. A rescheduled start is a new key; the same start is the same."""
    return f"{subject_type}:{subject_id}:{user_id}:{offset}:{int(starts_at.timestamp())}"


def _aware(moment: datetime) -> datetime:
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValueError("reminders need an aware datetime")
    return moment.astimezone(UTC)


def schedule_reminders(session: Session, *, user_id: int, subject_type: str, subject_id: int,
                       starts_at: datetime, link: str = "", now: datetime | None = None) -> int:
    """Plan the member's reminders before ``starts_at``, in the caller's transaction.

    One row per offset in the member's preferences (a day and an hour before, unless
    they chose otherwise); offsets already in the past are left out. Idempotent: the
    same call twice adds nothing. Returns how many reminders were added.
    """
    subject_type = checked_subject_type(subject_type)
    link = checked_link(link)
    starts_at = _aware(starts_at)
    now = _aware(now) if now is not None else utcnow()
    user = session.get(User, int(user_id))
    if user is None or user.status == Status.DELETED:
        return 0
    channel = email_channel(user)
    rows = []
    for offset in offsets_for(session, user.id):
        due_at = starts_at - timedelta(minutes=offset)
        if due_at <= now:
            continue
        rows.append({"key": reminder_key(subject_type=subject_type, subject_id=int(subject_id),
                                         user_id=user.id, offset=offset, starts_at=starts_at),
                     "user_id": user.id, "subject_type": subject_type,
                     "subject_id": int(subject_id), "starts_at": starts_at,
                     "offset_minutes": offset, "due_at": due_at, "link": link,
                     "channel": channel, "sent_at": None, "skipped": False,
                     "email_sent_at": None, "attempts": 0, "created_at": now})
    return insert_ignoring_conflicts(session, Reminder.__table__, rows, "key")


def cancel_reminders(session: Session, *, subject_type: str, subject_id: int,
                     user_id: int | None = None) -> int:
    """Drop the unsent reminders of a cancelled or rescheduled subject (or of one member).

    Runs in the caller's transaction. A scheduler claiming at the same moment finds
    the row gone (or the cancel finds it claimed): never half of each.
    """
    query = delete(Reminder).where(Reminder.subject_type == checked_subject_type(subject_type),
                                   Reminder.subject_id == int(subject_id),
                                   Reminder.sent_at.is_(None))
    if user_id is not None:
        query = query.where(Reminder.user_id == int(user_id))
    return session.execute(query).rowcount or 0


def replan_member_reminders(session: Session, *, user_id: int, now: datetime) -> int:
    """After a member changes their reminder times: plan their future reminders again."""
    planned = session.execute(
        select(Reminder.subject_type, Reminder.subject_id, Reminder.starts_at, Reminder.link)
        .where(Reminder.user_id == user_id, Reminder.sent_at.is_(None),
               Reminder.starts_at > now).distinct()).all()
    session.execute(delete(Reminder).where(Reminder.user_id == user_id,
                                           Reminder.sent_at.is_(None),
                                           Reminder.starts_at > now))
    return sum(schedule_reminders(session, user_id=user_id, subject_type=row.subject_type,
                                  subject_id=row.subject_id, starts_at=row.starts_at,
                                  link=row.link, now=now) for row in planned)


# --- sending (the scheduler's job) ----------------------------------------------------

def _claim_due(session: Session, now: datetime, limit: int) -> list:
    table = Reminder.__table__
    due = (select(table.c.id)
           .where(table.c.sent_at.is_(None), table.c.due_at <= now)
           .order_by(table.c.due_at, table.c.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        ids = session.execute(due.with_for_update(skip_locked=True)).scalars().all()
        if not ids:
            return []
        due = ids
    claim = (update(table)
             .where(table.c.id.in_(due), table.c.sent_at.is_(None))
             .values(sent_at=now)
             .returning(table.c.id, table.c.key, table.c.user_id, table.c.starts_at,
                        table.c.link))
    return list(session.execute(claim).all())


def send_due_reminders(session: Session, *, now: datetime | None = None,
                       limit: int = 500) -> int:
    """Claim up to ``limit`` due reminders and deliver them. Returns how many were sent.

    Safe to run in any number of processes at once: each reminder is claimed by one.
    A reminder whose session already began is marked skipped, not sent.
    """
    now = _aware(now) if now is not None else utcnow()
    limit = max(1, min(int(limit), 5000))
    session.commit()  # the claim must open its own transaction (SQLite write lock first)
    claimed = _claim_due(session, now, limit)
    fresh = [row for row in claimed if row.starts_at > now]
    stale = [row.id for row in claimed if row.starts_at <= now]
    if stale:
        session.execute(update(Reminder).where(Reminder.id.in_(stale)).values(skipped=True))
    insert_ignoring_conflicts(session, Notification.__table__, [
        {"user_id": row.user_id, "kind": "reminder", "message_key": REMINDER_KEY,
         "params": {"starts_at": row.starts_at.isoformat()}, "link": row.link,
         "dedupe_key": f"reminder:{row.key}", "created_at": now, "read_at": None}
        for row in fresh], "dedupe_key")
    session.commit()
    if stale:
        log.info("reminders skipped because their meeting had begun: %d", len(stale))
    if email_service.email_enabled():
        send_pending_emails(session, now=now)
    return len(fresh)


def _email_ready(user: User | None) -> bool:
    return bool(user is not None and user.status == Status.ACTIVE and user.email_reminders
                and user.email)


def send_pending_emails(session: Session, *, now: datetime, limit: int = EMAIL_BATCH) -> int:
    """Neutral reminder emails for members who opted in. Returns how many were accepted."""
    pending = session.execute(
        select(Reminder.id, Reminder.user_id)
        .where(Reminder.channel == "email", Reminder.sent_at.is_not(None),
               Reminder.skipped.is_(False), Reminder.email_sent_at.is_(None),
               Reminder.attempts < MAX_EMAIL_ATTEMPTS, Reminder.starts_at > now)
        .order_by(Reminder.due_at, Reminder.id).limit(limit)).all()
    session.commit()
    sent = 0
    for reminder_id, user_id in pending:
        user = session.get(User, user_id)
        if not _email_ready(user):
            session.execute(update(Reminder).where(Reminder.id == reminder_id)
                            .values(channel="in_app"))
            session.commit()
            continue
        address, language = user.email, user.language
        session.commit()
        claimed = session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.email_sent_at.is_(None),
                   Reminder.attempts < MAX_EMAIL_ATTEMPTS)
            .values(email_sent_at=now, attempts=Reminder.attempts + 1)).rowcount
        session.commit()
        if claimed != 1:
            continue  # another scheduler has it
        message = email_service.OutgoingEmail(
            to=address, subject=translate(language, "notify.email_subject"),
            body=translate(language, "notify.email_body"))
        try:
            email_service.send_email(message)
            sent += 1
        except email_service.EmailNotSent as error:
            log.warning("reminder email not accepted (%s); it will be tried again", error)
            session.execute(update(Reminder).where(Reminder.id == reminder_id)
                            .values(email_sent_at=None))
            session.commit()
    return sent


def purge_old_notifications(session: Session, now: datetime) -> int:
    """The scheduler's daily job: keep notifications 90 days and handled reminders 30."""
    removed = session.execute(delete(Notification).where(
        Notification.created_at <= now - NOTIFICATIONS_KEPT_FOR)).rowcount or 0
    removed += session.execute(delete(Reminder).where(
        Reminder.sent_at.is_not(None), Reminder.sent_at <= now - REMINDERS_KEPT_FOR)).rowcount or 0
    session.commit()
    return removed
