"""Mentoring sessions: slots on the survivor's own clock, race-safe booking, moving and
cancelling by either person, and a calendar file that says nothing personal.

Booking is settled by the database (see ``portal.models.calendar``): the service takes
the mentor's booking lock as its first write, re-checks the chosen start with the
domain's ``check_bookable`` against the bookings it now sees, and inserts; the unique
(mentor, start, active_slot) refuses an identical start even if every check were
skipped. Any refusal after the lock rolls the whole transaction back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from portal import routes
from portal.domain.availability import (
    AvailabilityError,
    SlotNotBookable,
    check_bookable,
    compute_slots,
    present_slots,
)
from portal.domain.calendar import BookingStatus
from portal.domain.mentoring import MatchStatus
from portal.domain.permissions import Actor, Permission, Status, require
from portal.i18n import translate
from portal.models import User
from portal.models.calendar import SessionBooking
from portal.models.mentoring import MentorMatch
from portal.models.types import utcnow
from portal.services.calendar._common import (
    DETAILS_MAX,
    MAX_UPCOMING_PER_MATCH,
    REASON_MAX,
    SLOT_STEP_MINUTES,
    Party,
    availability_refusal,
    busy_for,
    checked_mode,
    checked_number,
    checked_start,
    cleaned_line,
    lock_mentor_calendar,
    mentor_modes,
    rules_of,
    settings_of,
    user_or_not_found,
)
from portal.services.calendar.views import BookingView, MentorChoice, SlotOffer
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.mentoring.common import active_match_between, names_of
from portal.services.notifications import inbox as notifications

SUBJECT = "session"


# --- loading --------------------------------------------------------------------------

def _access_booking(session: Session, actor: Actor, booking_id: object) -> SessionBooking:
    """A booking the actor is one of the two people of; anyone else: not found."""
    require(actor, Permission.CALENDAR_SESSION_TAKE_PART)
    booking = session.get(SessionBooking, parse_id(booking_id))
    if booking is None or actor.id not in (booking.survivor_id, booking.mentor_id):
        raise NotFound()
    require(actor, Permission.CALENDAR_SESSION_TAKE_PART,
            Party(id=booking.id, party_ids=(booking.survivor_id, booking.mentor_id)))
    return booking


def pair_is_open(session: Session, booking: SessionBooking) -> bool:
    """The two are still in an active mentorship and neither is suspended or gone."""
    if active_match_between(session, booking.survivor_id, booking.mentor_id) is None:
        return False
    statuses = session.execute(select(User.status).where(
        User.id.in_((booking.survivor_id, booking.mentor_id)))).scalars().all()
    return len(statuses) == 2 and all(status == Status.ACTIVE for status in statuses)


def _access_open_booking(session: Session, actor: Actor, booking_id: object) -> SessionBooking:
    """A booking of the actor's whose mentorship is still open. Where to meet, the link
    and the calendar file belong to an active mentorship only: once it ends (or one of
    the two is blocked or suspended) neither person reads or changes them."""
    booking = _access_booking(session, actor, booking_id)
    if not pair_is_open(session, booking):
        raise ServiceError("calendar.session_closed")
    return booking


def _bookable_match(session: Session, survivor_id: int, mentor_id: int):
    """The active mentorship to book in, while the mentor is not suspended."""
    match = active_match_between(session, survivor_id, mentor_id)
    mentor = session.get(User, mentor_id) if match is not None else None
    return match if mentor is not None and mentor.status == Status.ACTIVE else None


def mentor_choices(session: Session, survivor_id: int) -> tuple[MentorChoice, ...]:
    """The mentors this survivor is in an active mentorship with, oldest first."""
    rows = session.execute(
        select(MentorMatch.mentor_id, User.display_name)
        .join(User, User.id == MentorMatch.mentor_id)
        .where(MentorMatch.survivor_id == survivor_id, MentorMatch.status == MatchStatus.ACTIVE,
               User.status == Status.ACTIVE)
        .order_by(MentorMatch.started_at, MentorMatch.id)).all()
    return tuple(MentorChoice(id=row.mentor_id, name=row.display_name) for row in rows)


def _minutes(booking: SessionBooking) -> int:
    return int((booking.end_at - booking.start_at).total_seconds() // 60)


def _view(session: Session, booking: SessionBooking, actor_id: int,
          now: datetime) -> BookingView:
    mentee = booking.survivor_id == actor_id
    partner_id = booking.mentor_id if mentee else booking.survivor_id
    moved_to = session.execute(select(SessionBooking.id).where(
        SessionBooking.rescheduled_from_id == booking.id)).scalars().first()
    return BookingView(
        id=booking.id, partner_name=names_of(session, [partner_id]).get(partner_id, ""),
        my_side="mentee" if mentee else "mentor", starts_at=booking.start_at,
        ends_at=booking.end_at, length_minutes=_minutes(booking), mode=booking.mode,
        details=booking.details, status=booking.status,
        cancelled_by_me=booking.cancelled_by_id == actor_id,
        cancel_reason=booking.cancel_reason, rescheduled_from_id=booking.rescheduled_from_id,
        moved_to_id=moved_to,
        can_change=booking.status == BookingStatus.BOOKED and booking.start_at > now,
        match_active=pair_is_open(session, booking))


# --- slots ----------------------------------------------------------------------------

def _offer(session: Session, *, viewer: User, mentor: User, length: object, now: datetime,
           mentors: tuple[MentorChoice, ...] = (),
           booking: SessionBooking | None = None) -> SlotOffer:
    settings = settings_of(session, mentor.id)
    modes = (booking.mode,) if booking else mentor_modes(session, mentor.id)
    base = dict(mentor_id=mentor.id, mentor_name=mentor.display_name, modes=modes,
                timezone=viewer.timezone, mentors=mentors,
                booking_id=booking.id if booking else None)
    if settings is None:
        return SlotOffer(**base, lengths=(), length=0, days=(), hours_shared=False)
    rules = rules_of(session, mentor, settings, now)
    lengths = tuple(sorted(rules.session_lengths))
    if booking is not None:
        chosen = _minutes(booking)
    elif length in (None, "", 0):
        chosen = lengths[0]
    else:
        chosen = checked_number(length)
    if rules.paused:
        return SlotOffer(**base, lengths=lengths, length=chosen, days=(), paused=True)
    busy = busy_for(session, mentor.id, rules, now, exclude_id=booking.id if booking else None)
    try:
        starts = compute_slots(rules, busy=busy, length_minutes=chosen, now=now,
                               step_minutes=SLOT_STEP_MINUTES)
        days = present_slots(starts, viewer.timezone)
    except AvailabilityError as error:
        raise availability_refusal(error) from None
    return SlotOffer(**base, lengths=lengths, length=chosen, days=days)


def _mentor_of_own_match(session: Session, actor: Actor, match_id: object) -> int:
    """The mentor of a mentorship the actor is the survivor of; a match id from a link
    is never trusted: someone else's (or a made-up one) is "not matched"."""
    match = session.get(MentorMatch, parse_id(match_id))
    if match is None or match.survivor_id != actor.id:
        raise ServiceError("calendar.not_matched")
    return match.mentor_id


