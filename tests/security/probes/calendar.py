"""Probes for the calendar handlers.

Ids point at OTHER members' things (a session between two strangers, another mentor's
hours, a meeting in a group the caller does not moderate), so callers with the right
role are still refused (``extra_refused``). Positive controls prove the writes happen:
the mentor caller edits his own hours; every participant caller joins and leaves a
meeting of a group they belong to. (The caller survivor has no mentor here, so that the
mentoring probes keep their own world; the service tests book for real.)
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.models.calendar import AvailabilityOverride, AvailabilityWindow, GroupMeeting
from portal.models.calendar import MeetingRsvp as Rsvp
from portal.models.calendar import SessionBooking as Booking
from portal.models.groups import GroupMembership, SupportGroup
from portal.models.types import utcnow
from portal.state.calendar import AvailabilityState, CalendarState
from portal.state.calendar_booking import BookingState, SessionState
from portal.state.calendar_meetings import MeetingsState
from tests.factories.accounts import make_user
from tests.factories.calendar import give_hours
from tests.factories.mentoring import make_match, make_mentor
from tests.security.inventory import MEMBER_STAFF
from tests.security.probes import Probe, World

BOOKERS = frozenset({"survivor"})
SESSION_PEOPLE = frozenset({"survivor", "mentor"})
HOURS_EDITORS = frozenset({"mentor"})
PARTICIPANTS = frozenset({"survivor", "mentor_applicant", "mentor", "moderator", "admin"})
MEMBERS = frozenset({"survivor", "mentor_applicant", "mentor"})
WHOLE_DAYS = tuple((day, "00:00", "00:00") for day in range(7))


def _meeting(session, group, title: str, starts) -> GroupMeeting:
    meeting = GroupMeeting(group_id=group.id, title=title, details="Room 3", starts_at=starts,
                           ends_at=starts + timedelta(hours=1), seats=20)
    session.add(meeting)
    session.flush()
    return meeting


def seed(session, world: World) -> None:
    now = utcnow()
    # Two strangers' session: nobody in the world may see or change it.
    mentor = make_mentor(session, name="Calendar mentor")
    survivor = make_user(session, name="Calendar survivor")
    match = make_match(session, survivor, mentor)
    give_hours(session, mentor, windows=WHOLE_DAYS)
    start = (now + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    booking = Booking(match_id=match.id, survivor_id=survivor.id, mentor_id=mentor.id,
                      start_at=start, end_at=start + timedelta(hours=1), mode="video",
                      details="A private place")
    window_id = session.execute(select(AvailabilityWindow.id).where(
        AvailabilityWindow.mentor_id == mentor.id)).scalars().first()
    override = AvailabilityOverride(mentor_id=mentor.id, day=(now + timedelta(days=5)).date(),
                                    kind="unavailable")
    session.add_all([booking, override])
    session.commit()
    world.extra.update(others_booking=booking.id, others_window=window_id,
                       others_override=override.id, others_mentor=mentor.id,
                       others_slot=(start + timedelta(days=1)).isoformat())
    # A group every participant caller belongs to, moderated by someone else.
    group = SupportGroup(name="Calendar circle", name_key="calendar circle", purpose="Meet")
    session.add(group)
    session.flush()
    lead = make_user(session, name="Calendar lead")
    session.add(GroupMembership(group_id=group.id, user_id=lead.id, role="moderator"))
    session.add_all([GroupMembership(group_id=group.id, user_id=world.members[role].id)
                     for role in sorted(PARTICIPANTS)])
    open_meeting = _meeting(session, group, "Open meeting", now + timedelta(days=2))
    attended = _meeting(session, group, "Attended meeting", now + timedelta(days=4))
    session.add_all([Rsvp(meeting_id=attended.id, user_id=world.members[role].id,
                          status="confirmed", position=index + 1)
                     for index, role in enumerate(sorted(PARTICIPANTS))])
    session.commit()
    world.extra.update(calendar_group=group.id, open_meeting=open_meeting.id,
                       attended_meeting=attended.id)


def _x(world: World, key: str):
    return world.extra[key]


PROBES: dict[str, Probe] = {
    "CalendarState.load_calendar": Probe(CalendarState, "load_calendar",
                                         private_vars=("entries", "book_with")),
    "AvailabilityState.load_availability": Probe(
        AvailabilityState, "load_availability",
        private_vars=("windows", "overrides", "meeting_details")),
    "AvailabilityState.save_availability_settings": Probe(
        AvailabilityState, "save_availability_settings",
        lambda w: ({"length__30": "on", "length__60": "on", "buffer_before": "10",
                    "buffer_after": "0", "notice_hours": "24", "horizon_days": "20",
                    "max_per_day": "3", "max_per_week": "", "meeting_details": "Video"},),
        private_vars=("windows", "meeting_details"), changes_for=HOURS_EDITORS),
    "AvailabilityState.add_weekly_window": Probe(
        AvailabilityState, "add_weekly_window",
        lambda w: ({"weekday": "2", "start": "09:00", "end": "12:00"},),
        private_vars=("windows",), changes_for=HOURS_EDITORS),
    "AvailabilityState.remove_weekly_window": Probe(
        AvailabilityState, "remove_weekly_window", lambda w: (_x(w, "others_window"),),
        private_vars=("windows",), extra_refused=HOURS_EDITORS),
    "AvailabilityState.add_date_override": Probe(
        AvailabilityState, "add_date_override",
        lambda w: ({"day": (utcnow() + timedelta(days=3)).date().isoformat(),
                    "kind": "unavailable"},),
        private_vars=("overrides",), changes_for=HOURS_EDITORS),
    "AvailabilityState.remove_date_override": Probe(
        AvailabilityState, "remove_date_override", lambda w: (_x(w, "others_override"),),
        private_vars=("overrides",), extra_refused=HOURS_EDITORS),
    "BookingState.load_booking_flow": Probe(BookingState, "load_booking_flow"),
    "BookingState.choose_length": Probe(BookingState, "choose_length", lambda w: (60,)),
    "BookingState.pick_day": Probe(BookingState, "pick_day", lambda w: ("2030-01-01",),
                                   private_vars=("times",)),
    # Another survivor's mentor: a survivor may book only with her own.
    "BookingState.book_session": Probe(
        BookingState, "book_session",
        lambda w: ({"mentor_id": str(_x(w, "others_mentor")), "start": _x(w, "others_slot"),
                    "length": "60", "mode": "video", "details": ""},),
        private_vars=("days", "times", "with_name"), extra_refused=BOOKERS),
    "BookingState.reschedule_session": Probe(
        BookingState, "reschedule_session",
        lambda w: ({"booking_id": str(_x(w, "others_booking")),
                    "start": _x(w, "others_slot")},),
        private_vars=("days", "times", "with_name"), extra_refused=SESSION_PEOPLE),
    "SessionState.load_session": Probe(
        SessionState, "load_session", private_vars=("partner_name", "session_details"),
        url=lambda w: ("/calendar/session", {"id": str(_x(w, "others_booking"))}),
        extra_refused=SESSION_PEOPLE),
    "SessionState.cancel_session": Probe(
        SessionState, "cancel_session",
        lambda w: ({"booking_id": str(_x(w, "others_booking")), "reason": "no"},),
        private_vars=("partner_name", "session_details"), extra_refused=SESSION_PEOPLE),
    "SessionState.save_session_details": Probe(
        SessionState, "save_session_details",
        lambda w: ({"booking_id": str(_x(w, "others_booking")), "details": "Mine now"},),
        private_vars=("partner_name", "session_details"), extra_refused=SESSION_PEOPLE),
    "MeetingsState.load_meetings": Probe(MeetingsState, "load_meetings",
                                         private_vars=("meetings",)),
    "MeetingsState.schedule_meeting": Probe(
        MeetingsState, "schedule_meeting",
        lambda w: ({"group_id": str(_x(w, "calendar_group")), "title": "Walk and talk",
                    "day": (utcnow() + timedelta(days=6)).date().isoformat(),
                    "start": "18:00", "length": "60", "seats": "8", "repeat": "once"},),
        private_vars=("meetings",), changes_for=MEMBER_STAFF, extra_refused=MEMBERS),
    "MeetingsState.join_meeting": Probe(MeetingsState, "join_meeting",
                                        lambda w: (_x(w, "open_meeting"),),
                                        changes_for=PARTICIPANTS),
    "MeetingsState.leave_meeting": Probe(MeetingsState, "leave_meeting",
                                         lambda w: (_x(w, "attended_meeting"),),
                                         changes_for=PARTICIPANTS),
    "MeetingsState.cancel_meeting": Probe(
        MeetingsState, "cancel_meeting", lambda w: (_x(w, "open_meeting"),),
        private_vars=("meetings",), changes_for=MEMBER_STAFF, extra_refused=MEMBERS),
}
