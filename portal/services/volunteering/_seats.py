"""Seats on a shift: counting, releasing, promoting the waitlist, reminders and notes.

Every function here runs inside the caller's transaction, after the caller took the
shift's lock (``volunteering_access.lock_shift``), and never commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from portal import routes
from portal.domain.volunteering import CONFIRMED, SCHEDULED, WAITLISTED
from portal.domain.waitlist import SeatStatus, promotions
from portal.models.volunteering import ShiftSignup, VolunteerOpportunity, VolunteerShift
from portal.services.notifications import inbox as notifications

SUBJECT = "shift"  # reminders' subject type; the subject id is the shift's id
NOTIFY_KIND = "volunteering"


def seat_counts(session: Session, shift_id: int) -> tuple[int, int]:
    """(confirmed, waitlisted) on this shift."""
    rows = session.execute(
        select(ShiftSignup.status, func.count(ShiftSignup.id))
        .where(ShiftSignup.shift_id == shift_id,
               ShiftSignup.status.in_((CONFIRMED, WAITLISTED)))
        .group_by(ShiftSignup.status)).all()
    counts = dict(rows)
    return counts.get(CONFIRMED, 0), counts.get(WAITLISTED, 0)


def active_signup(session: Session, shift_id: int, user_id: int) -> ShiftSignup | None:
    return session.execute(
        select(ShiftSignup).where(ShiftSignup.shift_id == shift_id,
                                  ShiftSignup.user_id == user_id,
                                  ShiftSignup.active.is_(True))).scalar_one_or_none()


def waitlist_position(session: Session, signup: ShiftSignup) -> int:
    """1 for the first member waiting; 0 for anyone not waiting."""
    if signup.status != WAITLISTED:
        return 0
    ahead = session.execute(
        select(func.count(ShiftSignup.id))
        .where(ShiftSignup.shift_id == signup.shift_id, ShiftSignup.status == WAITLISTED,
               ShiftSignup.position < signup.position)).scalar_one()
    return ahead + 1


def next_position(session: Session, shift_id: int) -> int:
    last = session.execute(select(func.max(ShiftSignup.position))
                           .where(ShiftSignup.shift_id == shift_id)).scalar_one()
    return (last or 0) + 1


def plan_reminders(session: Session, user_id: int, shift: VolunteerShift) -> None:
    notifications.schedule_reminders(session, user_id=user_id, subject_type=SUBJECT,
                                     subject_id=shift.id, starts_at=shift.starts_at,
                                     link=routes.VOLUNTEER_MINE)


def drop_reminders(session: Session, shift: VolunteerShift, user_id: int | None = None) -> None:
    notifications.cancel_reminders(session, subject_type=SUBJECT, subject_id=shift.id,
                                   user_id=user_id)


def tell(session: Session, user_id: int, key: str, shift: VolunteerShift,
         opportunity: VolunteerOpportunity) -> None:
    notifications.notify(session, user_id=user_id, kind=NOTIFY_KIND, key=key,
                         params={"opportunity": opportunity.title,
                                 "starts_at": shift.starts_at},
                         link=routes.volunteer_opportunity(opportunity.id))


def promote_waiting(session: Session, shift: VolunteerShift,
                    opportunity: VolunteerOpportunity, now: datetime) -> list[int]:
    """Give free seats to the waitlist in arrival order; each promoted member is told
    and gets their reminders. Returns the promoted members' ids."""
    if shift.status != SCHEDULED or shift.starts_at <= now:
        return []
    session.flush()
    confirmed, _waiting = seat_counts(session, shift.id)
    waiting = session.execute(
        select(ShiftSignup).where(ShiftSignup.shift_id == shift.id,
                                  ShiftSignup.status == WAITLISTED)
        .order_by(ShiftSignup.position)).scalars().all()
    chosen = set(promotions(seats=shift.seats, confirmed=confirmed,
                            waiting_in_order=[signup.id for signup in waiting]))
    promoted = []
    for signup in waiting:
        if signup.id not in chosen:
            continue
        signup.status = CONFIRMED
        signup.confirmed_at = now
        plan_reminders(session, signup.user_id, shift)
        tell(session, signup.user_id, "notify.shift_promoted", shift, opportunity)
        promoted.append(signup.user_id)
    session.flush()
    return promoted


def release(session: Session, signup: ShiftSignup, shift: VolunteerShift,
            opportunity: VolunteerOpportunity, now: datetime, *, promote: bool = True
            ) -> list[int]:
    """Cancel one sign-up; a freed seat goes to the first member waiting."""
    was_confirmed = signup.status == CONFIRMED
    signup.status = SeatStatus.CANCELLED
    signup.active = None
    signup.cancelled_at = now
    drop_reminders(session, shift, signup.user_id)
    session.flush()
    if was_confirmed and promote:
        return promote_waiting(session, shift, opportunity, now)
    return []
