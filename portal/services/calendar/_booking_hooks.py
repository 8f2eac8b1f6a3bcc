"""Sessions seen from elsewhere: the scheduler's first-session job, closing sessions when
a mentorship closes, and the member's calendar page (the "session" calendar source).

Importing this module registers the hooks (a match ends, a block, a suspension) and the
source (``portal.services.calendar`` imports it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlmodel import Session

from portal import routes
from portal.domain.calendar import BookingStatus
from portal.domain.mentoring import MatchStatus
from portal.domain.permissions import Actor, Permission, can
from portal.domain.waitlist import SeatStatus
from portal.models.calendar import SessionBooking
from portal.models.mentoring import MentorMatch
from portal.models.types import utcnow
from portal.services.calendar.booking import SUBJECT
from portal.services.calendar.feed import CalendarItem
from portal.services.mentoring.common import names_of
from portal.services.mentoring.matches import record_first_session
from portal.services.notifications import inbox as notifications


def record_held_sessions(session: Session, now: datetime) -> int:
    """The scheduler's job: a booked session whose end has passed is a first session held."""
    rows = session.execute(
        select(SessionBooking.match_id, SessionBooking.start_at)
        .join(MentorMatch, MentorMatch.id == SessionBooking.match_id)
        .where(SessionBooking.status == BookingStatus.BOOKED, SessionBooking.end_at <= now,
               MentorMatch.status == MatchStatus.ACTIVE,
               MentorMatch.first_session_at.is_(None))).all()
    first: dict[int, datetime] = {}
    for match_id, start_at in rows:
        first[match_id] = min(start_at, first.get(match_id, start_at))
    for match_id, start_at in first.items():
        record_first_session(session, match_id=match_id, at=start_at)
    session.commit()
    return len(first)


def close_sessions_between(session: Session, first_id: int, second_id: int,
                           now: datetime | None = None) -> int:
    """The mentorship between two people closed (ended, a block, a suspension): every
    session of theirs that has not finished is cancelled, its reminders are dropped, and
    both are told calmly, naming nobody and never the place. Runs in the caller's
    transaction; running it twice changes nothing. Returns how many were cancelled."""
    now = now or utcnow()
    pair = or_((SessionBooking.survivor_id == first_id) & (SessionBooking.mentor_id == second_id),
               (SessionBooking.survivor_id == second_id) & (SessionBooking.mentor_id == first_id))
    rows = session.execute(select(SessionBooking.id, SessionBooking.start_at).where(
        pair, SessionBooking.status == BookingStatus.BOOKED, SessionBooking.end_at > now)).all()
    if not rows:
        return 0
    ids = [row.id for row in rows]
    session.execute(update(SessionBooking).where(
        SessionBooking.id.in_(ids), SessionBooking.status == BookingStatus.BOOKED).values(
        status=BookingStatus.CANCELLED, active_slot=None, cancelled_by_id=None, cancel_reason="",
        cancelled_at=now, closed_with_match=True))
    for booking_id, starts_at in rows:
        notifications.cancel_reminders(session, subject_type=SUBJECT, subject_id=booking_id)
        for user_id in (first_id, second_id):
            notifications.notify(session, user_id=user_id, kind="booking",
                                 key="notify.session_closed", params={"starts_at": starts_at},
                                 link=routes.CALENDAR,
                                 dedupe_key=f"session_closed:{booking_id}:{user_id}")
    return len(ids)


def close_member_sessions(session: Session, user_id: int) -> int:
    """A suspension: every unfinished session of this member, with anyone, is closed."""
    now = utcnow()
    partners = session.execute(select(SessionBooking.survivor_id, SessionBooking.mentor_id).where(
        or_(SessionBooking.survivor_id == user_id, SessionBooking.mentor_id == user_id),
        SessionBooking.status == BookingStatus.BOOKED,
        SessionBooking.end_at > now).distinct()).all()
    others = {mentor if survivor == user_id else survivor for survivor, mentor in partners}
    return sum(close_sessions_between(session, user_id, other, now) for other in others)


def on_block(session: Session, blocker_id: int, blocked_id: int) -> None:
    close_sessions_between(session, blocker_id, blocked_id)


def on_match_end(session: Session, survivor_id: int, mentor_id: int) -> None:
    close_sessions_between(session, survivor_id, mentor_id)


def on_suspend(session: Session, user_id: int) -> None:
    close_member_sessions(session, user_id)


def session_items(session: Session, actor: Actor, start: datetime,
                  end: datetime) -> list[CalendarItem]:
    """The actor's own booked sessions in the range (for the calendar page), and those
    cancelled because the mentorship closed (marked cancelled, with nothing to open)."""
    if not can(actor, Permission.CALENDAR_SESSION_TAKE_PART):
        return []
    rows = session.execute(select(SessionBooking).where(
        or_(SessionBooking.survivor_id == actor.id, SessionBooking.mentor_id == actor.id),
        or_(SessionBooking.status == BookingStatus.BOOKED,
            SessionBooking.closed_with_match.is_(True)),
        SessionBooking.end_at > start,
        SessionBooking.start_at < end).order_by(SessionBooking.start_at)).scalars().all()
    partners = {row.id: row.mentor_id if row.survivor_id == actor.id else row.survivor_id
                for row in rows}
    names = names_of(session, partners.values())
    return [CalendarItem(kind="session", title_key="calendar.item_session",
                         starts_at=row.start_at, ends_at=row.end_at,
                         link=(routes.calendar_session(row.id)
                               if row.status == BookingStatus.BOOKED else ""),
                         title_params={"partner": names.get(partners[row.id], "")},
                         status=SeatStatus.CONFIRMED if row.status == BookingStatus.BOOKED
                         else SeatStatus.CANCELLED)
            for row in rows]