def available_slots(*, session: Session, actor: Actor, mentor_id: object = None,
                    length: object = None, match_id: object = None,
                    now: datetime | None = None) -> SlotOffer:
    """Open times with one of the survivor's own mentors, on the survivor's clock (the
    mentor chosen by id, or by the mentorship's id as "Book a session" links say)."""
    require(actor, Permission.CALENDAR_SESSION_BOOK)
    viewer = user_or_not_found(session, actor.id)
    mentors = mentor_choices(session, actor.id)
    if match_id not in (None, "", 0):
        chosen = _mentor_of_own_match(session, actor, match_id)
    elif mentor_id in (None, "", 0):
        if not mentors:
            raise ServiceError("calendar.no_mentor_yet")
        chosen = mentors[0].id
    else:
        chosen = parse_id(mentor_id)
    if _bookable_match(session, actor.id, chosen) is None:
        raise ServiceError("calendar.not_matched")
    mentor = user_or_not_found(session, chosen)
    return _offer(session, viewer=viewer, mentor=mentor, length=length, now=now or utcnow(),
                  mentors=mentors)


def _require_changeable(booking: SessionBooking, now: datetime) -> None:
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError("calendar.session_not_booked")
    if booking.start_at <= now:
        raise ServiceError("calendar.session_started")


def reschedule_slots(*, session: Session, actor: Actor, booking_id: object,
                     now: datetime | None = None) -> SlotOffer:
    """Other times for a session the actor takes part in (either person may move it)."""
    booking = _access_open_booking(session, actor, booking_id)
    now = now or utcnow()
    _require_changeable(booking, now)
    viewer = user_or_not_found(session, actor.id)
    mentor = user_or_not_found(session, booking.mentor_id)
    return _offer(session, viewer=viewer, mentor=mentor, length=None, now=now,
                  booking=booking)


# --- writing --------------------------------------------------------------------------

