"""Group meetings: moderators schedule them (one-off or weekly), members say they will
come; when every seat is taken they join an ordered waitlist and move up by themselves,
first come first served, when a seat frees (and are told so).

Seats are counted after taking the meeting's lock (``GroupMeeting.lock_version``) as
the transaction's first write, so two members can never both take the last seat and a
freed seat goes to exactly one person. Where to meet is shown to the group's members
only; reminders never say it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal import routes
from portal.domain.calendar import MeetingStatus
from portal.domain.groups import MembershipStatus
from portal.domain.permissions import Actor, Permission, can, require
from portal.domain.waitlist import SeatStatus, placement, promotions
from portal.models.calendar import GroupMeeting, MeetingRsvp
from portal.models.groups import GroupMembership, SupportGroup
from portal.models.types import utcnow
from portal.services import audit
from portal.services.calendar._common import (
    DETAILS_MAX,
    TITLE_MAX,
    checked_date,
    checked_minute,
    checked_number,
    cleaned_line,
    to_time,
    user_or_not_found,
    zone_of,
)
from portal.services.calendar.feed import CalendarItem
from portal.services.calendar.views import GroupChoice, MeetingsPage, MeetingView, RsvpResult
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups._access import (
    access_group,
    is_active_member,
    may_moderate,
    moderated_group_ids,
    scope_of,
)
from portal.services.notifications import inbox as notifications

SUBJECT = "meeting"
MEETING_LENGTHS = (30, 45, 60, 90, 120)
MAX_SEATS = 200
MAX_OCCURRENCES = 12
SCHEDULE_DAYS_AHEAD = 365
LISTED_DAYS_AHEAD = 120
MAX_LISTED = 100
MAX_GROUPS = 200
GOING = (SeatStatus.CONFIRMED, SeatStatus.WAITLISTED)


# --- loading and views ----------------------------------------------------------------

def _access_meeting(session: Session, actor: Actor,
                    meeting_id: object) -> tuple[GroupMeeting, SupportGroup]:
    """A meeting of a group the actor may see (members, and site moderators)."""
    require(actor, Permission.CALENDAR_MEETING_RSVP)
    meeting = session.get(GroupMeeting, parse_id(meeting_id))
    if meeting is None:
        raise NotFound()
    group = access_group(session, actor, meeting.group_id, need_member=not actor.is_staff)
    return meeting, group


def lock_meeting(session: Session, meeting: GroupMeeting) -> None:
    """The meeting's lock for the rest of this transaction (its first write)."""
    session.execute(update(GroupMeeting).where(GroupMeeting.id == meeting.id)
                    .values(lock_version=GroupMeeting.lock_version + 1))
    session.refresh(meeting)


def _rsvp_of(session: Session, meeting_id: int, user_id: int) -> MeetingRsvp | None:
    return session.execute(
        select(MeetingRsvp).where(MeetingRsvp.meeting_id == meeting_id,
                                  MeetingRsvp.user_id == user_id)
        .execution_options(populate_existing=True)).scalar_one_or_none()


def _count(session: Session, meeting_id: int, status: SeatStatus) -> int:
    return session.execute(select(func.count(MeetingRsvp.id)).where(
        MeetingRsvp.meeting_id == meeting_id, MeetingRsvp.status == status)).scalar_one()


def _place(session: Session, rsvp: MeetingRsvp | None) -> int:
    """1 for the first on the waitlist; 0 when not waiting."""
    if rsvp is None or rsvp.status != SeatStatus.WAITLISTED:
        return 0
    ahead = session.execute(select(func.count(MeetingRsvp.id)).where(
        MeetingRsvp.meeting_id == rsvp.meeting_id, MeetingRsvp.status == SeatStatus.WAITLISTED,
        MeetingRsvp.position < rsvp.position)).scalar_one()
    return ahead + 1


def _views(session: Session, actor: Actor,
           meetings: list[GroupMeeting]) -> tuple[MeetingView, ...]:
    ids = [meeting.id for meeting in meetings]
    if not ids:
        return ()
    counts: dict[tuple[int, str], int] = {
        (row.meeting_id, row.status): row.n for row in session.execute(
            select(MeetingRsvp.meeting_id, MeetingRsvp.status,
                   func.count(MeetingRsvp.id).label("n"))
            .where(MeetingRsvp.meeting_id.in_(ids))
            .group_by(MeetingRsvp.meeting_id, MeetingRsvp.status)).all()}
    mine = {row.meeting_id: row for row in session.execute(select(MeetingRsvp).where(
        MeetingRsvp.meeting_id.in_(ids), MeetingRsvp.user_id == actor.id)).scalars()}
    group_ids = {meeting.group_id for meeting in meetings}
    names = dict(session.execute(select(SupportGroup.id, SupportGroup.name)
                                 .where(SupportGroup.id.in_(group_ids))).all())
    manages = {group_id: may_moderate(session, actor, group_id) for group_id in group_ids}
    views = []
    for meeting in meetings:
        rsvp = mine.get(meeting.id)
        status = rsvp.status if rsvp is not None and rsvp.status in GOING else ""
        views.append(MeetingView(
            id=meeting.id, group_id=meeting.group_id, group_name=names.get(meeting.group_id, ""),
            title=meeting.title, details=meeting.details, starts_at=meeting.starts_at,
            ends_at=meeting.ends_at, seats=meeting.seats,
            taken=counts.get((meeting.id, SeatStatus.CONFIRMED), 0),
            waiting=counts.get((meeting.id, SeatStatus.WAITLISTED), 0), my_status=status,
            my_place=_place(session, rsvp), can_manage=manages[meeting.group_id],
            weekly=meeting.series_id is not None, series_id=meeting.series_id))
    return tuple(views)


