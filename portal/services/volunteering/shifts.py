"""Volunteering for members: browse opportunities, sign up for a shift, cancel, see
your own volunteering. Shifts appear in the member's calendar.

Sign-ups and cancellations of one shift run one after the other (the shift's lock is
the transaction's first write): two members taking the last seat at once end with one
confirmed and one on the waitlist, never with the shift over its seats. A freed seat
goes to the first member waiting, who is told at once and gets their reminders.

Coordinators' tools live in ``volunteering_manage``; the history and its downloads in
``volunteering_history``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal import routes
from portal.domain.permissions import Actor, Permission, can, require
from portal.domain.volunteering import (
    CONFIRMED,
    MAX_WAITLIST,
    OPEN,
    PLACES,
    REMOTE,
    SCHEDULED,
    SKILLS,
    WAITLISTED,
    parse_codes,
)
from portal.domain.waitlist import placement
from portal.models.types import utcnow
from portal.models.volunteering import ShiftSignup, VolunteerOpportunity, VolunteerShift
from portal.services.calendar.feed import CalendarItem
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.volunteering._access import access_opportunity, lock_shift, may_manage
from portal.services.volunteering._seats import (
    active_signup,
    next_position,
    plan_reminders,
    release,
    seat_counts,
    waitlist_position,
)
from portal.services.volunteering.history import my_history
from portal.services.volunteering.views import (
    MyShift,
    MyVolunteering,
    OpportunityCard,
    OpportunityDetail,
    OpportunityPage,
    ShiftView,
    SignupResult,
)

PAGE_SIZE = 20
MAX_PAGE = 500
MAX_SHIFTS_SHOWN = 60


def _page_number(page: object) -> int:
    try:
        return min(max(int(str(page).strip()), 0), MAX_PAGE)
    except (TypeError, ValueError):
        return 0


def card_of(opportunity: VolunteerOpportunity, *, next_at: datetime | None = None,
            full: bool = False, upcoming: int = 0) -> OpportunityCard:
    return OpportunityCard(
        id=opportunity.id, title=opportunity.title, organisation=opportunity.organisation,
        remote=opportunity.remote, region=opportunity.region,
        skills=parse_codes(opportunity.skills, SKILLS),
        leadership_kind=opportunity.leadership_kind if opportunity.leadership else "",
        status=opportunity.status, next_shift_at=next_at, next_shift_full=full,
        upcoming_shifts=upcoming)


def _next_shift_full(session: Session, opportunity_id: int, now: datetime) -> bool:
    shift = session.execute(
        select(VolunteerShift).where(VolunteerShift.opportunity_id == opportunity_id,
                                     VolunteerShift.status == SCHEDULED,
                                     VolunteerShift.starts_at > now)
        .order_by(VolunteerShift.starts_at, VolunteerShift.id).limit(1)).scalar_one_or_none()
    if shift is None:
        return False
    confirmed, _waiting = seat_counts(session, shift.id)
    return confirmed >= shift.seats


def list_opportunities(*, session: Session, actor: Actor, place: object = "",
                       skill: object = "", leadership: object = False,
                       page: object = 0) -> OpportunityPage:
    """Open opportunities, soonest next shift first. Filters come from fixed lists."""
    require(actor, Permission.VOLUNTEERING_OPPORTUNITY_BROWSE)
    place, skill = str(place or "").strip(), str(skill or "").strip()
    if (place and place not in PLACES) or (skill and skill not in SKILLS):
        raise ServiceError("volunteering.filter_invalid")
    number = _page_number(page)
    now = utcnow()
    upcoming = (
        select(VolunteerShift.opportunity_id.label("opportunity_id"),
               func.min(VolunteerShift.starts_at).label("next_at"),
               func.count(VolunteerShift.id).label("shifts"))
        .where(VolunteerShift.status == SCHEDULED, VolunteerShift.starts_at > now)
        .group_by(VolunteerShift.opportunity_id).subquery())
    query = (select(VolunteerOpportunity, upcoming.c.next_at, upcoming.c.shifts)
             .outerjoin(upcoming, upcoming.c.opportunity_id == VolunteerOpportunity.id)
             .where(VolunteerOpportunity.status == OPEN))
    if place == REMOTE:
        query = query.where(VolunteerOpportunity.remote.is_(True))
    elif place:
        query = query.where(VolunteerOpportunity.remote.is_(False),
                            VolunteerOpportunity.region == place)
    if skill:
        query = query.where(VolunteerOpportunity.skills.like(f"%,{skill},%"))
    if leadership is True or str(leadership).strip().lower() in {"on", "true", "1", "yes"}:
        query = query.where(VolunteerOpportunity.leadership.is_(True))
    rows = session.execute(
        query.order_by(upcoming.c.next_at.is_(None), upcoming.c.next_at,
                       VolunteerOpportunity.id)
        .offset(number * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    items = tuple(
        card_of(opportunity, next_at=next_at, upcoming=shifts or 0,
                full=bool(next_at) and _next_shift_full(session, opportunity.id, now))
        for opportunity, next_at, shifts in rows[:PAGE_SIZE])
    return OpportunityPage(items=items, page=number, has_more=len(rows) > PAGE_SIZE)


def opportunity_detail(*, session: Session, actor: Actor,
                       opportunity_id: object) -> OpportunityDetail:
    """One opportunity with its upcoming shifts, seats left and the actor's own place."""
    opportunity = access_opportunity(session, actor, opportunity_id)
    now = utcnow()
    shifts = session.execute(
        select(VolunteerShift).where(VolunteerShift.opportunity_id == opportunity.id,
                                     VolunteerShift.status == SCHEDULED,
                                     VolunteerShift.starts_at > now)
        .order_by(VolunteerShift.starts_at, VolunteerShift.id)
        .limit(MAX_SHIFTS_SHOWN)).scalars().all()
    mine = {signup.shift_id: signup for signup in session.execute(
        select(ShiftSignup).where(ShiftSignup.user_id == actor.id,
                                  ShiftSignup.active.is_(True),
                                  ShiftSignup.shift_id.in_([s.id for s in shifts]))).scalars()}
    views = []
    for shift in shifts:
        confirmed, waiting = seat_counts(session, shift.id)
        signup = mine.get(shift.id)
        views.append(ShiftView(
            id=shift.id, starts_at=shift.starts_at, ends_at=shift.ends_at, seats=shift.seats,
            confirmed=confirmed, waiting=waiting, my_status=signup.status if signup else "",
            my_position=waitlist_position(session, signup) if signup else 0,
            waitlist_open=waiting < MAX_WAITLIST))
    first = views[0] if views else None
    card = card_of(opportunity, next_at=first.starts_at if first else None,
                   full=bool(first) and first.confirmed >= first.seats, upcoming=len(views))
    return OpportunityDetail(card=card, description=opportunity.description,
                             shifts=tuple(views),
                             can_sign_up=can(actor, Permission.VOLUNTEERING_SHIFT_SIGN_UP)
                             and opportunity.status == OPEN,
                             can_manage=may_manage(session, actor, opportunity))


