"""Calendar test data: mentors with hours, matched pairs, slots, meetings; and for the
pure availability rules, rules, windows and slots on one local date.

Tests pass ``now`` explicitly: ``NOW`` is a Monday noon (UTC) well ahead of the clock, so
notice, horizon and week limits are the same on every run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from portal.domain.availability import AvailabilityRules, WeeklyWindow, compute_slots
from portal.models import User
from portal.models.calendar import AvailabilityWindow, MentorAvailability
from portal.models.mentoring import MentorMatch
from portal.services import calendar
from tests.factories.accounts import actor_of, make_user
from tests.factories.mentoring import make_match, make_mentor

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)  # Monday; 07:00 in New York
MONDAY, TUESDAY, FRIDAY, SATURDAY, SUNDAY = 0, 1, 4, 5, 6
EVERY_DAY = tuple((day, "09:00", "17:00") for day in range(7))


def _minute(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def give_hours(session: Session, mentor: User, *, windows=EVERY_DAY, lengths: str = "60",
               notice: int = 12, horizon: int = 30, buffer_before: int = 0,
               buffer_after: int = 0, per_day: int | None = None, per_week: int | None = None,
               paused: bool = False, details: str = "") -> MentorAvailability:
    settings = MentorAvailability(mentor_id=mentor.id, session_lengths=lengths,
                                  buffer_before_minutes=buffer_before,
                                  buffer_after_minutes=buffer_after,
                                  minimum_notice_hours=notice, booking_horizon_days=horizon,
                                  max_sessions_per_day=per_day, max_sessions_per_week=per_week,
                                  paused=paused, meeting_details=details)
    session.add(settings)
    session.add_all([AvailabilityWindow(mentor_id=mentor.id, weekday=day,
                                        start_minute=_minute(start), end_minute=_minute(end))
                     for day, start, end in windows])
    session.commit()
    return settings


def make_pair(session: Session, *, mentor_tz: str = "America/New_York",
              survivor_tz: str = "America/New_York", modes=("video", "phone"),
              hours: bool = True, **settings) -> tuple[User, User, MentorMatch]:
    """A survivor in an active match with a mentor who shares hours (every day 9 to 5)."""
    mentor = make_mentor(session, timezone=mentor_tz, modes=modes)
    survivor = make_user(session, timezone=survivor_tz)
    match = make_match(session, survivor, mentor)
    if hours:
        give_hours(session, mentor, **settings)
    return survivor, mentor, match


def slot_starts(session: Session, survivor: User, mentor: User, *, now: datetime = NOW,
                length: int | None = None) -> list[datetime]:
    offer = calendar.available_slots(session=session, actor=actor_of(survivor),
                                     mentor_id=mentor.id, length=length, now=now)
    return [slot.start_utc for day in offer.days for slot in day.slots]


def book(session: Session, survivor: User, mentor: User, start: datetime, *,
         length: int = 60, mode: str = "video", now: datetime = NOW, details: str = ""):
    return calendar.book_session(session=session, actor=actor_of(survivor),
                                 mentor_id=mentor.id, start=start.isoformat(), length=length,
                                 mode=mode, details=details, now=now)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant in the week of NOW (day 0 = Monday 1 March 2027)."""
    return datetime(2027, 3, 1, hour, minute, tzinfo=UTC) + timedelta(days=day)


# --- the pure availability rules (portal.domain.availability) ---

def rules_for(zone: str, *windows: WeeklyWindow, **options: object) -> AvailabilityRules:
    options.setdefault("minimum_notice_hours", 0)
    options.setdefault("session_lengths", {30, 45, 60})
    return AvailabilityRules(timezone=zone, weekly_windows=windows, **options)


def window(weekday: int, start: str, end: str) -> WeeklyWindow:
    return WeeklyWindow(weekday, time.fromisoformat(start), time.fromisoformat(end))


def wall(zone: ZoneInfo, slots: list[datetime]) -> list[str]:
    return [slot.astimezone(zone).strftime("%m-%d %H:%M %Z") for slot in slots]


def slots_on(rules, day: date, zone: ZoneInfo, *, length=60, step=60, busy=()) -> list[datetime]:
    now = datetime.combine(day - timedelta(days=1), time(12), tzinfo=zone)
    found = compute_slots(rules, busy=list(busy), length_minutes=length, now=now, step_minutes=step)
    return [slot for slot in found if slot.astimezone(zone).date() == day]
