"""Volunteering test data, written the way the services write it.

Past shifts and their sign-ups are inserted directly: the services refuse to plan a
shift in the past, but attendance can only be taken once a shift has begun.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlmodel import Session

from portal.domain.volunteering import CONFIRMED, format_codes
from portal.models import User
from portal.models.types import utcnow
from portal.models.volunteering import (
    ShiftSignup,
    VolunteerAttendance,
    VolunteerOpportunity,
    VolunteerShift,
)
from portal.services.volunteering._access import organisation_key
from tests.factories.accounts import make_user

_counter = itertools.count(1)
HOME_ORG = "Harbor House"
OTHER_ORG = "Riverside Partners"


def make_coordinator(session: Session, *, organisation: str | None = HOME_ORG,
                     name: str | None = None) -> User:
    return make_user(session, name=name, roles=("coordinator",), organisation=organisation)


def make_opportunity(session: Session, *, organisation: str = HOME_ORG,
                     created_by: User | None = None, title: str | None = None,
                     remote: bool = True, region: str = "", skills: tuple[str, ...] = (),
                     leadership_kind: str = "", status: str = "open",
                     description: str = "Help out.") -> VolunteerOpportunity:
    opportunity = VolunteerOpportunity(
        title=title or f"Opportunity {next(_counter):04d}", description=description,
        organisation=organisation, organisation_key=organisation_key(organisation),
        remote=remote, region="" if remote else region, skills=format_codes(skills),
        leadership=bool(leadership_kind), leadership_kind=leadership_kind, status=status,
        created_by_id=created_by.id if created_by else None)
    session.add(opportunity)
    session.commit()
    return opportunity


def make_shift(session: Session, opportunity: VolunteerOpportunity, *,
               starts_in: timedelta = timedelta(days=2), hours: float = 3, seats: int = 2,
               status: str = "scheduled") -> VolunteerShift:
    starts_at = (utcnow() + starts_in).replace(microsecond=0)
    shift = VolunteerShift(opportunity_id=opportunity.id, starts_at=starts_at,
                           ends_at=starts_at + timedelta(hours=hours), seats=seats,
                           status=status)
    session.add(shift)
    session.commit()
    return shift


def make_signup(session: Session, shift: VolunteerShift, user: User, *,
                status: str = CONFIRMED, position: int | None = None) -> ShiftSignup:
    signup = ShiftSignup(shift_id=shift.id, user_id=user.id, status=status,
                         position=position or next(_counter), active=True,
                         confirmed_at=utcnow() if status == CONFIRMED else None)
    session.add(signup)
    session.commit()
    return signup


def make_attendance(session: Session, signup: ShiftSignup, *, minutes: int = 180,
                    attended: bool = True, approved_by: User | None = None,
                    marked_by: User | None = None) -> VolunteerAttendance:
    record = VolunteerAttendance(
        signup_id=signup.id, shift_id=signup.shift_id, user_id=signup.user_id,
        attended=attended, minutes=minutes if attended else 0,
        marked_by_id=marked_by.id if marked_by else None,
        approved_by_id=approved_by.id if approved_by else None,
        approved_at=utcnow() if approved_by else None)
    session.add(record)
    session.commit()
    return record
