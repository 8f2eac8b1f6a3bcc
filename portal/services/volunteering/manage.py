"""Volunteering for coordinators and staff: post and edit opportunities and shifts.
Attendance and hours are in ``volunteering_hours``.

A partner coordinator acts only on their own organisation's opportunities (the
``_own_organisation`` object rule, checked against both organisations as the database
holds them); moderators and administrators act on every organisation's. Every action
and every read of a roster is written to the audit log in the same commit.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.keyed_error import KeyedError
from portal.domain.permissions import Actor, require
from portal.domain.sanitize import EmptyText, clean_plain_line, clean_user_text
from portal.domain.volunteering import (
    CANCELLED,
    CLOSED,
    CONFIRMED,
    DESCRIPTION_MAX,
    MAX_DAYS_BACK,
    OPEN,
    OPPORTUNITY_STATUSES,
    ORGANISATION_MAX,
    REMOTE,
    SCHEDULED,
    SKILLS,
    TITLE_MAX,
    checked_leadership,
    checked_place,
    checked_seats,
    checked_skills,
    format_codes,
    parse_codes,
    reveals_purpose,
    shift_window,
)
from portal.models import User
from portal.models.types import utcnow
from portal.models.volunteering import (
    ShiftSignup,
    VolunteerAttendance,
    VolunteerOpportunity,
    VolunteerShift,
)
from portal.services import audit
from portal.services.errors import ServiceError
from portal.services.volunteering._access import (
    MANAGE,
    access_opportunity,
    access_shift,
    lock_shift,
    organisation_key,
    require_organisation,
)
from portal.services.volunteering._seats import (
    drop_reminders,
    plan_reminders,
    promote_waiting,
    release,
    seat_counts,
    tell,
)
from portal.services.volunteering.views import (
    EditorView,
    ManagedOpportunity,
    ManagedShift,
    OpportunityFields,
)

MAX_LISTED = 100
MAX_SHIFTS_LISTED = 40
MAX_UPCOMING_SHIFTS = 200
_TRUE = {"on", "true", "1", "yes"}


def refused(error: KeyedError) -> ServiceError:
    return ServiceError(error.message_key, **error.params)


def _line(raw: object, *, max_length: int, empty_key: str) -> str:
    try:
        return clean_plain_line(str(raw or ""), max_length=max_length)
    except EmptyText:
        raise ServiceError(empty_key) from None
    except KeyedError as error:
        raise refused(error) from None


def _text(raw: object) -> str:
    try:
        return clean_user_text(str(raw or ""), max_length=DESCRIPTION_MAX)
    except EmptyText:
        return ""
    except KeyedError as error:
        raise refused(error) from None


def _flag(value: object) -> bool:
    return value is True or str(value).strip().lower() in _TRUE


def _timezone(session: Session, actor: Actor) -> str:
    user = session.get(User, actor.id)
    return user.timezone if user else "UTC"


def managed_shift(session: Session, shift: VolunteerShift) -> ManagedShift:
    confirmed, waiting = seat_counts(session, shift.id)
    now = utcnow()
    return ManagedShift(id=shift.id, starts_at=shift.starts_at, ends_at=shift.ends_at,
                        seats=shift.seats, confirmed=confirmed, waiting=waiting,
                        status=shift.status, started=shift.starts_at <= now,
                        ended=shift.ends_at <= now)


# --- opportunities ------------------------------------------------------------------

def managed_opportunities(*, session: Session, actor: Actor) -> tuple[ManagedOpportunity, ...]:
    """Opportunities the actor may manage: their organisation's, or every one for staff."""
    require(actor, MANAGE)
    query = select(VolunteerOpportunity)
    if not actor.is_staff:
        key = organisation_key(require_organisation(session, actor))
        query = query.where(VolunteerOpportunity.organisation_key == key)
    opportunities = session.execute(
        query.order_by(VolunteerOpportunity.status.desc(),
                       VolunteerOpportunity.updated_at.desc(), VolunteerOpportunity.id.desc())
        .limit(MAX_LISTED)).scalars().all()
    ids = [opportunity.id for opportunity in opportunities]
    now = utcnow()
    upcoming = dict(session.execute(
        select(VolunteerShift.opportunity_id, func.count(VolunteerShift.id))
        .where(VolunteerShift.opportunity_id.in_(ids), VolunteerShift.status == SCHEDULED,
               VolunteerShift.starts_at > now)
        .group_by(VolunteerShift.opportunity_id)).all())
    waiting = dict(session.execute(
        select(VolunteerShift.opportunity_id, func.count(VolunteerAttendance.id))
        .join(VolunteerShift, VolunteerShift.id == VolunteerAttendance.shift_id)
        .where(VolunteerShift.opportunity_id.in_(ids), VolunteerAttendance.approved_at.is_(None))
        .group_by(VolunteerShift.opportunity_id)).all())
    return tuple(ManagedOpportunity(id=o.id, title=o.title, organisation=o.organisation,
                                    status=o.status, upcoming_shifts=upcoming.get(o.id, 0),
                                    hours_waiting=waiting.get(o.id, 0))
                 for o in opportunities)


