"""A weekly series of group meetings in one tap (issue 13, item 9): "all upcoming" takes
a seat at every date that has one and the waitlist at every full date; "not coming to
any" frees each seat for the next in line; the moderator's list counts her everywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.models.calendar import MeetingRsvp
from portal.models.notifications import Notification
from portal.services import calendar
from tests.factories.accounts import actor_of, make_user
from tests.factories.calendar import NOW
from tests.factories.groups import add_member, make_group
from tests.refusals import refused, refused_unchanged


@pytest.fixture
def weekly(db_session):
    """A group, its moderator, two members and a weekly meeting of 4 dates, 1 seat each."""
    group = make_group(db_session)
    lead = make_user(db_session, name="Lead Lark")
    add_member(db_session, group, lead, role="moderator")
    ash, birch = make_user(db_session, name="Ash"), make_user(db_session, name="Birch")
    add_member(db_session, group, ash)
    add_member(db_session, group, birch)
    meetings = calendar.schedule_meeting(
        session=db_session, actor=actor_of(lead), group_id=group.id, title="Check-in",
        day="2027-03-03", start="18:00", length="60", seats="1", repeat="weekly",
        occurrences="4", now=NOW)
    return group, lead, ash, birch, meetings


def counts(db_session, lead, group):
    page = calendar.list_meetings(session=db_session, actor=actor_of(lead), group_id=group.id,
                                  now=NOW)
    return [(view.taken, view.waiting) for view in page.meetings]


def test_all_upcoming_takes_a_seat_at_every_date_and_the_moderator_counts_her(db_session,
                                                                               weekly):
    group, lead, ash, _, meetings = weekly
    result = calendar.rsvp_series(session=db_session, actor=actor_of(ash),
                                  meeting_id=meetings[2].id, now=NOW)
    assert (result.confirmed, result.waitlisted) == (4, 0)
    assert counts(db_session, lead, group) == [(1, 0)] * 4
    mine = calendar.list_meetings(session=db_session, actor=actor_of(ash), now=NOW)
    assert [view.my_status for view in mine.meetings] == ["confirmed"] * 4


def test_a_full_date_puts_her_on_that_dates_waitlist_only(db_session, weekly):
    group, lead, ash, birch, meetings = weekly
    calendar.rsvp_meeting(session=db_session, actor=actor_of(birch), meeting_id=meetings[1].id,
                          now=NOW)
    result = calendar.rsvp_series(session=db_session, actor=actor_of(ash),
                                  meeting_id=meetings[0].id, now=NOW)
    assert (result.confirmed, result.waitlisted) == (3, 1)
    assert counts(db_session, lead, group) == [(1, 0), (1, 1), (1, 0), (1, 0)]


def test_saying_yes_twice_changes_nothing(db_session, weekly):
    group, lead, ash, _, meetings = weekly
    calendar.rsvp_series(session=db_session, actor=actor_of(ash), meeting_id=meetings[0].id,
                         now=NOW)
    again = calendar.rsvp_series(session=db_session, actor=actor_of(ash),
                                 meeting_id=meetings[0].id, now=NOW)
    assert again.confirmed == 4
    rows = db_session.execute(select(MeetingRsvp).where(
        MeetingRsvp.user_id == ash.id)).scalars().all()
    assert len(rows) == 4


def test_not_coming_to_any_frees_every_seat_for_the_next_in_line(db_session, weekly):
    group, lead, ash, birch, meetings = weekly
    calendar.rsvp_series(session=db_session, actor=actor_of(ash), meeting_id=meetings[0].id,
                         now=NOW)
    calendar.rsvp_meeting(session=db_session, actor=actor_of(birch), meeting_id=meetings[3].id,
                          now=NOW)  # full: Birch waits for the last date
    result = calendar.cancel_series_rsvp(session=db_session, actor=actor_of(ash),
                                         meeting_id=meetings[1].id, now=NOW)
    assert result.left == 4
    assert counts(db_session, lead, group) == [(0, 0), (0, 0), (0, 0), (1, 0)]
    told = db_session.execute(select(Notification.message_key).where(
        Notification.user_id == birch.id)).scalars().all()
    assert "notify.meeting_promoted" in told
    with refused(code="calendar.not_going"):
        calendar.cancel_series_rsvp(session=db_session, actor=actor_of(ash),
                                    meeting_id=meetings[0].id, now=NOW)


def test_a_one_off_meeting_has_no_series_to_join(db_session, weekly):
    group, lead, ash, _, _ = weekly
    single = calendar.schedule_meeting(
        session=db_session, actor=actor_of(lead), group_id=group.id, title="Picnic",
        day="2027-03-05", start="12:00", length="60", seats="5", now=NOW)
    refused_unchanged(db_session, "calendar.not_a_series", lambda: calendar.rsvp_series(
        session=db_session, actor=actor_of(ash), meeting_id=single[0].id, now=NOW))


def test_someone_outside_the_group_cannot_join_or_leave_a_series(db_session, weekly):
    _, _, _, _, meetings = weekly
    stranger = make_user(db_session, name="Stranger")
    with refused():
        calendar.rsvp_series(session=db_session, actor=actor_of(stranger),
                             meeting_id=meetings[0].id, now=NOW)
    with refused():
        calendar.cancel_series_rsvp(session=db_session, actor=actor_of(stranger),
                                    meeting_id=meetings[0].id, now=NOW)
    assert db_session.execute(select(MeetingRsvp).where(
        MeetingRsvp.user_id == stranger.id)).first() is None


def test_past_dates_of_the_series_are_left_alone(db_session, weekly):
    group, lead, ash, _, meetings = weekly
    later = meetings[1].starts_at  # the first two dates have begun or passed
    result = calendar.rsvp_series(session=db_session, actor=actor_of(ash),
                                  meeting_id=meetings[3].id, now=later)
    assert result.confirmed == 2
    going = db_session.execute(select(MeetingRsvp.meeting_id).where(
        MeetingRsvp.user_id == ash.id)).scalars().all()
    assert sorted(going) == sorted(m.id for m in meetings[2:])