def _schedulable(session: Session, actor: Actor,
                 only: int | None = None) -> tuple[GroupChoice, ...]:
    query = select(SupportGroup.id, SupportGroup.name).order_by(SupportGroup.name_key)
    if not actor.is_staff:
        query = query.where(SupportGroup.id.in_(moderated_group_ids(session, actor)))
    if only is not None:
        query = query.where(SupportGroup.id == only)
    return tuple(GroupChoice(id=row.id, name=row.name)
                 for row in session.execute(query.limit(MAX_GROUPS)).all())


def list_meetings(*, session: Session, actor: Actor, group_id: object = None,
                  now: datetime | None = None) -> MeetingsPage:
    """Upcoming meetings of one group, or of every group the actor belongs to."""
    require(actor, Permission.CALENDAR_MEETING_RSVP)
    now = now or utcnow()
    chosen = None
    if group_id in (None, "", 0):
        group_ids = list(session.execute(select(GroupMembership.group_id).where(
            GroupMembership.user_id == actor.id,
            GroupMembership.status == MembershipStatus.ACTIVE)).scalars())
    else:
        group = access_group(session, actor, parse_id(group_id), need_member=not actor.is_staff)
        group_ids, chosen = [group.id], GroupChoice(id=group.id, name=group.name)
    meetings = list(session.execute(
        select(GroupMeeting).where(GroupMeeting.group_id.in_(group_ids),
                                   GroupMeeting.status == MeetingStatus.SCHEDULED,
                                   GroupMeeting.ends_at > now,
                                   GroupMeeting.starts_at < now + timedelta(
                                       days=LISTED_DAYS_AHEAD))
        .order_by(GroupMeeting.starts_at, GroupMeeting.id).limit(MAX_LISTED)).scalars())
    return MeetingsPage(meetings=_views(session, actor, meetings),
                        schedulable=_schedulable(session, actor, chosen.id if chosen else None),
                        group=chosen)


# --- scheduling (group moderators) ------------------------------------------------------

def _access_moderated_group(session: Session, actor: Actor, group_id: object) -> SupportGroup:
    require(actor, Permission.CALENDAR_MEETING_SCHEDULE)
    group = access_group(session, actor, parse_id(group_id))
    require(actor, Permission.CALENDAR_MEETING_SCHEDULE, scope_of(session, group.id))
    return group


def schedule_meeting(*, session: Session, actor: Actor, group_id: object, title: object,
                     day: object, start: object, length: object, seats: object,
                     details: object = "", repeat: object = "once", occurrences: object = 1,
                     now: datetime | None = None) -> tuple[MeetingView, ...]:
    """One meeting, or a weekly series of up to 12, at the same time on the moderator's
    own clock (so a weekly 18:00 stays 18:00 across daylight-saving changes)."""
    group = _access_moderated_group(session, actor, group_id)
    now = now or utcnow()
    title = cleaned_line(title, max_length=TITLE_MAX, required=True)
    details = cleaned_line(details, max_length=DETAILS_MAX)
    first_day, minute = checked_date(day), checked_minute(start)
    minutes, seat_count = checked_number(length), checked_number(seats)
    if minutes not in MEETING_LENGTHS:
        raise ServiceError("calendar.meeting_length_invalid")
    if not 1 <= seat_count <= MAX_SEATS:
        raise ServiceError("calendar.seats_invalid", most=MAX_SEATS)
    if repeat not in ("once", "weekly"):
        raise ServiceError("calendar.repeat_invalid")
    count = 1 if repeat == "once" else checked_number(occurrences)
    if repeat == "weekly" and not 2 <= count <= MAX_OCCURRENCES:
        raise ServiceError("calendar.occurrences_invalid", most=MAX_OCCURRENCES)
    zone = zone_of(user_or_not_found(session, actor.id))
    today = now.astimezone(zone).date()
    if first_day < today:
        raise ServiceError("calendar.meeting_in_past")
    if first_day > today + timedelta(days=SCHEDULE_DAYS_AHEAD):
        raise ServiceError("calendar.date_too_far", days=SCHEDULE_DAYS_AHEAD)
    starts = [datetime.combine(first_day + timedelta(weeks=week), to_time(minute),
                               tzinfo=zone).astimezone(UTC) for week in range(count)]
    if starts[0] <= now:
        raise ServiceError("calendar.meeting_in_past")
    meetings = [GroupMeeting(group_id=group.id, title=title, details=details, starts_at=start,
                             ends_at=start + timedelta(minutes=minutes), seats=seat_count,
                             created_by_id=actor.id, created_at=now) for start in starts]
    session.add_all(meetings)
    session.flush()
    if repeat == "weekly":
        for meeting in meetings:
            meeting.series_id = meetings[0].id
    audit.record(session, actor=actor, action="meeting.schedule", target_type="group",
                 target_id=group.id, detail=f"meetings={count} seats={seat_count}")
    session.commit()
    return _views(session, actor, meetings)


