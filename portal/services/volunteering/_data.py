"""Volunteering in 'My data': a member's sign-ups, attendance and hours, and what they
posted as a coordinator, exported; erased for real when they delete their account.

A member who leaves while holding a seat on an upcoming shift frees it: the first
member waiting is promoted and told, as if they had cancelled.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from portal.models.types import utcnow
from portal.models.volunteering import (
    ShiftSignup,
    VolunteerAttendance,
    VolunteerOpportunity,
    VolunteerShift,
)
from portal.services.volunteering._access import lock_shift
from portal.services.volunteering._seats import release


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _export_volunteering(session: Session, user_id: int) -> dict[str, Any]:
    signups = session.execute(
        select(ShiftSignup, VolunteerShift, VolunteerOpportunity.title,
               VolunteerOpportunity.organisation, VolunteerAttendance)
        .join(VolunteerShift, VolunteerShift.id == ShiftSignup.shift_id)
        .join(VolunteerOpportunity, VolunteerOpportunity.id == VolunteerShift.opportunity_id)
        .outerjoin(VolunteerAttendance, VolunteerAttendance.signup_id == ShiftSignup.id)
        .where(ShiftSignup.user_id == user_id)
        .order_by(VolunteerShift.starts_at, ShiftSignup.id)).all()
    posted = session.execute(
        select(VolunteerOpportunity.title, VolunteerOpportunity.organisation,
               VolunteerOpportunity.status, VolunteerOpportunity.created_at)
        .where(VolunteerOpportunity.created_by_id == user_id)
        .order_by(VolunteerOpportunity.id)).all()
    return {
        "shifts": [{
            "opportunity": title, "organisation": organisation,
            "starts": _iso(shift.starts_at), "ends": _iso(shift.ends_at),
            "status": signup.status, "signed_up": _iso(signup.created_at),
            "confirmed": _iso(signup.confirmed_at), "cancelled": _iso(signup.cancelled_at),
            "attended": None if record is None else record.attended,
            "hours": None if record is None else record.minutes / 60,
            "hours_approved": None if record is None else record.approved_at is not None,
        } for signup, shift, title, organisation, record in signups],
        "opportunities_posted": [
            {"title": title, "organisation": organisation, "status": status,
             "created": _iso(created)} for title, organisation, status, created in posted],
    }


def _erase_volunteering(session: Session, user_id: int, _keep_posts: bool) -> None:
    now = utcnow()
    holding = session.execute(
        select(ShiftSignup.shift_id).where(ShiftSignup.user_id == user_id,
                                           ShiftSignup.active.is_(True))).scalars().all()
    for shift_id in sorted(holding):
        shift = lock_shift(session, shift_id)
        signup = session.execute(select(ShiftSignup).where(
            ShiftSignup.shift_id == shift_id, ShiftSignup.user_id == user_id,
            ShiftSignup.active.is_(True))).scalar_one()
        opportunity = session.get(VolunteerOpportunity, shift.opportunity_id)
        release(session, signup, shift, opportunity, now)
    session.execute(delete(VolunteerAttendance).where(VolunteerAttendance.user_id == user_id))
    session.execute(delete(ShiftSignup).where(ShiftSignup.user_id == user_id))
    session.execute(update(VolunteerAttendance).where(VolunteerAttendance.marked_by_id == user_id)
                    .values(marked_by_id=None))
    session.execute(update(VolunteerAttendance)
                    .where(VolunteerAttendance.approved_by_id == user_id)
                    .values(approved_by_id=None))
    session.execute(update(VolunteerOpportunity)
                    .where(VolunteerOpportunity.created_by_id == user_id)
                    .values(created_by_id=None))


# What "My data" shows and erases for this capability (wired in services.wiring).
EXPORTERS = {
    "volunteering": _export_volunteering,
}
ERASER = _erase_volunteering
