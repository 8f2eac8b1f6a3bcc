"""A weekly series of group meetings in one tap: "I'll come to all upcoming" and "not
coming to any" (issue 13, item 9).

Each upcoming meeting of the series is treated exactly as a single RSVP would be: its
lock first, then a seat while there is one, else the end of its own waitlist; leaving
frees each seat for the next in line there. Locks are taken in start order, so two
series taps never wait on each other in a circle. All or nothing: one transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.calendar import MeetingStatus
from portal.domain.permissions import Actor
from portal.domain.waitlist import SeatStatus
from portal.models.calendar import GroupMeeting
from portal.models.types import utcnow
from portal.services.calendar.meetings import (
    MAX_OCCURRENCES,
    _access_meeting,
    give_up_place,
    lock_meeting,
    take_place,
)
from portal.services.calendar.views import SeriesRsvpResult
from portal.services.errors import ServiceError
from portal.services.groups._access import is_active_member


def _upcoming_of_series(session: Session, meeting: GroupMeeting,
                        now: datetime) -> list[GroupMeeting]:
    if meeting.series_id is None:
        raise ServiceError("calendar.not_a_series")
    upcoming = list(session.execute(
        select(GroupMeeting).where(GroupMeeting.series_id == meeting.series_id,
                                   GroupMeeting.group_id == meeting.group_id,
                                   GroupMeeting.status == MeetingStatus.SCHEDULED,
                                   GroupMeeting.starts_at > now)
        .order_by(GroupMeeting.starts_at, GroupMeeting.id)
        .limit(MAX_OCCURRENCES * 2)).scalars())
    if not upcoming:
        raise ServiceError("calendar.meeting_closed")
    return upcoming


def rsvp_series(*, session: Session, actor: Actor, meeting_id: object,
                now: datetime | None = None) -> SeriesRsvpResult:
    """Come to every upcoming meeting of the series this meeting belongs to: a seat at
    each one that has one, the waitlist of each one that is full."""
    meeting, group = _access_meeting(session, actor, meeting_id)
    if not is_active_member(session, actor, group.id):
        raise ServiceError("groups.join_first")
    now = now or utcnow()
    upcoming = _upcoming_of_series(session, meeting, now)
    confirmed = waitlisted = 0
    try:
        for each in upcoming:
            lock_meeting(session, each)
            if each.status != MeetingStatus.SCHEDULED:
                continue  # called off while we waited for its lock
            place = take_place(session, each, actor.id, now)
            if place.status == SeatStatus.CONFIRMED:
                confirmed += 1
            else:
                waitlisted += 1
        session.commit()
    except IntegrityError:
        session.rollback()  # a double tap: the first one holds the places
        raise ServiceError("calendar.rsvp_try_again") from None
    except BaseException:
        session.rollback()
        raise
    return SeriesRsvpResult(confirmed=confirmed, waitlisted=waitlisted)


def cancel_series_rsvp(*, session: Session, actor: Actor, meeting_id: object,
                       now: datetime | None = None) -> SeriesRsvpResult:
    """Not coming to any upcoming meeting of the series (seats and waitlist places);
    each freed seat goes to the next in line at that meeting."""
    meeting, _group = _access_meeting(session, actor, meeting_id)
    now = now or utcnow()
    upcoming = _upcoming_of_series(session, meeting, now)
    left = 0
    try:
        for each in upcoming:
            lock_meeting(session, each)
            if give_up_place(session, each, actor.id, now):
                left += 1
        if not left:
            raise ServiceError("calendar.not_going")
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return SeriesRsvpResult(left=left)