def cancel_meeting(*, session: Session, actor: Actor, meeting_id: object,
                   now: datetime | None = None) -> None:
    """A moderator calls one meeting off; everyone who was coming or waiting is told."""
    require(actor, Permission.CALENDAR_MEETING_SCHEDULE)
    meeting = session.get(GroupMeeting, parse_id(meeting_id))
    if meeting is None:
        raise NotFound()
    _access_moderated_group(session, actor, meeting.group_id)
    now = now or utcnow()
    if meeting.status != MeetingStatus.SCHEDULED or meeting.starts_at <= now:
        raise ServiceError("calendar.meeting_closed")
    lock_meeting(session, meeting)
    try:
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ServiceError("calendar.meeting_closed")
        attendees = list(session.execute(select(MeetingRsvp.user_id).where(
            MeetingRsvp.meeting_id == meeting.id, MeetingRsvp.status.in_(GOING))).scalars())
        meeting.status = MeetingStatus.CANCELLED
        notifications.cancel_reminders(session, subject_type=SUBJECT, subject_id=meeting.id)
        for user_id in attendees:
            if user_id != actor.id:
                notifications.notify(session, user_id=user_id, kind="meeting",
                                     key="notify.meeting_cancelled",
                                     params={"starts_at": meeting.starts_at},
                                     link=routes.group_meetings(meeting.group_id))
        audit.record(session, actor=actor, action="meeting.cancel", target_type="meeting",
                     target_id=meeting.id, detail=f"told={len(attendees)}")
        session.commit()
    except BaseException:
        session.rollback()
        raise


# --- RSVPs and the waitlist -------------------------------------------------------------

def _require_open(meeting: GroupMeeting, now: datetime) -> None:
    if meeting.status != MeetingStatus.SCHEDULED or meeting.starts_at <= now:
        raise ServiceError("calendar.meeting_closed")


def _remind(session: Session, meeting: GroupMeeting, user_id: int, now: datetime) -> None:
    notifications.schedule_reminders(session, user_id=user_id, subject_type=SUBJECT,
                                     subject_id=meeting.id, starts_at=meeting.starts_at,
                                     link=routes.group_meetings(meeting.group_id), now=now)


def promote_waiting(session: Session, meeting: GroupMeeting, now: datetime) -> list[int]:
    """Fill free seats from the waitlist in order (caller holds the meeting's lock)."""
    confirmed = _count(session, meeting.id, SeatStatus.CONFIRMED)
    waiting = list(session.execute(select(MeetingRsvp).where(
        MeetingRsvp.meeting_id == meeting.id, MeetingRsvp.status == SeatStatus.WAITLISTED)
        .order_by(MeetingRsvp.position, MeetingRsvp.id)).scalars())
    moving = set(promotions(seats=meeting.seats, confirmed=confirmed,
                            waiting_in_order=[row.id for row in waiting]))
    promoted = []
    for row in waiting:
        if row.id not in moving:
            continue
        row.status, row.updated_at = SeatStatus.CONFIRMED, now
        _remind(session, meeting, row.user_id, now)
        notifications.notify(session, user_id=row.user_id, kind="meeting",
                             key="notify.meeting_promoted",
                             params={"starts_at": meeting.starts_at},
                             link=routes.group_meetings(meeting.group_id))
        promoted.append(row.user_id)
    return promoted


