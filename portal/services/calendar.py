"""Calendar: mentor availability, mentoring sessions and group meetings with waitlists.

The use cases live in ``calendar_*`` modules (the availability editor, sessions, group
meetings); this module is the one place the state layer imports them from, and the
member's own calendar page (``my_calendar``) is assembled here from every registered
source (sessions, meetings, and volunteer shifts once they exist). Importing it
registers the calendar sources and the block hook that cancels two members' sessions
(see ``calendar_booking_hooks``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, can, require
from portal.models import User
from portal.models.types import utcnow
from portal.services.calendar_availability import (
    add_date_override,
    add_weekly_window,
    my_availability,
    remove_date_override,
    remove_weekly_window,
    save_availability_settings,
)
from portal.services.calendar_booking import (
    available_slots,
    book_session,
    cancel_session,
    get_session,
    mentor_choices,
    reschedule_session,
    reschedule_slots,
    session_ics,
    update_session_details,
)
from portal.services.calendar_booking_hooks import record_held_sessions
from portal.services.calendar_feed import upcoming_items
from portal.services.calendar_meetings import (
    cancel_meeting,
    cancel_rsvp,
    list_meetings,
    rsvp_meeting,
    schedule_meeting,
)
from portal.services.calendar_views import MyCalendar
from portal.services.mentoring_common import application_of, is_active_mentor

CALENDAR_DAYS = 60
MAX_ITEMS = 100


def my_calendar(*, session: Session, actor: Actor, now: datetime | None = None) -> MyCalendar:
    """The member's own upcoming sessions, meetings and shifts, and their next steps."""
    require(actor, Permission.CALENDAR_VIEW)
    now = now or utcnow()
    items = upcoming_items(session=session, actor=actor, start=now,
                           end=now + timedelta(days=CALENDAR_DAYS))
    mentors = mentor_choices(session, actor.id) if can(actor, Permission.SESSION_BOOK) else ()
    is_mentor = False
    if can(actor, Permission.AVAILABILITY_EDIT):
        user = session.get(User, actor.id)
        is_mentor = is_active_mentor(user, application_of(session, actor.id))
    return MyCalendar(items=tuple(items[:MAX_ITEMS]), mentors=mentors, is_mentor=is_mentor)

__all__ = [
    "add_date_override", "add_weekly_window", "available_slots", "book_session",
    "cancel_meeting", "cancel_rsvp", "cancel_session", "get_session", "list_meetings",
    "my_availability", "my_calendar", "record_held_sessions", "remove_date_override",
    "remove_weekly_window", "reschedule_session", "reschedule_slots", "rsvp_meeting",
    "save_availability_settings", "schedule_meeting", "session_ics", "update_session_details",
]
