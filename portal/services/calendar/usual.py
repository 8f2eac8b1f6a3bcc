"""When a mentor is usually free: her weekly hours, as parts of the day on the viewer's
own clock ("Tuesday and Thursday evenings"), for her profile.

Only weekly hours count (date changes are exceptions, not "usually"); a paused mentor
shows nothing. Whoever may read the profile may read this, nobody else: the same check
as the profile itself (an approved, active mentor, no block either way).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlmodel import Session

from portal.domain.permissions import Actor
from portal.models.types import utcnow
from portal.services.accounts.blocks import blocked_either_way
from portal.services.calendar._common import (
    settings_of,
    user_or_not_found,
    windows_of,
    zone_of,
)
from portal.services.errors import NotFound
from portal.services.mentoring.common import access_approved_mentor

# Parts of the day on a clock that starts at 05:00, so the small hours belong to the
# night before ("Friday night" includes 01:00 on Saturday).
DAY_STARTS = timedelta(hours=5)
PARTS = (("morning", 0, 7 * 60), ("afternoon", 7 * 60, 12 * 60),
         ("evening", 12 * 60, 17 * 60), ("night", 17 * 60, 24 * 60))
# A part counts when the hours cover at least this much of it, or at least half the
# window (so a short 45-minute window still names its part).
ENOUGH_MINUTES = 90


@dataclass(frozen=True)
class UsualPart:
    part: str  # morning / afternoon / evening / night
    weekdays: tuple[int, ...]  # 0 = Monday, on the viewer's clock


@dataclass(frozen=True)
class UsuallyFree:
    parts: tuple[UsualPart, ...]
    paused: bool = False


def _next_on(weekday: int, today: date) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _covered(start: datetime, end: datetime) -> dict[tuple[int, str], int]:
    """Minutes of each (weekday, part) between two moments on one clock."""
    minutes: dict[tuple[int, str], int] = {}
    moment = start - DAY_STARTS
    stop = end - DAY_STARTS
    while moment < stop:
        day_end = datetime.combine(moment.date() + timedelta(days=1), time(0),
                                   tzinfo=moment.tzinfo)
        piece_end = min(stop, day_end)
        first = moment.hour * 60 + moment.minute
        last = first + int((piece_end - moment).total_seconds() // 60)
        for part, low, high in PARTS:
            overlap = min(last, high) - max(first, low)
            if overlap > 0:
                key = (moment.weekday(), part)
                minutes[key] = minutes.get(key, 0) + overlap
        moment = piece_end
    return minutes


def usual_parts(windows: Iterable[tuple[int, int, int]], *, mentor_zone: tzinfo,
                viewer_zone: tzinfo, today: date) -> tuple[UsualPart, ...]:
    """Weekly windows (weekday, start minute, end minute on the mentor's clock; an end at
    or before the start runs past midnight) as parts of the day on the viewer's clock,
    for the week starting ``today``."""
    chosen: set[tuple[int, str]] = set()
    for weekday, start_minute, end_minute in windows:
        day = _next_on(weekday, today)
        start = datetime.combine(day, time(0), tzinfo=mentor_zone) + timedelta(
            minutes=start_minute)
        length = (end_minute - start_minute) % (24 * 60) or 24 * 60
        end = start + timedelta(minutes=length)
        covered = _covered(start.astimezone(viewer_zone), end.astimezone(viewer_zone))
        chosen.update(key for key, minutes in covered.items()
                      if minutes >= min(ENOUGH_MINUTES, max(1, length // 2)))
    return tuple(UsualPart(part=part, weekdays=tuple(sorted(
        weekday for weekday, name in chosen if name == part)))
        for part, _low, _high in PARTS if any(name == part for _day, name in chosen))


def usually_free(*, session: Session, actor: Actor, mentor_id: object,
                 now: datetime | None = None) -> UsuallyFree:
    """When this mentor is usually free, on the viewer's clock (profile readers only)."""
    mentor, _application = access_approved_mentor(session, actor, mentor_id)
    if mentor.id in blocked_either_way(session, actor.id):
        raise NotFound()
    viewer = user_or_not_found(session, actor.id)
    settings = settings_of(session, mentor.id)
    if settings is None:
        return UsuallyFree(parts=())
    if settings.paused:
        return UsuallyFree(parts=(), paused=True)
    viewer_zone = zone_of(viewer)
    today = (now or utcnow()).astimezone(zone_of(mentor)).date()
    windows = [(row.weekday, row.start_minute, row.end_minute)
               for row in windows_of(session, mentor.id)]
    return UsuallyFree(parts=usual_parts(windows, mentor_zone=zone_of(mentor),
                                         viewer_zone=viewer_zone, today=today))
