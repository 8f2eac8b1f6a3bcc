"""Requests: a survivor asks, the mentor accepts, declines or asks a question; 7-day expiry.

Accepting opens a match by taking a numbered seat on each side (see the models): the
database refuses a second winner when two accepts race for the last seat.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.languages import ordered_languages
from portal.domain.mentoring import (
    ApplicationStatus,
    MatchStatus,
    RequestClosedReason,
    RequestStatus,
)
from portal.domain.permissions import Actor, Permission, Status, require
from portal.domain.vocabulary import FOCUS_AREAS, LANGUAGES
from portal.models import User
from portal.models.mentoring import MentorMatch, MentorRequest
from portal.models.types import utcnow
from portal.services import throttle
from portal.services.accounts.blocks import is_blocked_between
from portal.services.errors import ServiceError, parse_id
from portal.services.mentoring import notices
from portal.services.mentoring.common import (
    ANSWER_MAX,
    FOCUS_SET,
    LANGUAGE_SET,
    MAX_OPEN_REQUESTS,
    NOTE_MAX,
    QUESTION_MAX,
    REQUEST_LIFETIME,
    access_approved_mentor,
    access_request,
    active_counts,
    allowance_of,
    application_of,
    cleaned_text,
    ended_pairs_for,
    intake_of,
    lock_people,
    names_of,
    ordered,
    split_keys,
)
from portal.services.mentoring.matches import match_view
from portal.services.mentoring.views import (
    IncomingRequestView,
    MatchView,
    MentorDesk,
    SentRequestView,
)

REQUESTS_PER_DAY = throttle.Limit("mentor_request", 10, timedelta(hours=24))
SHOW_CLOSED_FOR = timedelta(days=14)


def _sent_view(request: MentorRequest, mentor_name: str, *,
               lapsed: bool = False) -> SentRequestView:
    """``lapsed``: still pending in the table, but past its expiry (the job has not run)."""
    return SentRequestView(
        id=request.id, mentor_id=request.mentor_id, mentor_name=mentor_name,
        status=RequestStatus.EXPIRED if lapsed else request.status,
        closed_reason=RequestClosedReason.EXPIRED if lapsed else request.closed_reason,
        note=request.note,
        question=request.question, answer=request.answer, source=request.source,
        created_at=request.created_at, expires_at=request.expires_at)


def _close(request: MentorRequest, status: RequestStatus, reason: RequestClosedReason,
           now: datetime) -> None:
    request.status = status
    request.closed_reason = reason
    request.open_pair = None
    request.closed_at = now


def _expire_stale(session: Session, now: datetime, **where: int) -> None:
    conditions = [getattr(MentorRequest, column) == value for column, value in where.items()]
    session.execute(
        update(MentorRequest)
        .where(MentorRequest.status == RequestStatus.PENDING, MentorRequest.expires_at <= now,
               *conditions)
        .values(status=RequestStatus.EXPIRED, closed_reason=RequestClosedReason.EXPIRED,
                open_pair=None, closed_at=now))


def expire_requests(session: Session, now: datetime) -> int:
    """The scheduler's job: every pending request older than seven days expires."""
    result = session.execute(
        update(MentorRequest)
        .where(MentorRequest.status == RequestStatus.PENDING, MentorRequest.expires_at <= now)
        .values(status=RequestStatus.EXPIRED, closed_reason=RequestClosedReason.EXPIRED,
                open_pair=None, closed_at=now))
    session.commit()
    return result.rowcount or 0


def pair_refusal(session: Session, survivor_id: int, mentor_id: int) -> str | None:
    """Why these two cannot start a mentorship now (blocks, an ended match), or None."""
    if is_blocked_between(session, survivor_id, mentor_id):
        return "mentoring.mentor_unavailable"
    ended, rematch = ended_pairs_for(session, [survivor_id])
    if (survivor_id, mentor_id) in ended and (survivor_id, mentor_id) not in rematch:
        return "mentoring.mentor_unavailable"
    return None