def _open_shift(session: Session, actor: Actor, shift_id: int
                ) -> tuple[VolunteerShift, VolunteerOpportunity]:
    """The locked shift, when its opportunity is open and it has not begun."""
    shift = lock_shift(session, shift_id)
    opportunity = access_opportunity(session, actor, shift.opportunity_id)
    if opportunity.status != OPEN or shift.status != SCHEDULED:
        raise ServiceError("volunteering.shift_closed")
    if shift.starts_at <= utcnow():
        raise ServiceError("volunteering.shift_started")
    return shift, opportunity


def sign_up(*, session: Session, actor: Actor, shift_id: object) -> SignupResult:
    """A seat when one is free, else a place on the ordered waitlist."""
    require(actor, Permission.VOLUNTEERING_SHIFT_SIGN_UP)
    wanted = parse_id(shift_id)
    try:
        shift, _opportunity = _open_shift(session, actor, wanted)
        if active_signup(session, shift.id, actor.id) is not None:
            raise ServiceError("volunteering.already_signed_up")
        confirmed, waiting = seat_counts(session, shift.id)
        status = placement(seats=shift.seats, confirmed=confirmed)
        if status == WAITLISTED and waiting >= MAX_WAITLIST:
            raise ServiceError("volunteering.waitlist_full")
        now = utcnow()
        signup = ShiftSignup(shift_id=shift.id, user_id=actor.id, status=status,
                             position=next_position(session, shift.id), active=True,
                             created_at=now, confirmed_at=now if status == CONFIRMED else None)
        session.add(signup)
        session.flush()
        if status == CONFIRMED:
            plan_reminders(session, actor.id, shift)
        position = waitlist_position(session, signup)
    except IntegrityError:
        # Only a second sign-up by the same member can clash here (the lock orders all
        # others): the first one stands.
        session.rollback()
        raise ServiceError("volunteering.already_signed_up") from None
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return SignupResult(status=status, position=position)


