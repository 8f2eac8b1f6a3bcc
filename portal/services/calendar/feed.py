"""The member's calendar is assembled from sources that capabilities register here.

Mentoring sessions, group meetings and volunteer shifts each register one function;
the calendar page asks every source for the member's items in a time range. A source
authorizes like any service: it returns only the actor's own items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from portal.domain.permissions import Actor
from portal.domain.waitlist import SeatStatus


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # "session", "meeting", "shift"
    title_key: str  # a catalog key; never personal details in it
    starts_at: datetime
    ends_at: datetime
    link: str
    title_params: dict[str, str] = field(default_factory=dict)
    status: str = SeatStatus.CONFIRMED  # confirmed, waitlisted or cancelled


CalendarSource = Callable[[Session, Actor, datetime, datetime], list[CalendarItem]]
CALENDAR_SOURCES: dict[str, CalendarSource] = {}


def add_source(kind: str, function: CalendarSource) -> None:
    """Called by ``services.wiring`` for sessions, meetings and volunteer shifts."""
    CALENDAR_SOURCES[kind] = function


def upcoming_items(*, session: Session, actor: Actor, start: datetime,
                   end: datetime) -> list[CalendarItem]:
    items: list[CalendarItem] = []
    for source in CALENDAR_SOURCES.values():
        items.extend(source(session, actor, start, end))
    return sorted(items, key=lambda item: (item.starts_at, item.kind))
