"""Attendance and hours, for coordinators and staff: a shift's roster, attendance
(attended with hours, or a no-show) and approval of the hours.

Coordinators act only on their own organisation's shifts (the ``_own_organisation``
object rule); every action and every roster read is audited in the same commit.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.keyed_error import KeyedError
from portal.domain.names import display_name_key
from portal.domain.permissions import Actor, Permission, Status
from portal.domain.volunteering import (
    CONFIRMED,
    MAX_SEATS,
    SCHEDULED,
    WAITLISTED,
    checked_minutes,
    shift_minutes,
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
from portal.services.volunteering._access import access_shift, access_signup, lock_shift
from portal.services.volunteering._seats import active_signup, next_position, tell
from portal.services.volunteering.manage import managed_shift, refused
from portal.services.volunteering.views import ManagedShift, Roster, RosterRow

MAX_ROWS = 500


def roster_of(session: Session, shift: VolunteerShift, opportunity: VolunteerOpportunity,
              managed: ManagedShift) -> Roster:
    """Confirmed members in arrival order, then the waitlist in its order."""
    rows = session.execute(
        select(ShiftSignup, User.display_name, User.status, VolunteerAttendance)
        .join(User, User.id == ShiftSignup.user_id)
        .outerjoin(VolunteerAttendance, VolunteerAttendance.signup_id == ShiftSignup.id)
        .where(ShiftSignup.shift_id == shift.id,
               ShiftSignup.status.in_((CONFIRMED, WAITLISTED)))
        .order_by(ShiftSignup.position).limit(MAX_ROWS)).all()
    confirmed, waiting = [], []
    for signup, name, status, record in rows:
        shown = name if status != Status.DELETED else ""
        attendance = "" if record is None else ("attended" if record.attended else "no_show")
        row = RosterRow(signup_id=signup.id, member_name=shown, status=signup.status,
                        position=len(waiting) + 1 if signup.status == WAITLISTED else 0,
                        attendance=attendance, minutes=record.minutes if record else 0,
                        approved=bool(record and record.approved_at is not None))
        (waiting if signup.status == WAITLISTED else confirmed).append(row)
    return Roster(opportunity_id=opportunity.id, title=opportunity.title, shift=managed,
                  confirmed=tuple(confirmed), waiting=tuple(waiting))


def shift_roster(*, session: Session, actor: Actor, shift_id: object) -> Roster:
    """Who is on a shift, with attendance and hours; the read is audited."""
    shift, opportunity = access_shift(session, actor, shift_id,
                                      permission=Permission.VOLUNTEERING_HOURS_RECORD)
    roster = roster_of(session, shift, opportunity, managed_shift(session, shift))
    audit.record(session, actor=actor, action="volunteering.roster_read",
                 target_type="volunteer_shift", target_id=shift.id)
    session.commit()
    return roster


def _attended(value: object) -> bool:
    text = str(value).strip().lower()
    if value is True or text in {"attended", "yes", "true"}:
        return True
    if value is False or text in {"no_show", "no", "false"}:
        return False
    raise ServiceError("volunteering.attendance_invalid")


def record_attendance(*, session: Session, actor: Actor, signup_id: object,
                      attendance: object, hours: object = "") -> None:
    """Attended (with hours; the shift's length when left empty) or a no-show.

    Changing a record takes back its approval: the hours must be approved again.
    """
    signup, shift, _opportunity = access_signup(session, actor, signup_id,
                                                permission=Permission.VOLUNTEERING_HOURS_RECORD)
    attended = _attended(attendance)
    if signup.status != CONFIRMED:
        raise ServiceError("volunteering.not_confirmed")
    if shift.status != SCHEDULED:
        raise ServiceError("volunteering.shift_cancelled")
    now = utcnow()
    if shift.ends_at > now:
        raise ServiceError("volunteering.shift_not_ended")
    try:
        minutes = checked_minutes(hours, attended=attended,
                                  default_minutes=shift_minutes(shift.starts_at, shift.ends_at))
    except KeyedError as error:
        raise refused(error) from None
    record = session.execute(select(VolunteerAttendance).where(
        VolunteerAttendance.signup_id == signup.id)).scalar_one_or_none()
    if record is None:
        record = VolunteerAttendance(signup_id=signup.id, shift_id=shift.id,
                                     user_id=signup.user_id, attended=attended)
        session.add(record)
    elif (record.attended, record.minutes) != (attended, minutes):
        record.approved_by_id, record.approved_at = None, None
    record.attended, record.minutes = attended, minutes
    record.marked_by_id, record.marked_at = actor.id, now
    session.flush()
    audit.record(session, actor=actor, action="volunteering.attendance_record",
                 target_type="volunteer_signup", target_id=signup.id,
                 detail=f"attended={attended} minutes={minutes}")
    session.commit()


def add_attendee(*, session: Session, actor: Actor, shift_id: object, display_name: object,
                 hours: object = "") -> None:
    """Work already done: add a member who came to a shift that has ended, with hours.

    For shifts that were not on Lantern beforehand (added afterwards with a past date)
    or someone who came without signing up. The member is found by her exact nickname;
    the hours wait for approval like any others.
    """
    shift, _opportunity = access_shift(session, actor, shift_id,
                                       permission=Permission.VOLUNTEERING_HOURS_RECORD)
    if shift.status != SCHEDULED:
        raise ServiceError("volunteering.shift_cancelled")
    now = utcnow()
    if shift.ends_at > now:
        raise ServiceError("volunteering.shift_not_ended")
    key = display_name_key(str(display_name or "").strip()[:60])[:40]
    member = session.execute(select(User).where(User.display_name_key == key)
                             ).scalar_one_or_none() if key else None
    if member is None or member.status != Status.ACTIVE:
        raise ServiceError("volunteering.member_not_found")
    try:
        minutes = checked_minutes(hours, attended=True,
                                  default_minutes=shift_minutes(shift.starts_at, shift.ends_at))
    except KeyedError as error:
        raise refused(error) from None
    try:
        shift = lock_shift(session, shift.id)
        if active_signup(session, shift.id, member.id) is not None:
            raise ServiceError("volunteering.already_on_roster")
        signup = ShiftSignup(shift_id=shift.id, user_id=member.id, status=CONFIRMED,
                             position=next_position(session, shift.id), active=True,
                             created_at=now, confirmed_at=now)
        session.add(signup)
        session.flush()
        confirmed = session.execute(select(func.count(ShiftSignup.id)).where(
            ShiftSignup.shift_id == shift.id, ShiftSignup.status == CONFIRMED)).scalar_one()
        shift.seats = min(max(shift.seats, confirmed), MAX_SEATS)
        session.add(VolunteerAttendance(signup_id=signup.id, shift_id=shift.id,
                                        user_id=member.id, attended=True, minutes=minutes,
                                        marked_by_id=actor.id, marked_at=now))
        session.flush()
        audit.record(session, actor=actor, action="volunteering.attendee_add",
                     target_type="volunteer_signup", target_id=signup.id,
                     detail=f"minutes={minutes}")
    except IntegrityError:
        session.rollback()
        raise ServiceError("volunteering.already_on_roster") from None
    except BaseException:
        session.rollback()
        raise
    session.commit()


def _approve(session: Session, actor: Actor, record: VolunteerAttendance,
             shift: VolunteerShift, opportunity: VolunteerOpportunity) -> bool:
    if record.approved_at is not None:
        return False
    record.approved_by_id, record.approved_at = actor.id, utcnow()
    if record.attended and record.minutes > 0:
        tell(session, record.user_id, "notify.hours_approved", shift, opportunity)
    audit.record(session, actor=actor, action="volunteering.hours_approve",
                 target_type="volunteer_signup", target_id=record.signup_id,
                 detail=f"minutes={record.minutes}")
    return True


def approve_hours(*, session: Session, actor: Actor, signup_id: object) -> None:
    """Approve the hours recorded for one sign-up (the member is told)."""
    signup, shift, opportunity = access_signup(session, actor, signup_id,
                                               permission=Permission.VOLUNTEERING_HOURS_APPROVE)
    record = session.execute(select(VolunteerAttendance).where(
        VolunteerAttendance.signup_id == signup.id)).scalar_one_or_none()
    if record is None:
        raise ServiceError("volunteering.nothing_to_approve")
    _approve(session, actor, record, shift, opportunity)
    session.commit()


def approve_shift_hours(*, session: Session, actor: Actor, shift_id: object) -> int:
    """Approve every recorded, unapproved attendance on a shift. Returns how many."""
    shift, opportunity = access_shift(session, actor, shift_id,
                                      permission=Permission.VOLUNTEERING_HOURS_APPROVE)
    records = session.execute(select(VolunteerAttendance).where(
        VolunteerAttendance.shift_id == shift.id,
        VolunteerAttendance.approved_at.is_(None))).scalars().all()
    if not records:
        raise ServiceError("volunteering.nothing_to_approve")
    approved = sum(_approve(session, actor, record, shift, opportunity) for record in records)
    session.commit()
    return approved