def send_request(*, session: Session, actor: Actor, mentor_id: object, note: object = "",
                 now: datetime | None = None, source: str = "survivor") -> SentRequestView:
    """Ask an approved mentor; refused for paused, full, blocked or duplicate requests."""
    require(actor, Permission.MENTORING_MENTEE_SEEK)
    now = now or utcnow()
    if parse_id(mentor_id) == actor.id:
        raise ServiceError("mentoring.not_yourself")
    mentor, application = access_approved_mentor(session, actor, mentor_id)
    text = cleaned_text(note, max_length=NOTE_MAX, optional=True)
    lock_people(session, actor.id, mentor.id)
    session.refresh(application)
    refusal = pair_refusal(session, actor.id, mentor.id)
    if refusal:
        raise ServiceError(refusal)
    if application.paused:
        raise ServiceError("mentoring.mentor_paused")
    mentees = active_counts(session, MentorMatch.mentor_id, [mentor.id]).get(mentor.id, 0)
    if mentees >= application.capacity:
        raise ServiceError("mentoring.mentor_full")
    my_mentors = active_counts(session, MentorMatch.survivor_id, [actor.id]).get(actor.id, 0)
    if my_mentors >= allowance_of(intake_of(session, actor.id)):
        raise ServiceError("mentoring.already_have_mentor")
    _expire_stale(session, now, survivor_id=actor.id)
    open_requests = dict(session.execute(
        select(MentorRequest.mentor_id, MentorRequest.id).where(
            MentorRequest.survivor_id == actor.id,
            MentorRequest.status == RequestStatus.PENDING)).all())
    if mentor.id in open_requests:
        raise ServiceError("mentoring.request_already_sent")
    if len(open_requests) >= MAX_OPEN_REQUESTS:
        raise ServiceError("mentoring.too_many_open_requests", most=MAX_OPEN_REQUESTS)
    throttle.check(session, limit=REQUESTS_PER_DAY, key=f"user:{actor.id}", now=now)
    request = MentorRequest(survivor_id=actor.id, mentor_id=mentor.id, note=text,
                            source=source, created_at=now, expires_at=now + REQUEST_LIFETIME)
    session.add(request)
    try:
        session.flush()
    except IntegrityError:  # a double tap: the first request stands
        session.rollback()
        raise ServiceError("mentoring.request_already_sent") from None
    throttle.count(session, limit=REQUESTS_PER_DAY, key=f"user:{actor.id}", now=now)
    notices.request_received(session, request)
    session.commit()
    return _sent_view(request, mentor.display_name)


def _require_pending(request: MentorRequest, now: datetime) -> None:
    if request.status != RequestStatus.PENDING:
        raise ServiceError("mentoring.request_closed")
    if request.expires_at <= now:
        raise ServiceError("mentoring.request_expired")


def withdraw_request(*, session: Session, actor: Actor, request_id: object) -> None:
    request = access_request(session, actor, request_id, side="survivor")
    now = utcnow()
    _require_pending(request, now)
    _close(request, RequestStatus.WITHDRAWN, RequestClosedReason.WITHDRAWN, now)
    session.commit()


def answer_question(*, session: Session, actor: Actor, request_id: object,
                    answer: object) -> None:
    request = access_request(session, actor, request_id, side="survivor")
    _require_pending(request, utcnow())
    if not request.question:
        raise ServiceError("mentoring.no_question_yet")
    request.answer = cleaned_text(answer, max_length=ANSWER_MAX, optional=False)
    session.commit()


def ask_question(*, session: Session, actor: Actor, request_id: object,
                 question: object) -> None:
    """The mentor asks something short before deciding; the survivor can answer."""
    request = access_request(session, actor, request_id, side="mentor")
    _require_pending(request, utcnow())
    request.question = cleaned_text(question, max_length=QUESTION_MAX, optional=False)
    request.answer = ""
    session.commit()


