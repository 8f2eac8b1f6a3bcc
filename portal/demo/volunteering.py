"""Demo data for volunteering (demo mode only): Coordinator Ash of Demo Partners, a few
opportunities with shifts, one shift already full so its waitlist can be tried, and a
short volunteer history (approved and waiting hours) for Survivor Willow."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from portal import routes
from portal.demo.members import DEMO_ORGANISATION, DEMO_PASSPHRASE
from portal.domain.volunteering import CONFIRMED, format_codes
from portal.models import User
from portal.models.types import utcnow
from portal.models.volunteering import (
    ShiftSignup,
    VolunteerAttendance,
    VolunteerOpportunity,
    VolunteerShift,
)
from portal.services import notifications
from portal.services.accounts import create_member
from portal.services.volunteering import organisation_key

COORDINATOR = "Coordinator Ash"
ORGANISATION = DEMO_ORGANISATION
ZONE = ZoneInfo("America/New_York")
FULL_SHIFT_HOLDER = "Mentor Juniper"
HISTORY_MEMBER = "Survivor Willow"

# (title, organisation, place, skills, leadership kind, description,
#  shifts as (days from today, start hour, hours long, seats))
OPPORTUNITIES = (
    ("Community pantry helper", ORGANISATION, "NY",
     ("teamwork", "customer_service", "food_handling"), "",
     "Welcome neighbours, pack grocery bags and keep the shelves tidy. No experience "
     "needed: we show you everything on the day.",
     ((2, 10, 3, 1), (9, 10, 3, 6))),
    ("Peer group facilitator in training", ORGANISATION, "remote",
     ("facilitation", "active_listening", "public_speaking"), "peer_group_facilitator",
     "Co-lead a small online group with an experienced facilitator. You learn to open "
     "and close a session, keep time, and make space for every voice.",
     ((5, 18, 1.5, 4), (12, 18, 1.5, 4))),
    ("Welcome calls: mentor in training", ORGANISATION, "remote",
     ("communication", "mentoring", "active_listening"), "mentor_in_training",
     "Call new members to say hello and help them find their way around. A mentor "
     "listens in on your first calls and gives you gentle feedback.",
     ((3, 14, 2, 3),)),
    ("Community garden day", "Riverside Community Garden", "NY", ("teamwork", "organising"),
     "", "Plant, weed and water with a friendly crew. Gloves and lunch are provided.",
     ((6, 9, 4, 10),)),
)


def _at(days: int, hour: float) -> datetime:
    day = (utcnow().astimezone(ZONE) + timedelta(days=days)).date()
    clock = time(int(hour), int(round((hour % 1) * 60)))
    return datetime.combine(day, clock, tzinfo=ZONE).astimezone(UTC)


def _shift(session: Session, opportunity: VolunteerOpportunity, days: int, hour: float,
           length: float, seats: int) -> VolunteerShift:
    starts_at = _at(days, hour)
    shift = VolunteerShift(opportunity_id=opportunity.id, starts_at=starts_at,
                           ends_at=starts_at + timedelta(hours=length), seats=seats)
    session.add(shift)
    session.flush()
    return shift


def _confirm(session: Session, shift: VolunteerShift, user: User, position: int) -> ShiftSignup:
    signup = ShiftSignup(shift_id=shift.id, user_id=user.id, status=CONFIRMED,
                         position=position, active=True,
                         created_at=shift.starts_at - timedelta(days=5),
                         confirmed_at=shift.starts_at - timedelta(days=5))
    session.add(signup)
    session.flush()
    return signup


def _history(session: Session, pantry: VolunteerOpportunity, member: User,
             coordinator: User) -> None:
    for days, approved in ((-10, True), (-3, False)):
        shift = _shift(session, pantry, days, 10, 3, 6)
        signup = _confirm(session, shift, member, 1)
        session.add(VolunteerAttendance(
            signup_id=signup.id, shift_id=shift.id, user_id=member.id, attended=True,
            minutes=180, marked_by_id=coordinator.id, marked_at=shift.ends_at,
            approved_by_id=coordinator.id if approved else None,
            approved_at=shift.ends_at + timedelta(hours=1) if approved else None))


def seed_volunteering(session: Session, members: dict[str, User]) -> list[str]:
    ash = create_member(session=session, display_name=COORDINATOR, passphrase=DEMO_PASSPHRASE,
                        roles=("coordinator",), timezone="America/New_York",
                        organisation=ORGANISATION)
    admin = members.get("Admin Owl")
    created = {}
    for title, organisation, place, skills, kind, description, shifts in OPPORTUNITIES:
        author = ash if organisation == ORGANISATION else admin
        opportunity = VolunteerOpportunity(
            title=title, description=description, organisation=organisation,
            organisation_key=organisation_key(organisation), remote=place == "remote",
            region="" if place == "remote" else place, skills=format_codes(skills),
            leadership=bool(kind), leadership_kind=kind,
            created_by_id=author.id if author else None)
        session.add(opportunity)
        session.flush()
        created[title] = [_shift(session, opportunity, *spec) for spec in shifts]
        created[title].insert(0, opportunity)
    pantry, full_shift = created["Community pantry helper"][:2]
    holder = members.get(FULL_SHIFT_HOLDER)
    if holder is not None:
        _confirm(session, full_shift, holder, 1)
        notifications.schedule_reminders(session, user_id=holder.id, subject_type="shift",
                                         subject_id=full_shift.id,
                                         starts_at=full_shift.starts_at, link=routes.VOLUNTEER_MINE)
    member = members.get(HISTORY_MEMBER)
    if member is not None:
        _history(session, pantry, member, ash)
    return [f"{COORDINATOR:<18} (coordinator, {ORGANISATION})",
            f"volunteering: the pantry shift in two days is full ({FULL_SHIFT_HOLDER}), so its"
            " waitlist can be tried"]
