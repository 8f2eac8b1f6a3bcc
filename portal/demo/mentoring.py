"""Demo data for mentoring (demo mode only): three approved mentors with different
languages, topics and ways of meeting, short intakes for the demo survivors (so
suggestions work at once), and one application waiting in the staff vetting queue."""

from __future__ import annotations

from sqlmodel import Session

from portal.demo.members import DEMO_ORGANISATION, DEMO_PASSPHRASE
from portal.models import User
from portal.models.mentoring import MentorApplication, SurvivorIntake
from portal.models.types import utcnow
from portal.services.accounts import create_member

DEMO_MENTORS = {
    "Mentor Sol": dict(
        languages="en,es", focus_areas="employment,financial_literacy,identification_documents,"
        "legal_immigration", meeting_modes="phone,video", capacity=2, gender="woman",
        region="Los Angeles area",
        bio="I came here with nothing and now I run a small cleaning crew. I can help with "
            "papers, first jobs and getting your money in order. Hablo español."),
    "Mentor Juniper": dict(
        languages="en", focus_areas="education_ged,emotional_healing,parenting,safe_housing",
        meeting_modes="in_person,video", capacity=3, gender="nonbinary",
        region="New York area",
        bio="I finished my GED at 30 while raising two kids. Healing took time. I'd be glad "
            "to walk next to you, at your pace."),
    "Mentor River": dict(
        languages="en,fr", focus_areas="community_leadership,employment,entrepreneurship,"
        "health_wellness", meeting_modes="phone,video", capacity=2, gender="man",
        region="London area",
        bio="I started a bike repair shop and now train others. Ask me about work, "
            "starting something of your own, or looking after yourself."),
}
DEMO_INTAKES = {
    "Survivor Willow": dict(goals="education_ged,employment", languages="en",
                            meeting_modes="video"),
    "Survivor Luna": dict(goals="identification_documents,legal_immigration", languages="es",
                          preferred_gender="woman"),
    "Survivor Maple": dict(goals="emotional_healing,safe_housing", languages="en"),
}
DEMO_APPLICANT = "Applicant Fern"


def seed_mentoring(session: Session, members: dict[str, User]) -> list[str]:
    now = utcnow()
    for name, profile in DEMO_MENTORS.items():
        if name in members:
            session.add(MentorApplication(user_id=members[name].id, status="approved",
                                          submitted_at=now, reviewed_at=now, **profile))
    for name, intake in DEMO_INTAKES.items():
        if name in members:
            session.add(SurvivorIntake(user_id=members[name].id, **intake))
    fern = create_member(session=session, display_name=DEMO_APPLICANT,
                         passphrase=DEMO_PASSPHRASE, roles=("survivor", "mentor_applicant"),
                         timezone="America/Chicago", organisation=DEMO_ORGANISATION)
    session.add(MentorApplication(
        user_id=fern.id, status="submitted", submitted_at=now, languages="en,es",
        focus_areas="health_wellness,parenting", meeting_modes="phone", capacity=1,
        bio="I'm a nurse's aide and a mum. I'd like to help other mums find their feet."))
    session.flush()
    return [f"{DEMO_APPLICANT:<18} (survivor, mentor_applicant): an application to review",
            "mentors Sol, Juniper and River are approved; demo survivors have intakes"]
