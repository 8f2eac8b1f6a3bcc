"""The member's own calendar: upcoming sessions, meetings and shifts from every source."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, can, require
from portal.models import User
from portal.models.types import utcnow
from portal.services.calendar.booking import mentor_choices
from portal.services.calendar.feed import upcoming_items
from portal.services.calendar.views import MyCalendar
from portal.services.mentoring.common import application_of, is_active_mentor

CALENDAR_DAYS = 60
MAX_ITEMS = 100


def my_calendar(*, session: Session, actor: Actor, now: datetime | None = None) -> MyCalendar:
    """The member's own upcoming sessions, meetings and shifts, and their next steps."""
    require(actor, Permission.CALENDAR_VIEW)
    now = now or utcnow()
    items = upcoming_items(session=session, actor=actor, start=now,
                           end=now + timedelta(days=CALENDAR_DAYS))
    may_book = can(actor, Permission.CALENDAR_SESSION_BOOK)
    mentors = mentor_choices(session, actor.id) if may_book else ()
    is_mentor = False
    if can(actor, Permission.CALENDAR_AVAILABILITY_EDIT):
        user = session.get(User, actor.id)
        is_mentor = is_active_mentor(user, application_of(session, actor.id))
    return MyCalendar(items=tuple(items[:MAX_ITEMS]), mentors=mentors, is_mentor=is_mentor)