def _plan_reminders(session: Session, booking: SessionBooking, now: datetime) -> None:
    for user_id in (booking.survivor_id, booking.mentor_id):
        notifications.schedule_reminders(session, user_id=user_id, subject_type=SUBJECT,
                                         subject_id=booking.id, starts_at=booking.start_at,
                                         link=routes.calendar_session(booking.id), now=now)


def _refuse_clash_for_survivor(session: Session, survivor_id: int, start: datetime,
                               end: datetime, exclude_id: int | None = None) -> None:
    query = select(SessionBooking.id).where(
        SessionBooking.survivor_id == survivor_id, SessionBooking.status == BookingStatus.BOOKED,
        SessionBooking.start_at < end, SessionBooking.end_at > start)
    if exclude_id is not None:
        query = query.where(SessionBooking.id != exclude_id)
    if session.execute(query.limit(1)).first() is not None:
        raise ServiceError("calendar.survivor_busy")


def _lock(session: Session, mentor_id: int):
    try:
        return lock_mentor_calendar(session, mentor_id)
    except OperationalError:
        # SQLite waited its whole busy timeout, or PostgreSQL broke a deadlock.
        session.rollback()
        raise ServiceError("calendar.busy_try_again") from None


def _check_slot(session: Session, mentor: User, settings, *, start: datetime, length: int,
                now: datetime, exclude_id: int | None = None) -> None:
    rules = rules_of(session, mentor, settings, now)
    busy = busy_for(session, mentor.id, rules, now, exclude_id=exclude_id)
    try:
        check_bookable(rules, busy=busy, start=start, length_minutes=length, now=now,
                       step_minutes=SLOT_STEP_MINUTES)
    except SlotNotBookable as refusal:
        raise availability_refusal(refusal) from None


def _insert(session: Session, booking: SessionBooking) -> None:
    session.add(booking)
    try:
        session.flush()
    except IntegrityError:
        raise ServiceError("availability.slot_taken") from None


def book_session(*, session: Session, actor: Actor, mentor_id: object, start: object,
                 length: object, mode: object, details: object = "",
                 now: datetime | None = None) -> BookingView:
    """A survivor books a slot with their own mentor, in a way the mentor offers."""
    require(actor, Permission.CALENDAR_SESSION_BOOK)
    now = now or utcnow()
    mentor_id = parse_id(mentor_id)
    start, minutes = checked_start(start), checked_number(length)
    mode, details = checked_mode(mode), cleaned_line(details, max_length=DETAILS_MAX)
    match = _bookable_match(session, actor.id, mentor_id)
    if match is None:
        raise ServiceError("calendar.not_matched")
    mentor = user_or_not_found(session, mentor_id)
    if mode not in mentor_modes(session, mentor_id):
        raise ServiceError("calendar.mode_not_offered")
    if not 0 < minutes <= 24 * 60:
        raise ServiceError("calendar.number_invalid")
    end = start + timedelta(minutes=minutes)
    _refuse_clash_for_survivor(session, actor.id, start, end)
    upcoming = session.execute(select(func.count(SessionBooking.id)).where(
        SessionBooking.match_id == match.id, SessionBooking.status == BookingStatus.BOOKED,
        SessionBooking.start_at > now)).scalar_one()
    if upcoming >= MAX_UPCOMING_PER_MATCH:
        raise ServiceError("calendar.too_many_upcoming", most=MAX_UPCOMING_PER_MATCH)
    settings = _lock(session, mentor_id)
    try:
        if settings is None:
            raise ServiceError("calendar.no_hours_yet")
        _check_slot(session, mentor, settings, start=start, length=minutes, now=now)
        booking = SessionBooking(match_id=match.id, survivor_id=actor.id, mentor_id=mentor_id,
                                 start_at=start, end_at=end, mode=mode,
                                 details=details or settings.meeting_details,
                                 created_by_id=actor.id, created_at=now)
        _insert(session, booking)
        _plan_reminders(session, booking, now)
        notifications.notify(session, user_id=mentor_id, kind="booking",
                             key="notify.session_booked",
                             params={"starts_at": start, "by_member": actor.id},
                             link=routes.calendar_session(booking.id))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return _view(session, booking, actor.id, now)