def _fields_of(opportunity: VolunteerOpportunity) -> OpportunityFields:
    return OpportunityFields(
        id=opportunity.id, title=opportunity.title, organisation=opportunity.organisation,
        description=opportunity.description,
        place=REMOTE if opportunity.remote else opportunity.region,
        skills=parse_codes(opportunity.skills, SKILLS),
        leadership_kind=opportunity.leadership_kind if opportunity.leadership else "",
        status=opportunity.status)


def opportunity_editor(*, session: Session, actor: Actor,
                       opportunity_id: object = 0) -> EditorView:
    """The editor for a new opportunity (id 0) or one the actor may manage, with shifts."""
    require(actor, MANAGE)
    organisation = require_organisation(session, actor)
    fixed = not actor.is_staff
    if str(opportunity_id or "0").strip() in {"", "0"}:
        blank = OpportunityFields(id=0, title="", organisation=organisation, description="",
                                  place=REMOTE, skills=(), leadership_kind="", status=OPEN)
        return EditorView(fields=blank, shifts=(), organisation_fixed=fixed)
    opportunity = access_opportunity(session, actor, opportunity_id, permission=MANAGE)
    now = utcnow()
    upcoming = session.execute(
        select(VolunteerShift).where(VolunteerShift.opportunity_id == opportunity.id,
                                     VolunteerShift.starts_at > now)
        .order_by(VolunteerShift.starts_at, VolunteerShift.id)
        .limit(MAX_SHIFTS_LISTED)).scalars().all()
    past = session.execute(
        select(VolunteerShift).where(VolunteerShift.opportunity_id == opportunity.id,
                                     VolunteerShift.starts_at <= now)
        .order_by(VolunteerShift.starts_at.desc(), VolunteerShift.id.desc())
        .limit(MAX_SHIFTS_LISTED)).scalars().all()
    shifts = tuple(managed_shift(session, shift) for shift in [*upcoming, *past])
    return EditorView(fields=_fields_of(opportunity), shifts=shifts, organisation_fixed=fixed)


def save_opportunity(*, session: Session, actor: Actor, opportunity_id: object = 0,
                     title: object = "", organisation: object = "", description: object = "",
                     place: object = REMOTE, skills: object = (), leadership: object = False,
                     leadership_kind: object = "", status: object = OPEN) -> int:
    """Post a new opportunity (id 0) or edit one the actor manages. Returns its id."""
    require(actor, MANAGE)
    own = require_organisation(session, actor)
    existing = None
    if str(opportunity_id or "0").strip() not in {"", "0"}:
        existing = access_opportunity(session, actor, opportunity_id, permission=MANAGE)
    clean_title = _line(title, max_length=TITLE_MAX, empty_key="volunteering.title_needed")
    if reveals_purpose(clean_title):
        raise ServiceError("volunteering.title_reveals")
    if actor.is_staff:
        clean_org = _line(organisation, max_length=ORGANISATION_MAX,
                          empty_key="volunteering.organisation_needed")
    else:
        clean_org = existing.organisation if existing else own
    try:
        clean_place = checked_place(place)
        clean_skills = checked_skills(skills)
        kind = checked_leadership(_flag(leadership), leadership_kind)
    except KeyedError as error:
        raise refused(error) from None
    clean_status = str(status or OPEN).strip()
    if clean_status not in OPPORTUNITY_STATUSES:
        raise ServiceError("volunteering.status_invalid")
    if existing is not None and clean_status == CLOSED and existing.status != CLOSED:
        _refuse_closing_with_signups(session, existing)
    values = dict(title=clean_title, organisation=clean_org,
                  organisation_key=organisation_key(clean_org), description=_text(description),
                  remote=clean_place == REMOTE,
                  region="" if clean_place == REMOTE else clean_place,
                  skills=format_codes(clean_skills), leadership=bool(kind),
                  leadership_kind=kind, status=clean_status, updated_at=utcnow())
    if existing is None:
        opportunity = VolunteerOpportunity(**values, created_by_id=actor.id)
        session.add(opportunity)
        session.flush()
        action = "volunteering.opportunity_create"
    else:
        opportunity = existing
        for name, value in values.items():
            setattr(opportunity, name, value)
        action = "volunteering.opportunity_edit"
    audit.record(session, actor=actor, action=action, target_type="volunteer_opportunity",
                 target_id=opportunity.id, detail=f"status={clean_status}")
    session.commit()
    return opportunity.id


def _refuse_closing_with_signups(session: Session, opportunity: VolunteerOpportunity) -> None:
    busy = session.execute(
        select(func.count(ShiftSignup.id))
        .join(VolunteerShift, VolunteerShift.id == ShiftSignup.shift_id)
        .where(VolunteerShift.opportunity_id == opportunity.id,
               VolunteerShift.status == SCHEDULED, VolunteerShift.starts_at > utcnow(),
               ShiftSignup.active.is_(True))).scalar_one()
    if busy:
        raise ServiceError("volunteering.close_has_signups")


