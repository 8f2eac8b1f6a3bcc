"""Sessions seen from elsewhere: the scheduler's first-session job, the block hook, and
the member's calendar page (the "session" calendar source).

Importing this module registers the hook and the source (``portal.services.calendar``
imports it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, can
from portal.models.calendar import SessionBooking
from portal.models.mentoring import MentorMatch
from portal.models.types import utcnow
from portal.services import blocks, notifications
from portal.services.calendar_booking import SUBJECT, session_link
from portal.services.calendar_feed import CalendarItem, calendar_source
from portal.services.mentoring import record_first_session
from portal.services.mentoring_common import names_of


def record_held_sessions(session: Session, now: datetime) -> int:
    """The scheduler's job: a booked session whose end has passed is a first session held."""
    rows = session.execute(
        select(SessionBooking.match_id, SessionBooking.start_at)
        .join(MentorMatch, MentorMatch.id == SessionBooking.match_id)
        .where(SessionBooking.status == "booked", SessionBooking.end_at <= now,
               MentorMatch.status == "active", MentorMatch.first_session_at.is_(None))).all()
    first: dict[int, datetime] = {}
    for match_id, start_at in rows:
        first[match_id] = min(start_at, first.get(match_id, start_at))
    for match_id, start_at in first.items():
        record_first_session(session, match_id=match_id, at=start_at)
    session.commit()
    return len(first)


def cancel_sessions_between(session: Session, first_id: int, second_id: int) -> None:
    """ON_BLOCK hook: their upcoming sessions are cancelled quietly (no one is told who
    blocked whom); their reminders are dropped."""
    now = utcnow()
    pair = or_((SessionBooking.survivor_id == first_id) & (SessionBooking.mentor_id == second_id),
               (SessionBooking.survivor_id == second_id) & (SessionBooking.mentor_id == first_id))
    ids = list(session.execute(select(SessionBooking.id).where(
        pair, SessionBooking.status == "booked", SessionBooking.end_at > now)).scalars())
    if not ids:
        return
    session.execute(update(SessionBooking).where(SessionBooking.id.in_(ids)).values(
        status="cancelled", active_slot=None, cancelled_by_id=first_id, cancelled_at=now))
    for booking_id in ids:
        notifications.cancel_reminders(session, subject_type=SUBJECT, subject_id=booking_id)


if cancel_sessions_between not in blocks.ON_BLOCK:
    blocks.ON_BLOCK.append(cancel_sessions_between)


@calendar_source("session")
def session_items(session: Session, actor: Actor, start: datetime,
                  end: datetime) -> list[CalendarItem]:
    """The actor's own booked sessions in the range (for the calendar page)."""
    if not can(actor, Permission.SESSION_TAKE_PART):
        return []
    rows = session.execute(select(SessionBooking).where(
        or_(SessionBooking.survivor_id == actor.id, SessionBooking.mentor_id == actor.id),
        SessionBooking.status == "booked", SessionBooking.end_at > start,
        SessionBooking.start_at < end).order_by(SessionBooking.start_at)).scalars().all()
    partners = {row.id: row.mentor_id if row.survivor_id == actor.id else row.survivor_id
                for row in rows}
    names = names_of(session, partners.values())
    return [CalendarItem(kind="session", title_key="calendar.item_session",
                         starts_at=row.start_at, ends_at=row.end_at, link=session_link(row.id),
                         title_params={"partner": names.get(partners[row.id], "")})
            for row in rows]
