"""Demo data for the calendar (demo mode only): weekly hours for the three demo mentors,
a mentorship between Survivor Luna and Mentor Sol so booking works at once, and a
weekly meeting of the "Morning check-in" group (runs after the mentoring and groups
seeders, whose rows it uses)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session

from portal.models import User
from portal.models.calendar import (
    AvailabilityWindow,
    GroupMeeting,
    MeetingRsvp,
    MentorAvailability,
)
from portal.models.groups import SupportGroup
from portal.models.types import utcnow
from portal.services.mentoring import start_match

# (weekday, from, until) on each mentor's own clock; Monday is 0.
DEMO_HOURS = {
    "Mentor Sol": dict(windows=[(day, "09:00", "12:00") for day in range(5)]
                       + [(1, "17:00", "19:00"), (3, "17:00", "19:00")],
                       lengths="30,60", details="Te mando el enlace por mensaje."),
    "Mentor Juniper": dict(windows=[(0, "10:00", "14:00"), (2, "10:00", "14:00"),
                                    (4, "10:00", "14:00"), (5, "09:00", "11:00")],
                           lengths="45,60", details="", buffer_after=15),
    "Mentor River": dict(windows=[(day, "18:00", "21:00") for day in range(1, 6)],
                         lengths="60", details="", per_day=2),
}
DEMO_MATCH = ("Survivor Luna", "Mentor Sol")
MEETING_GROUP = "Morning check-in"
MEETING_GOING = ("Survivor Willow", "Mentor Juniper")


def _minute(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _next_wednesday_evening(zone: ZoneInfo, now: datetime) -> datetime:
    local = now.astimezone(zone)
    days = (2 - local.weekday()) % 7 or 7
    return datetime.combine(local.date() + timedelta(days=days), time(18, 0), tzinfo=zone)


def seed_calendar(session: Session, members: dict[str, User]) -> list[str]:
    now = utcnow()
    for name, plan in DEMO_HOURS.items():
        mentor = members.get(name)
        if mentor is None:
            continue
        session.add(MentorAvailability(
            mentor_id=mentor.id, session_lengths=plan["lengths"],
            buffer_after_minutes=plan.get("buffer_after", 0),
            max_sessions_per_day=plan.get("per_day"), meeting_details=plan["details"]))
        session.add_all([AvailabilityWindow(mentor_id=mentor.id, weekday=day,
                                            start_minute=_minute(start),
                                            end_minute=_minute(end))
                         for day, start, end in plan["windows"]])
    survivor, mentor = (members.get(name) for name in DEMO_MATCH)
    if survivor is not None and mentor is not None:
        start_match(session, survivor_id=survivor.id, mentor_id=mentor.id, capacity=2,
                    request_id=None, now=now)
    group = session.execute(select(SupportGroup).where(
        SupportGroup.name == MEETING_GROUP)).scalar_one_or_none()
    heron = members.get("Moderator Heron")
    if group is not None and heron is not None:
        first = _next_wednesday_evening(ZoneInfo(heron.timezone), now)
        meetings = []
        for week in range(6):
            start = datetime.combine(first.date() + timedelta(weeks=week), time(18, 0),
                                     tzinfo=first.tzinfo).astimezone(UTC)
            meetings.append(GroupMeeting(group_id=group.id, title="Evening check-in",
                                         details="Video room: ask Heron in the group",
                                         starts_at=start, ends_at=start + timedelta(hours=1),
                                         seats=6, created_by_id=heron.id, created_at=now))
        session.add_all(meetings)
        session.flush()
        for meeting in meetings:
            meeting.series_id = meetings[0].id
            session.add_all([MeetingRsvp(meeting_id=meeting.id, user_id=members[name].id,
                                         status="confirmed", position=index + 1,
                                         created_at=now, updated_at=now)
                             for index, name in enumerate(MEETING_GOING) if name in members])
    session.flush()
    return ["calendar: Mentors Sol, Juniper and River share weekly hours; Survivor Luna and "
            "Mentor Sol are matched, so Luna can book a session at once",
            f"group meetings: \"Evening check-in\" every Wednesday in {MEETING_GROUP}"]