def reschedule_session(*, session: Session, actor: Actor, booking_id: object, start: object,
                       now: datetime | None = None) -> BookingView:
    """Move a session to another open time; the old booking is cancelled in the same step."""
    booking = _access_open_booking(session, actor, booking_id)
    now = now or utcnow()
    start = checked_start(start)
    _require_changeable(booking, now)
    if start == booking.start_at:
        raise ServiceError("calendar.same_time")
    mentor = user_or_not_found(session, booking.mentor_id)
    minutes = _minutes(booking)
    end = start + timedelta(minutes=minutes)
    _refuse_clash_for_survivor(session, booking.survivor_id, start, end, exclude_id=booking.id)
    settings = _lock(session, booking.mentor_id)
    try:
        session.refresh(booking)
        if settings is None:
            raise ServiceError("calendar.no_hours_yet")
        _require_changeable(booking, now)
        _check_slot(session, mentor, settings, start=start, length=minutes, now=now,
                    exclude_id=booking.id)
        was_at = booking.start_at
        # Conditional, so a cancel that slipped in first is never overwritten.
        if session.execute(
                update(SessionBooking)
                .where(SessionBooking.id == booking.id,
                       SessionBooking.status == BookingStatus.BOOKED)
                .values(status=BookingStatus.CANCELLED, active_slot=None, cancelled_by_id=actor.id,
                        cancelled_at=now)).rowcount != 1:
            raise ServiceError("calendar.session_not_booked")
        moved = SessionBooking(match_id=booking.match_id, survivor_id=booking.survivor_id,
                               mentor_id=booking.mentor_id, start_at=start, end_at=end,
                               mode=booking.mode, details=booking.details,
                               created_by_id=actor.id, created_at=now,
                               rescheduled_from_id=booking.id)
        _insert(session, moved)
        notifications.cancel_reminders(session, subject_type=SUBJECT, subject_id=booking.id)
        _plan_reminders(session, moved, now)
        other = booking.mentor_id if actor.id == booking.survivor_id else booking.survivor_id
        notifications.notify(session, user_id=other, kind="booking", key="notify.session_moved",
                             params={"was_at": was_at, "starts_at": start,
                                     "by_member": actor.id},
                             link=routes.calendar_session(moved.id))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return _view(session, moved, actor.id, now)


def cancel_session(*, session: Session, actor: Actor, booking_id: object, reason: object = "",
                   now: datetime | None = None) -> BookingView:
    """Either person cancels; a reason is optional and shown only to the other person."""
    booking = _access_open_booking(session, actor, booking_id)
    now = now or utcnow()
    reason = cleaned_line(reason, max_length=REASON_MAX)
    _require_changeable(booking, now)
    cancelled = session.execute(
        update(SessionBooking)
        .where(SessionBooking.id == booking.id, SessionBooking.status == BookingStatus.BOOKED)
        .values(status=BookingStatus.CANCELLED, active_slot=None, cancelled_by_id=actor.id,
                cancel_reason=reason, cancelled_at=now)).rowcount
    try:
        if cancelled != 1:
            raise ServiceError("calendar.session_not_booked")
        notifications.cancel_reminders(session, subject_type=SUBJECT, subject_id=booking.id)
        other = booking.mentor_id if actor.id == booking.survivor_id else booking.survivor_id
        notifications.notify(session, user_id=other, kind="booking",
                             key="notify.session_cancelled",
                             params={"starts_at": booking.start_at, "by_member": actor.id},
                             link=routes.calendar_session(booking.id))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    session.refresh(booking)
    return _view(session, booking, actor.id, now)


def update_session_details(*, session: Session, actor: Actor, booking_id: object,
                           details: object, now: datetime | None = None) -> BookingView:
    """Where to meet or the video link; either person may change it before it starts."""
    booking = _access_open_booking(session, actor, booking_id)
    now = now or utcnow()
    text = cleaned_line(details, max_length=DETAILS_MAX)
    _require_changeable(booking, now)
    booking.details = text
    session.commit()
    return _view(session, booking, actor.id, now)


def get_session(*, session: Session, actor: Actor, booking_id: object,
                now: datetime | None = None) -> BookingView:
    booking = _access_open_booking(session, actor, booking_id)
    return _view(session, booking, actor.id, now or utcnow())


def session_ics(*, session: Session, actor: Actor, booking_id: object,
                now: datetime | None = None) -> bytes:
    """A calendar file for one's own session: a neutral title, the times, nothing else."""
    booking = _access_open_booking(session, actor, booking_id)
    user = user_or_not_found(session, actor.id)
    calendar = Calendar()
    calendar.add("prodid", "-//Lantern//Calendar//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"lantern-session-{booking.id}@lantern.invalid")
    event.add("summary", translate(user.language, "calendar.ics_title"))
    event.add("dtstart", booking.start_at)
    event.add("dtend", booking.end_at)
    event.add("dtstamp", now or utcnow())
    if booking.status != BookingStatus.BOOKED:
        # The same UID, cancelled and one version newer: a phone calendar that already
        # holds the session takes it off. The session page offers no "Add" link for it.
        event.add("status", "CANCELLED")
        event.add("sequence", 1)
    calendar.add_component(event)
    return calendar.to_ical()
