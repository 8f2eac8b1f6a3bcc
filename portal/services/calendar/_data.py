"""'My data' for the calendar: every calendar table with a member's data is exported and
erased here (registered with ``portal.services.accounts.my_data``).

Deleting an account deletes the member's sessions (a session has no meaning without
one of its two people): the other person's upcoming ones are cancelled, their
reminders dropped, and they are told without a name. A seat the member held at a group
meeting goes to the next person waiting.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlmodel import Session

from portal import routes
from portal.domain.calendar import BookingStatus, MeetingStatus
from portal.domain.waitlist import SeatStatus
from portal.models.calendar import (
    AvailabilityOverride,
    AvailabilityWindow,
    GroupMeeting,
    MeetingRsvp,
    MentorAvailability,
    SessionBooking,
)
from portal.models.groups import SupportGroup
from portal.models.types import utcnow
from portal.services.calendar._common import clock
from portal.services.calendar.booking import SUBJECT as SESSION_SUBJECT
from portal.services.calendar.meetings import SUBJECT as MEETING_SUBJECT
from portal.services.calendar.meetings import lock_meeting, promote_waiting
from portal.services.mentoring.common import names_of
from portal.services.notifications import inbox as notifications


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _involving(user_id: int):
    return or_(SessionBooking.survivor_id == user_id, SessionBooking.mentor_id == user_id)


def _export_sessions(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(SessionBooking).where(_involving(user_id))
                           .order_by(SessionBooking.start_at)).scalars().all()
    names = names_of(session, {r.survivor_id for r in rows} | {r.mentor_id for r in rows})
    return [{"with": names.get(r.mentor_id if r.survivor_id == user_id else r.survivor_id, ""),
             "my_side": "mentee" if r.survivor_id == user_id else "mentor",
             "starts_at": _iso(r.start_at), "ends_at": _iso(r.end_at), "mode": r.mode,
             "details": r.details, "status": r.status, "cancel_reason": r.cancel_reason,
             "booked_at": _iso(r.created_at)} for r in rows]


def _export_availability(session: Session, user_id: int) -> dict[str, Any] | None:
    settings = session.execute(select(MentorAvailability).where(
        MentorAvailability.mentor_id == user_id)).scalar_one_or_none()
    windows = session.execute(select(AvailabilityWindow).where(
        AvailabilityWindow.mentor_id == user_id)).scalars().all()
    overrides = session.execute(select(AvailabilityOverride).where(
        AvailabilityOverride.mentor_id == user_id)).scalars().all()
    if settings is None and not windows and not overrides:
        return None
    return {
        "settings": None if settings is None else {
            "session_lengths": settings.session_lengths,
            "buffer_before_minutes": settings.buffer_before_minutes,
            "buffer_after_minutes": settings.buffer_after_minutes,
            "minimum_notice_hours": settings.minimum_notice_hours,
            "booking_horizon_days": settings.booking_horizon_days,
            "max_sessions_per_day": settings.max_sessions_per_day,
            "max_sessions_per_week": settings.max_sessions_per_week,
            "paused": settings.paused, "meeting_details": settings.meeting_details},
        "weekly_hours": [{"weekday": w.weekday, "from": clock(w.start_minute),
                          "to": clock(w.end_minute)} for w in windows],
        "date_changes": [{"day": o.day.isoformat(), "kind": o.kind,
                          "from": clock(o.start_minute) if o.start_minute is not None else None,
                          "to": clock(o.end_minute) if o.end_minute is not None else None}
                         for o in overrides],
    }


def _export_rsvps(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(MeetingRsvp, GroupMeeting.title, GroupMeeting.starts_at, SupportGroup.name)
        .join(GroupMeeting, GroupMeeting.id == MeetingRsvp.meeting_id)
        .join(SupportGroup, SupportGroup.id == GroupMeeting.group_id)
        .where(MeetingRsvp.user_id == user_id)).all()
    return [{"meeting": title, "group": group, "starts_at": _iso(starts_at),
             "status": rsvp.status, "since": _iso(rsvp.created_at)}
            for rsvp, title, starts_at, group in rows]


def _export_meetings(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(GroupMeeting).where(GroupMeeting.created_by_id == user_id)
                           ).scalars().all()
    return [{"title": m.title, "starts_at": _iso(m.starts_at), "status": m.status}
            for m in rows]


def _erase_calendar(session: Session, user_id: int, _keep_posts: bool) -> None:
    now = utcnow()
    upcoming = session.execute(select(SessionBooking).where(
        _involving(user_id), SessionBooking.status == BookingStatus.BOOKED,
        SessionBooking.start_at > now)).scalars().all()
    for booking in upcoming:
        notifications.cancel_reminders(session, subject_type=SESSION_SUBJECT,
                                       subject_id=booking.id)
        other = booking.mentor_id if booking.survivor_id == user_id else booking.survivor_id
        notifications.notify(session, user_id=other, kind="booking",
                             key="notify.session_called_off",
                             params={"starts_at": booking.start_at},
                             link=routes.CALENDAR)
    session.execute(delete(SessionBooking).where(_involving(user_id)))
    for model in (AvailabilityWindow, AvailabilityOverride, MentorAvailability):
        session.execute(delete(model).where(model.mentor_id == user_id))
    seats = session.execute(
        select(GroupMeeting).join(MeetingRsvp, MeetingRsvp.meeting_id == GroupMeeting.id)
        .where(MeetingRsvp.user_id == user_id, MeetingRsvp.status == SeatStatus.CONFIRMED,
               GroupMeeting.status == MeetingStatus.SCHEDULED, GroupMeeting.starts_at > now)
    ).scalars().all()
    for meeting in seats:
        notifications.cancel_reminders(session, subject_type=MEETING_SUBJECT,
                                       subject_id=meeting.id, user_id=user_id)
    session.execute(delete(MeetingRsvp).where(MeetingRsvp.user_id == user_id))
    session.flush()
    for meeting in seats:
        lock_meeting(session, meeting)
        promote_waiting(session, meeting, now)
    session.execute(update(GroupMeeting).where(GroupMeeting.created_by_id == user_id)
                    .values(created_by_id=None))


# What "My data" shows and erases for this capability (wired in services.wiring).
EXPORTERS = {
    "calendar_sessions": _export_sessions,
    "calendar_availability": _export_availability,
    "calendar_meeting_places": _export_rsvps,
    "calendar_meetings_scheduled": _export_meetings,
}
ERASER = _erase_calendar