def take_place(session: Session, meeting: GroupMeeting, user_id: int,
               now: datetime) -> MeetingRsvp:
    """A seat while there is one, else the end of the waitlist; already there: unchanged
    (caller holds the meeting's lock and commits)."""
    mine = _rsvp_of(session, meeting.id, user_id)
    if mine is not None and mine.status in GOING:
        return mine
    status = placement(seats=meeting.seats,
                       confirmed=_count(session, meeting.id, SeatStatus.CONFIRMED))
    position = (session.execute(select(func.max(MeetingRsvp.position)).where(
        MeetingRsvp.meeting_id == meeting.id)).scalar_one() or 0) + 1
    if mine is None:
        mine = MeetingRsvp(meeting_id=meeting.id, user_id=user_id, status=status,
                           position=position, created_at=now, updated_at=now)
        session.add(mine)
    else:
        mine.status, mine.position, mine.updated_at = status, position, now
    session.flush()
    if status == SeatStatus.CONFIRMED:
        _remind(session, meeting, user_id, now)
    return mine


def give_up_place(session: Session, meeting: GroupMeeting, user_id: int,
                  now: datetime) -> bool:
    """Not coming or no longer waiting; a freed seat goes to the next in line. False when
    she was not going (caller holds the meeting's lock and commits)."""
    mine = _rsvp_of(session, meeting.id, user_id)
    if mine is None or mine.status not in GOING:
        return False
    was = mine.status
    mine.status, mine.updated_at = SeatStatus.CANCELLED, now
    session.flush()
    notifications.cancel_reminders(session, subject_type=SUBJECT, subject_id=meeting.id,
                                   user_id=user_id)
    if was == SeatStatus.CONFIRMED:
        promote_waiting(session, meeting, now)
    return True


def rsvp_meeting(*, session: Session, actor: Actor, meeting_id: object,
                 now: datetime | None = None) -> RsvpResult:
    """Say you will come: a seat while there is one, else the end of the waitlist."""
    meeting, group = _access_meeting(session, actor, meeting_id)
    if not is_active_member(session, actor, group.id):
        raise ServiceError("groups.join_first")
    now = now or utcnow()
    _require_open(meeting, now)
    lock_meeting(session, meeting)
    try:
        _require_open(meeting, now)
        mine = take_place(session, meeting, actor.id, now)
        session.commit()
    except IntegrityError:
        session.rollback()  # a double tap: the first one holds the place
        raise ServiceError("calendar.rsvp_try_again") from None
    except BaseException:
        session.rollback()
        raise
    return RsvpResult(status=mine.status, place=_place(session, mine))


def cancel_rsvp(*, session: Session, actor: Actor, meeting_id: object,
                now: datetime | None = None) -> RsvpResult:
    """Not coming after all, or leaving the waitlist; a freed seat goes to the next in line."""
    meeting, _group = _access_meeting(session, actor, meeting_id)
    now = now or utcnow()
    _require_open(meeting, now)
    lock_meeting(session, meeting)
    try:
        if not give_up_place(session, meeting, actor.id, now):
            raise ServiceError("calendar.not_going")
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return RsvpResult(status=SeatStatus.CANCELLED)


def meeting_items(session: Session, actor: Actor, start: datetime,
                  end: datetime) -> list[CalendarItem]:
    """Meetings the actor is coming to or waiting for (for the calendar page)."""
    if not can(actor, Permission.CALENDAR_MEETING_RSVP):
        return []
    rows = session.execute(
        select(GroupMeeting, MeetingRsvp.status, SupportGroup.name)
        .join(MeetingRsvp, MeetingRsvp.meeting_id == GroupMeeting.id)
        .join(SupportGroup, SupportGroup.id == GroupMeeting.group_id)
        .where(MeetingRsvp.user_id == actor.id, MeetingRsvp.status.in_(GOING),
               GroupMeeting.status == MeetingStatus.SCHEDULED, GroupMeeting.ends_at > start,
               GroupMeeting.starts_at < end)).all()
    return [CalendarItem(kind="meeting", title_key="calendar.item_meeting",
                         starts_at=meeting.starts_at, ends_at=meeting.ends_at,
                         link=routes.group_meetings(meeting.group_id),
                         title_params={"title": meeting.title, "group": name},
                         status=status)
            for meeting, status, name in rows]


def release_seats_of_leaver(session: Session, group_id: int, user_id: int,
                            now: datetime | None = None) -> None:
    """A member left the group: her places at its upcoming meetings are freed, her
    reminders for them stop, and each freed seat goes to the next on the waitlist (as
    "If a seat frees up, it's yours" promises). Runs in the leaving transaction."""
    now = now or utcnow()
    meetings = session.execute(
        select(GroupMeeting).join(MeetingRsvp, MeetingRsvp.meeting_id == GroupMeeting.id)
        .where(GroupMeeting.group_id == group_id, GroupMeeting.status == MeetingStatus.SCHEDULED,
               GroupMeeting.starts_at > now, MeetingRsvp.user_id == user_id,
               MeetingRsvp.status.in_(GOING))).scalars().all()
    for meeting in meetings:
        lock_meeting(session, meeting)
        give_up_place(session, meeting, user_id, now)
