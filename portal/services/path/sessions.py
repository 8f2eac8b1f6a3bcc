"""Around one booked session: agenda points before it, notes after it.

Either person adds agenda points before the session starts; both see them, and the
survivor also sees topics drawn from the goals she shared in this mentorship. Once it
has started, each writes a private note that only its writer ever reads, and both may
write the one shared "what we agreed" note. All of it belongs to an open mentorship:
once it ends, or one blocks the other, or either is suspended, neither reads it here
(her own words stay in "My data").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.calendar import BookingStatus
from portal.domain.path import (
    AGENDA_MAX,
    MAX_AGENDA_POINTS,
    SESSION_NOTE_MAX,
    GoalStatus,
    NoteKind,
    TopicSource,
    suggested_topics,
)
from portal.domain.permissions import Actor, Permission, require
from portal.models.calendar import SessionBooking
from portal.models.mentoring import MentorMatch
from portal.models.path import PathGoal, SessionNote
from portal.models.types import utcnow
from portal.services.calendar._common import Party
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.mentoring.common import names_of
from portal.services.path._access import match_is_open
from portal.services.path._common import check_shared_words, cleaned, steps_of
from portal.services.path.views import AgendaPoint, SessionNotesView


def _access_booking(session: Session, actor: Actor, booking_id: object) -> SessionBooking:
    """A booked session of the actor's, in a mentorship open right now."""
    require(actor, Permission.CALENDAR_SESSION_TAKE_PART)
    booking = session.get(SessionBooking, parse_id(booking_id))
    if booking is None or actor.id not in (booking.survivor_id, booking.mentor_id):
        raise NotFound()
    require(actor, Permission.CALENDAR_SESSION_TAKE_PART,
            Party(id=booking.id, party_ids=(booking.survivor_id, booking.mentor_id)))
    if not match_is_open(session, session.get(MentorMatch, booking.match_id)):
        raise ServiceError("calendar.session_closed")
    return booking


def _notes(session: Session, booking_id: int, kind: str) -> list[SessionNote]:
    return list(session.execute(
        select(SessionNote).where(SessionNote.booking_id == booking_id,
                                  SessionNote.kind == kind)
        .order_by(SessionNote.id)).scalars().all())


def _topics(session: Session, booking: SessionBooking) -> tuple:
    goals = session.execute(
        select(PathGoal).where(PathGoal.shared_match_id == booking.match_id,
                               PathGoal.owner_id == booking.survivor_id,
                               PathGoal.status == GoalStatus.ACTIVE)
        .order_by(PathGoal.id)).scalars().all()
    steps = steps_of(session, [goal.id for goal in goals])
    sources = [TopicSource(goal.title, goal.starter_key,
                           tuple(step.text for step in steps[goal.id]
                                 if step.accepted and not step.done)) for goal in goals]
    return tuple(suggested_topics(sources))


def session_notes(*, session: Session, actor: Actor, booking_id: object,
                  now: datetime | None = None) -> SessionNotesView:
    now = now or utcnow()
    booking = _access_booking(session, actor, booking_id)
    is_survivor = actor.id == booking.survivor_id
    partner = booking.mentor_id if is_survivor else booking.survivor_id
    mine = [note for note in _notes(session, booking.id, NoteKind.PRIVATE)
            if note.author_id == actor.id]
    agreed = _notes(session, booking.id, NoteKind.AGREED)
    return SessionNotesView(
        booking_id=booking.id, start_at=booking.start_at,
        partner_name=names_of(session, [partner]).get(partner, ""),
        is_survivor=is_survivor, before=now < booking.start_at,
        after=now >= booking.start_at,
        agenda=tuple(AgendaPoint(id=note.id, text=note.body, mine=note.author_id == actor.id)
                     for note in _notes(session, booking.id, NoteKind.AGENDA)),
        suggested_topics=_topics(session, booking) if is_survivor else (),
        private_note=mine[0].body if mine else "",
        agreed_note=agreed[0].body if agreed else "")


def add_agenda_point(*, session: Session, actor: Actor, booking_id: object, text: object,
                     now: datetime | None = None) -> int:
    now = now or utcnow()
    booking = _access_booking(session, actor, booking_id)
    if booking.status != BookingStatus.BOOKED or now >= booking.start_at:
        raise ServiceError("path.agenda_closed")
    words = cleaned(text, max_length=AGENDA_MAX)
    count = session.execute(select(func.count(SessionNote.id)).where(
        SessionNote.booking_id == booking.id,
        SessionNote.kind == NoteKind.AGENDA)).scalar_one()
    if count >= MAX_AGENDA_POINTS:
        raise ServiceError("path.too_many_points", limit=MAX_AGENDA_POINTS)
    check_shared_words(session, actor, words)
    note = SessionNote(booking_id=booking.id, author_id=actor.id, kind=NoteKind.AGENDA,
                       body=words, created_at=now, updated_at=now)
    session.add(note)
    session.commit()
    return note.id


def remove_agenda_point(*, session: Session, actor: Actor, point_id: object) -> None:
    """Take back one's own agenda point."""
    require(actor, Permission.CALENDAR_SESSION_TAKE_PART)
    note = session.get(SessionNote, parse_id(point_id))
    if note is None or note.kind != NoteKind.AGENDA or note.author_id != actor.id:
        raise NotFound()
    _access_booking(session, actor, note.booking_id)
    session.delete(note)
    session.commit()


def _after(session: Session, actor: Actor, booking_id: object, now: datetime
           ) -> SessionBooking:
    booking = _access_booking(session, actor, booking_id)
    if booking.status != BookingStatus.BOOKED or now < booking.start_at:
        raise ServiceError("path.notes_after")
    return booking


def save_private_note(*, session: Session, actor: Actor, booking_id: object, text: object,
                      now: datetime | None = None) -> None:
    """Her (or his) own note after the session: nobody else ever reads it."""
    now = now or utcnow()
    booking = _after(session, actor, booking_id, now)
    words = cleaned(text, max_length=SESSION_NOTE_MAX, line=False, optional=True)
    mine = [note for note in _notes(session, booking.id, NoteKind.PRIVATE)
            if note.author_id == actor.id]
    if mine:
        mine[0].body, mine[0].updated_at = words, now
    else:
        session.add(SessionNote(booking_id=booking.id, author_id=actor.id,
                                kind=NoteKind.PRIVATE, body=words, created_at=now,
                                updated_at=now))
    session.commit()


def save_agreed_note(*, session: Session, actor: Actor, booking_id: object, text: object,
                     now: datetime | None = None) -> None:
    """The one "what we agreed" note of the session: both read and edit it."""
    now = now or utcnow()
    booking = _after(session, actor, booking_id, now)
    words = cleaned(text, max_length=SESSION_NOTE_MAX, line=False, optional=True)
    if words:
        check_shared_words(session, actor, words)
    agreed = _notes(session, booking.id, NoteKind.AGREED)
    if agreed:
        agreed[0].body, agreed[0].author_id, agreed[0].updated_at = words, actor.id, now
    else:
        session.add(SessionNote(booking_id=booking.id, author_id=actor.id,
                                kind=NoteKind.AGREED, body=words, created_at=now,
                                updated_at=now))
    session.commit()