def decline_request(*, session: Session, actor: Actor, request_id: object) -> None:
    """No reason needed; the survivor is shown other mentors."""
    request = access_request(session, actor, request_id, side="mentor")
    now = utcnow()
    _require_pending(request, now)
    _close(request, RequestStatus.DECLINED, RequestClosedReason.DECLINED, now)
    notices.request_declined(session, request)
    session.commit()


def _free_seat(session: Session, column, seat_column, person_id: int, seats: int) -> int | None:
    taken = set(session.execute(
        select(seat_column).where(column == person_id,
                                  MentorMatch.status == MatchStatus.ACTIVE)).scalars())
    if len(taken) >= seats:
        return None
    return next((seat for seat in range(seats) if seat not in taken), None)


def start_match(session: Session, *, survivor_id: int, mentor_id: int, capacity: int,
                request_id: int | None, now: datetime) -> MentorMatch:
    """Open a match in the caller's transaction, taking a seat on each side."""
    if session.execute(select(func.count(MentorMatch.id)).where(
            MentorMatch.survivor_id == survivor_id, MentorMatch.mentor_id == mentor_id,
            MentorMatch.status == MatchStatus.ACTIVE)).scalar_one():
        raise ServiceError("mentoring.already_matched")
    mentor_seat = _free_seat(session, MentorMatch.mentor_id, MentorMatch.mentor_seat,
                             mentor_id, capacity)
    if mentor_seat is None:
        raise ServiceError("mentoring.mentor_full")
    survivor_seat = _free_seat(session, MentorMatch.survivor_id, MentorMatch.survivor_seat,
                               survivor_id, allowance_of(intake_of(session, survivor_id)))
    if survivor_seat is None:
        raise ServiceError("mentoring.survivor_has_mentor")
    match = MentorMatch(survivor_id=survivor_id, mentor_id=mentor_id, request_id=request_id,
                        survivor_seat=survivor_seat, mentor_seat=mentor_seat, started_at=now)
    session.add(match)
    session.flush()
    return match


def _close_requests_that_can_no_longer_succeed(session: Session, survivor_id: int,
                                               mentor_id: int, capacity: int,
                                               now: datetime) -> None:
    survivor_full = active_counts(session, MentorMatch.survivor_id, [survivor_id]).get(
        survivor_id, 0) >= allowance_of(intake_of(session, survivor_id))
    if survivor_full:
        session.execute(
            update(MentorRequest)
            .where(MentorRequest.survivor_id == survivor_id,
                   MentorRequest.status == RequestStatus.PENDING)
            .values(status=RequestStatus.WITHDRAWN, closed_reason=RequestClosedReason.MATCHED,
                    open_pair=None, closed_at=now))
    if active_counts(session, MentorMatch.mentor_id, [mentor_id]).get(mentor_id, 0) >= capacity:
        # Each survivor still waiting on this mentor hears that her places are full.
        for waiting in session.execute(select(MentorRequest).where(
                MentorRequest.mentor_id == mentor_id,
                MentorRequest.status == RequestStatus.PENDING)).scalars():
            notices.request_declined(session, waiting, mentor_full=True)
        session.execute(
            update(MentorRequest)
            .where(MentorRequest.mentor_id == mentor_id,
                   MentorRequest.status == RequestStatus.PENDING)
            .values(status=RequestStatus.DECLINED, closed_reason=RequestClosedReason.MENTOR_FULL,
                    open_pair=None,
                    closed_at=now))


def accept_request(*, session: Session, actor: Actor, request_id: object,
                   now: datetime | None = None) -> MatchView:
    """Accepting starts the mentorship, within the mentor's capacity and her allowance."""
    request = access_request(session, actor, request_id, side="mentor", lock=False)
    now = now or utcnow()
    try:
        match = _accept_locked(session, actor, request, now)
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ServiceError("mentoring.changed_try_again") from None
    except ServiceError:
        session.rollback()  # and let go of the locks at once
        raise
    return match_view(session, match, actor.id, now)


