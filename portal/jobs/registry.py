"""Every periodic job Lantern runs, in one place (as Warehouse registers its tasks).

A job is ``run(session, now) -> int`` (how many things it handled). Jobs derive their
work from the database (due reminders, expired requests), never from arguments, so
the scheduler keeps no state of its own: a restart loses nothing, and a job that
missed its time while the scheduler was down simply finds more to do on its next run.
Job arguments are job names only: no personal data reaches the scheduler.

Capabilities add their jobs below, each in its own commented block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from portal.services import throttle
from portal.services.calendar import record_held_sessions
from portal.services.groups import purge_erased_member_records
from portal.services.mentoring import (
    expire_requests,
    purge_ended_threads,
    purge_erased_member_reports,
)
from portal.services.notifications import purge_old_notifications, send_due_reminders

REMINDER_BATCH = 500
MAX_REMINDER_BATCHES_PER_RUN = 100


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    run: Callable[[Session, datetime], int]
    every: timedelta


def send_reminders(session: Session, now: datetime) -> int:
    """Batch after batch until nothing more is due (bounded, so one run never hogs)."""
    total = 0
    for _ in range(MAX_REMINDER_BATCHES_PER_RUN):
        sent = send_due_reminders(session, now=now, limit=REMINDER_BATCH)
        total += sent
        if sent == 0:
            break
    return total


JOBS: tuple[PeriodicJob, ...] = (
    # --- notifications ---
    PeriodicJob("send_due_reminders", send_reminders, timedelta(minutes=1)),
    PeriodicJob("purge_old_notifications", purge_old_notifications, timedelta(days=1)),
    # --- accounts and limits ---
    # Attempts counted by the flood and sign-in limits, once older than any window.
    PeriodicJob("purge_old_throttle_events", throttle.purge_old_events, timedelta(hours=1)),
    # --- mentoring ---
    PeriodicJob("expire_mentoring_requests", expire_requests, timedelta(minutes=15)),
    PeriodicJob("purge_ended_mentoring_threads", purge_ended_threads, timedelta(hours=1)),
    # Reports about members who deleted their account, after the evidence retention period.
    PeriodicJob("purge_erased_member_reports", purge_erased_member_reports, timedelta(days=1)),
    # --- groups and moderation ---
    # Moderation records about members who deleted their account, likewise.
    PeriodicJob("purge_erased_member_records", purge_erased_member_records, timedelta(days=1)),
    # --- calendar (booking, group meetings): add their jobs here ---
    # A booked session whose end has passed counts as the match's first session.
    PeriodicJob("record_held_sessions", record_held_sessions, timedelta(minutes=15)),
)


def job_named(name: str) -> PeriodicJob:
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)