def cancel_signup(*, session: Session, actor: Actor, shift_id: object) -> None:
    """Give up one's seat or waitlist place; the first member waiting moves up."""
    require(actor, Permission.VOLUNTEERING_SHIFT_SIGN_UP)
    wanted = parse_id(shift_id)
    try:
        shift = lock_shift(session, wanted)
        opportunity = access_opportunity(session, actor, shift.opportunity_id)
        signup = active_signup(session, shift.id, actor.id)
        if signup is None:
            raise NotFound()
        now = utcnow()
        if shift.starts_at <= now:
            raise ServiceError("volunteering.shift_started")
        release(session, signup, shift, opportunity, now)
    except BaseException:
        session.rollback()
        raise
    session.commit()


def my_volunteering(*, session: Session, actor: Actor) -> MyVolunteering:
    """The actor's own upcoming shifts (and waitlist places) and their history."""
    require(actor, Permission.VOLUNTEERING_SHIFT_SIGN_UP)
    now = utcnow()
    rows = session.execute(
        select(ShiftSignup, VolunteerShift, VolunteerOpportunity)
        .join(VolunteerShift, VolunteerShift.id == ShiftSignup.shift_id)
        .join(VolunteerOpportunity, VolunteerOpportunity.id == VolunteerShift.opportunity_id)
        .where(ShiftSignup.user_id == actor.id, ShiftSignup.active.is_(True),
               VolunteerShift.status == SCHEDULED, VolunteerShift.ends_at > now)
        .order_by(VolunteerShift.starts_at, VolunteerShift.id)).all()
    upcoming = tuple(
        MyShift(shift_id=shift.id, opportunity_id=opportunity.id, title=opportunity.title,
                organisation=opportunity.organisation, starts_at=shift.starts_at,
                ends_at=shift.ends_at, status=signup.status,
                position=waitlist_position(session, signup))
        for signup, shift, opportunity in rows)
    return MyVolunteering(upcoming=upcoming, history=my_history(session=session, actor=actor))


def shifts_in_calendar(session: Session, actor: Actor, start: datetime,
                        end: datetime) -> list[CalendarItem]:
    """The actor's own confirmed and waitlisted shifts in the range."""
    if actor is None or not actor.is_active:
        return []
    rows = session.execute(
        select(ShiftSignup.status, VolunteerShift, VolunteerOpportunity.title,
               VolunteerOpportunity.id)
        .join(VolunteerShift, VolunteerShift.id == ShiftSignup.shift_id)
        .join(VolunteerOpportunity, VolunteerOpportunity.id == VolunteerShift.opportunity_id)
        .where(ShiftSignup.user_id == actor.id, ShiftSignup.active.is_(True),
               VolunteerShift.status == SCHEDULED, VolunteerShift.ends_at > start,
               VolunteerShift.starts_at < end)
        .order_by(VolunteerShift.starts_at)).all()
    return [CalendarItem(kind="shift", title_key="volunteering.calendar_item",
                         title_params={"title": title}, starts_at=shift.starts_at,
                         ends_at=shift.ends_at, link=routes.VOLUNTEER_MINE, status=status)
            for status, shift, title, _opportunity_id in rows]