def _accept_locked(session: Session, actor: Actor, request: MentorRequest,
                   now: datetime) -> MentorMatch:
    lock_people(session, request.survivor_id, request.mentor_id)
    session.refresh(request, with_for_update=True)
    _require_pending(request, now)
    application = application_of(session, actor.id)
    if (application is None or application.status != ApplicationStatus.APPROVED
            or application.paused):
        raise ServiceError("mentoring.not_an_approved_mentor")
    survivor = session.get(User, request.survivor_id)
    if (pair_refusal(session, request.survivor_id, actor.id) or survivor is None
            or survivor.status != Status.ACTIVE):
        raise ServiceError("mentoring.request_closed")
    match = start_match(session, survivor_id=request.survivor_id, mentor_id=actor.id,
                        capacity=application.capacity, request_id=request.id, now=now)
    _close(request, RequestStatus.ACCEPTED, RequestClosedReason.ACCEPTED, now)
    notices.request_accepted(session, request, match)
    _close_requests_that_can_no_longer_succeed(session, request.survivor_id, actor.id,
                                               application.capacity, now)
    return match


# --- lists -----------------------------------------------------------------------------

def my_requests(*, session: Session, actor: Actor,
                now: datetime | None = None) -> list[SentRequestView]:
    """The survivor's open requests and those closed lately (accepted ones become matches)."""
    require(actor, Permission.MENTORING_MENTEE_SEEK)
    now = now or utcnow()
    rows = session.execute(
        select(MentorRequest).where(
            MentorRequest.survivor_id == actor.id, MentorRequest.status != RequestStatus.ACCEPTED,
            (MentorRequest.status == RequestStatus.PENDING)
            | (MentorRequest.closed_at > now - SHOW_CLOSED_FOR))
        .order_by(MentorRequest.created_at.desc(), MentorRequest.id.desc()).limit(20)
    ).scalars().all()
    names = names_of(session, (r.mentor_id for r in rows))
    return [_sent_view(request, names.get(request.mentor_id, ""),
                       lapsed=request.status == RequestStatus.PENDING and request.expires_at <= now)
            for request in rows]


def _incoming_view(request: MentorRequest, survivor: User, session: Session) -> IncomingRequestView:
    intake = intake_of(session, survivor.id)
    goals = split_keys(intake.goals, FOCUS_SET) if intake and not intake.skipped else frozenset()
    languages = (split_keys(intake.languages, LANGUAGE_SET) if intake else frozenset()) or {
        survivor.language}
    return IncomingRequestView(
        id=request.id, survivor_name=survivor.display_name,
        goals=ordered(goals, FOCUS_AREAS), languages=ordered_languages(languages, LANGUAGES),
        note=request.note, question=request.question, answer=request.answer,
        source=request.source, created_at=request.created_at, expires_at=request.expires_at)


def mentor_desk(*, session: Session, actor: Actor, now: datetime | None = None) -> MentorDesk:
    """A mentor's requests, mentees and capacity, in one view."""
    require(actor, Permission.MENTORING_MENTOR_MANAGE)
    now = now or utcnow()
    application = application_of(session, actor.id)
    if application is None:
        return MentorDesk(status="new", paused=False, capacity=0, active_count=0,
                          requests=(), mentees=())
    rows = session.execute(
        select(MentorRequest, User).join(User, User.id == MentorRequest.survivor_id)
        .where(MentorRequest.mentor_id == actor.id, MentorRequest.status == RequestStatus.PENDING,
               MentorRequest.expires_at > now)
        .order_by(MentorRequest.created_at, MentorRequest.id)
    ).all()
    matches = session.execute(
        select(MentorMatch).where(MentorMatch.mentor_id == actor.id,
                                  MentorMatch.status == MatchStatus.ACTIVE)
        .order_by(MentorMatch.started_at)).scalars().all()
    return MentorDesk(
        status=application.status, paused=application.paused, capacity=application.capacity,
        active_count=len(matches),
        requests=tuple(_incoming_view(request, user, session) for request, user in rows),
        mentees=tuple(match_view(session, match, actor.id, now) for match in matches))