# --- shifts -------------------------------------------------------------------------

def add_shift(*, session: Session, actor: Actor, opportunity_id: object, day: object,
              start: object, end: object, seats: object) -> int:
    """A new shift; the date and times are in the actor's own time zone.

    A date up to ``MAX_DAYS_BACK`` days ago records work already done: the shift is
    added as it happened, and the coordinator then adds who came and their hours.
    """
    opportunity = access_opportunity(session, actor, opportunity_id, permission=MANAGE)
    if opportunity.status != OPEN:
        raise ServiceError("volunteering.opportunity_closed")
    now = utcnow()
    try:
        starts_at, ends_at = shift_window(day=day, start=start, end=end,
                                          timezone=_timezone(session, actor), now=now,
                                          past_days=MAX_DAYS_BACK)
        clean_seats = checked_seats(seats)
    except KeyedError as error:
        raise refused(error) from None
    planned = session.execute(
        select(func.count(VolunteerShift.id))
        .where(VolunteerShift.opportunity_id == opportunity.id,
               VolunteerShift.status == SCHEDULED, VolunteerShift.starts_at > now)
    ).scalar_one()
    if planned >= MAX_UPCOMING_SHIFTS:
        raise ServiceError("volunteering.too_many_shifts", most=MAX_UPCOMING_SHIFTS)
    shift = VolunteerShift(opportunity_id=opportunity.id, starts_at=starts_at, ends_at=ends_at,
                           seats=clean_seats, created_at=now)
    session.add(shift)
    session.flush()
    audit.record(session, actor=actor, action="volunteering.shift_add",
                 target_type="volunteer_shift", target_id=shift.id,
                 detail=f"opportunity={opportunity.id} seats={clean_seats}")
    session.commit()
    return shift.id


def update_shift(*, session: Session, actor: Actor, shift_id: object, day: object,
                 start: object, end: object, seats: object) -> ManagedShift:
    """New times or seats. Fewer seats than members confirmed is refused; more seats go
    to the waitlist in order; a new time moves everyone's reminders and tells them."""
    shift, opportunity = access_shift(session, actor, shift_id, permission=MANAGE)
    now = utcnow()
    try:
        starts_at, ends_at = shift_window(day=day, start=start, end=end,
                                          timezone=_timezone(session, actor), now=now)
        clean_seats = checked_seats(seats)
    except KeyedError as error:
        raise refused(error) from None
    try:
        shift = lock_shift(session, shift.id)
        if shift.status != SCHEDULED or shift.starts_at <= now:
            raise ServiceError("volunteering.shift_not_editable")
        confirmed, _waiting = seat_counts(session, shift.id)
        if clean_seats < confirmed:
            raise ServiceError("volunteering.seats_below_confirmed", confirmed=confirmed)
        moved = (starts_at, ends_at) != (shift.starts_at, shift.ends_at)
        shift.starts_at, shift.ends_at, shift.seats = starts_at, ends_at, clean_seats
        if moved:
            _tell_everyone_of_new_time(session, shift, opportunity)
        promote_waiting(session, shift, opportunity, now)
        audit.record(session, actor=actor, action="volunteering.shift_edit",
                     target_type="volunteer_shift", target_id=shift.id,
                     detail=f"seats={clean_seats} moved={moved}")
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return managed_shift(session, shift)


def _active_signups(session: Session, shift_id: int) -> list[ShiftSignup]:
    return list(session.execute(
        select(ShiftSignup).where(ShiftSignup.shift_id == shift_id,
                                  ShiftSignup.active.is_(True))
        .order_by(ShiftSignup.position)).scalars())


def _tell_everyone_of_new_time(session: Session, shift: VolunteerShift,
                               opportunity: VolunteerOpportunity) -> None:
    session.flush()
    drop_reminders(session, shift)
    for signup in _active_signups(session, shift.id):
        if signup.status == CONFIRMED:
            plan_reminders(session, signup.user_id, shift)
        tell(session, signup.user_id, "notify.shift_moved", shift, opportunity)


def cancel_shift(*, session: Session, actor: Actor, shift_id: object) -> None:
    """Cancel a shift that has not begun: everyone on it is told, reminders are dropped."""
    shift, opportunity = access_shift(session, actor, shift_id, permission=MANAGE)
    now = utcnow()
    try:
        shift = lock_shift(session, shift.id)
        if shift.status != SCHEDULED or shift.starts_at <= now:
            raise ServiceError("volunteering.shift_not_editable")
        shift.status = CANCELLED
        for signup in _active_signups(session, shift.id):
            release(session, signup, shift, opportunity, now, promote=False)
            tell(session, signup.user_id, "notify.shift_cancelled", shift, opportunity)
        audit.record(session, actor=actor, action="volunteering.shift_cancel",
                     target_type="volunteer_shift", target_id=shift.id)
    except BaseException:
        session.rollback()
        raise
    session.commit()
