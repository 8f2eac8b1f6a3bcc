"""Factories for mentoring tests: mentors with applications, survivors with intakes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from portal.models import User
from portal.models.mentoring import MentorApplication, MentorMatch, SurvivorIntake
from portal.models.types import utcnow
from tests.factories.accounts import make_user


def make_mentor(session: Session, *, name: str | None = None, languages=("en",),
                focus=("employment",), modes=("video",), capacity: int = 2,
                status: str = "approved", paused: bool = False, gender: str | None = None,
                region: str | None = None, experience: str | None = None,
                timezone: str = "America/New_York", bio: str = "I rebuilt my life.") -> User:
    roles = ("survivor", "mentor") if status == "approved" else ("survivor", "mentor_applicant")
    user = make_user(session, name=name, roles=roles, timezone=timezone)
    session.add(MentorApplication(
        user_id=user.id, languages=",".join(languages), focus_areas=",".join(focus),
        meeting_modes=",".join(modes), capacity=capacity, status=status, paused=paused,
        gender=gender, region=region, experience_type=experience, bio=bio,
        submitted_at=utcnow() if status != "draft" else None))
    session.commit()
    return user


def make_survivor(session: Session, *, name: str | None = None, goals=("employment",),
                  languages=("en",), modes=(), gender: str | None = None,
                  region: str | None = None, allowance: int = 1, intake: bool = True,
                  timezone: str = "America/New_York", roles=("survivor",)) -> User:
    user = make_user(session, name=name, roles=roles, timezone=timezone)
    if intake:
        session.add(SurvivorIntake(user_id=user.id, goals=",".join(goals),
                                   languages=",".join(languages), meeting_modes=",".join(modes),
                                   preferred_gender=gender, region=region,
                                   mentor_allowance=allowance))
        session.commit()
    return user


def make_match(session: Session, survivor: User, mentor: User, *, status: str = "active",
               started_at: datetime | None = None, ended_at: datetime | None = None,
               first_session: bool = False) -> MentorMatch:
    """A match written straight to the table (for tests about what happens to one)."""
    active = status == "active"
    match = MentorMatch(survivor_id=survivor.id, mentor_id=mentor.id, status=status,
                        survivor_seat=0 if active else None, mentor_seat=_next_seat(
                            session, mentor) if active else None,
                        active_pair=True if active else None,
                        started_at=started_at or utcnow(), ended_at=ended_at,
                        first_session_at=utcnow() if first_session else None)
    session.add(match)
    session.commit()
    return match


def _next_seat(session: Session, mentor: User) -> int:
    taken = set(session.execute(select(MentorMatch.mentor_seat).where(
        MentorMatch.mentor_id == mentor.id, MentorMatch.status == "active")).scalars())
    return next(seat for seat in range(100) if seat not in taken)

