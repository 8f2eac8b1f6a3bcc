"""Group meetings: scheduling by group moderators, RSVPs, the ordered waitlist and its
automatic promotions, cancellations, and every refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry
from portal.models.calendar import GroupMeeting, MeetingRsvp
from portal.models.notifications import Notification, Reminder
from portal.services import calendar
from portal.services.accounts import my_data
from portal.services.errors import NotFound
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.calendar import NOW
from tests.factories.groups import add_member, make_group
from tests.refusals import refused, refused_unchanged


def schedule(db_session, who, group, **changes):
    values = dict(title="Evening check-in", day="2027-03-03", start="18:00", length="60",
                  seats="2", details="Room 2, community centre", repeat="once",
                  occurrences="1")
    values.update(changes)
    return calendar.schedule_meeting(session=db_session, actor=actor_of(who),
                                     group_id=group.id, now=NOW, **values)


def rsvp(db_session, who, meeting_id):
    return calendar.rsvp_meeting(session=db_session, actor=actor_of(who),
                                 meeting_id=meeting_id, now=NOW)


def leave(db_session, who, meeting_id):
    return calendar.cancel_rsvp(session=db_session, actor=actor_of(who),
                                meeting_id=meeting_id, now=NOW)


@pytest.fixture
def circle(db_session):
    """A group with a member moderator and five members."""
    group = make_group(db_session)
    lead = make_user(db_session, name="Lead Lark")
    add_member(db_session, group, lead, role="moderator")
    members = []
    for index in range(5):
        member = make_user(db_session, name=f"Member {index}")
        add_member(db_session, group, member)
        members.append(member)
    return group, lead, members


def test_a_group_moderator_schedules_a_weekly_meeting_at_the_same_local_time(db_session,
                                                                               circle):
    group, lead, _ = circle
    # New York springs forward on 14 March 2027: 18:00 local stays 18:00 local.
    views = schedule(db_session, lead, group, day="2027-03-10", repeat="weekly",
                     occurrences="3")
    assert [view.starts_at for view in views] == [
        datetime(2027, 3, 10, 23, 0, tzinfo=UTC), datetime(2027, 3, 17, 22, 0, tzinfo=UTC),
        datetime(2027, 3, 24, 22, 0, tzinfo=UTC)]
    assert all(view.weekly and view.can_manage and view.seats == 2 for view in views)
    series = {row.series_id for row in db_session.execute(select(GroupMeeting)).scalars()}
    assert series == {views[0].id}
    audit = db_session.execute(select(AuditEntry)).scalar_one()
    assert (audit.action, audit.target_id) == ("meeting.schedule", group.id)


def test_members_cannot_schedule_but_site_moderators_can(db_session, circle):
    group, _, members = circle
    with refused(PermissionDenied):
        schedule(db_session, members[0], group)
    for role in ("coordinator", "partner"):
        with refused(PermissionDenied):
            schedule(db_session, make_user(db_session, roles=(role,)), group)
    staff = make_user(db_session, roles=("moderator",))
    assert len(schedule(db_session, staff, group)) == 1


def test_a_moderator_of_another_group_cannot_schedule_here(db_session, circle):
    group, _, _ = circle
    other = make_group(db_session)
    lead = make_user(db_session)
    add_member(db_session, other, lead, role="moderator")
    add_member(db_session, group, lead)
    with refused(PermissionDenied):
        schedule(db_session, lead, group)


@pytest.mark.parametrize("changes, code", [
    ({"day": "2027-02-28"}, "calendar.meeting_in_past"),
    ({"day": "2029-01-01"}, "calendar.date_too_far"),
    ({"day": "someday"}, "calendar.date_invalid"),
    ({"day": "9999-12-30", "repeat": "weekly", "occurrences": "4"}, "calendar.date_too_far"),
    ({"day": "2027-03-01", "start": "06:00"}, "calendar.meeting_in_past"),
    ({"start": "7pm"}, "availability.time_invalid"),
    ({"length": "0"}, "calendar.meeting_length_invalid"),
    ({"length": "-60"}, "calendar.meeting_length_invalid"),
    ({"length": "500"}, "calendar.meeting_length_invalid"),
    ({"seats": "0"}, "calendar.seats_invalid"),
    ({"seats": "many"}, "calendar.number_invalid"),
    ({"title": "   "}, "sanitize.empty"),
    ({"title": "x" * 81}, "sanitize.too_long"),
    ({"repeat": "daily"}, "calendar.repeat_invalid"),
    ({"repeat": "weekly", "occurrences": "20"}, "calendar.occurrences_invalid"),
    ({"repeat": "weekly", "occurrences": "1"}, "calendar.occurrences_invalid"),
])
def test_bad_meeting_input_is_refused_and_nothing_is_stored(db_session, circle, changes,
                                                              code):
    group, lead, _ = circle
    refused_unchanged(db_session, code, lambda: schedule(db_session, lead, group, **changes))


def test_seats_go_first_come_then_an_ordered_waitlist(db_session, circle):
    group, lead, members = circle
    meeting = schedule(db_session, lead, group)[0]
    results = [rsvp(db_session, member, meeting.id) for member in members]
    assert [(r.status, r.place) for r in results] == [
        ("confirmed", 0), ("confirmed", 0), ("waitlisted", 1), ("waitlisted", 2),
        ("waitlisted", 3)]
    # Saying yes twice changes nothing.
    assert rsvp(db_session, members[3], meeting.id).place == 2
    page = calendar.list_meetings(session=db_session, actor=actor_of(members[4]),
                                  group_id=group.id, now=NOW)
    view = page.meetings[0]
    assert (view.taken, view.waiting, view.my_status, view.my_place) == (2, 3, "waitlisted", 3)
    assert view.details == "Room 2, community centre"
    reminded = set(db_session.execute(select(Reminder.user_id)).scalars())
    assert reminded == {members[0].id, members[1].id}


def test_a_freed_seat_goes_to_the_first_in_line_who_is_told_and_reminded(db_session, circle):
    group, lead, members = circle
    meeting = schedule(db_session, lead, group)[0]
    for member in members:
        rsvp(db_session, member, meeting.id)
    leave(db_session, members[3], meeting.id)  # leaves the waitlist: nobody moves up
    assert db_session.execute(select(Notification)).scalars().all() == []
    leave(db_session, members[0], meeting.id)  # a seat frees: the first waiting gets it
    told = db_session.execute(select(Notification)).scalar_one()
    assert (told.user_id, told.message_key) == (members[2].id, "notify.meeting_promoted")
    statuses = dict(db_session.execute(select(MeetingRsvp.user_id, MeetingRsvp.status)).all())
    assert statuses == {members[0].id: "cancelled", members[1].id: "confirmed",
                        members[2].id: "confirmed", members[3].id: "cancelled",
                        members[4].id: "waitlisted"}
    assert members[2].id in set(db_session.execute(select(Reminder.user_id)).scalars())
    assert members[0].id not in set(db_session.execute(select(Reminder.user_id)).scalars())
    # Coming back puts you at the end of the line.
    assert rsvp(db_session, members[0], meeting.id).place == 2
    leave(db_session, members[1], meeting.id)
    statuses = dict(db_session.execute(select(MeetingRsvp.user_id, MeetingRsvp.status)).all())
    assert statuses[members[4].id] == "confirmed" and statuses[members[0].id] == "waitlisted"


def test_cancelling_a_meeting_tells_everyone_coming_or_waiting(db_session, circle):
    group, lead, members = circle
    meeting = schedule(db_session, lead, group, seats="1")[0]
    rsvp(db_session, members[0], meeting.id)
    rsvp(db_session, members[1], meeting.id)
    with refused(PermissionDenied):
        calendar.cancel_meeting(session=db_session, actor=actor_of(members[0]),
                                meeting_id=meeting.id, now=NOW)
    calendar.cancel_meeting(session=db_session, actor=actor_of(lead), meeting_id=meeting.id,
                            now=NOW)
    told = sorted(db_session.execute(select(Notification.user_id).where(
        Notification.message_key == "notify.meeting_cancelled")).scalars())
    assert told == sorted([members[0].id, members[1].id])
    assert db_session.execute(select(Reminder)).scalars().all() == []
    refused_unchanged(db_session, "calendar.meeting_closed", lambda: rsvp(db_session, members[2],
                                                                          meeting.id))
    assert calendar.list_meetings(session=db_session, actor=actor_of(members[2]),
                                  group_id=group.id, now=NOW).meetings == ()


def test_people_outside_the_group_neither_see_nor_join_its_meetings(db_session, circle):
    group, lead, members = circle
    meeting = schedule(db_session, lead, group)[0]
    outsider = make_user(db_session)
    refused_unchanged(db_session, "groups.join_first",
                      lambda: rsvp(db_session, outsider, meeting.id))
    refused_unchanged(db_session, "groups.join_first", lambda: calendar.list_meetings(
        session=db_session, actor=actor_of(outsider), group_id=group.id, now=NOW))
    assert calendar.list_meetings(session=db_session, actor=actor_of(outsider),
                                  now=NOW).meetings == ()
    secret = make_group(db_session, visibility="invite")
    hidden = schedule(db_session, make_user(db_session, roles=("moderator",)), secret)[0]
    for target in (hidden.id, "abc", -1, 10**12, None):
        with refused(NotFound):
            rsvp(db_session, outsider, target)
    for role in ("coordinator", "partner"):
        with refused(PermissionDenied):
            rsvp(db_session, make_user(db_session, roles=(role,)), meeting.id)


def test_leaving_when_not_on_the_list_is_a_calm_refusal(db_session, circle):
    group, lead, members = circle
    meeting = schedule(db_session, lead, group)[0]
    refused_unchanged(db_session, "calendar.not_going", lambda: leave(db_session, members[0],
                                                                      meeting.id))


def test_meetings_appear_in_the_calendar_with_the_waitlist_marked(db_session, circle):
    group, lead, members = circle
    meeting = schedule(db_session, lead, group, seats="1")[0]
    rsvp(db_session, members[0], meeting.id)
    rsvp(db_session, members[1], meeting.id)
    going = calendar.my_calendar(session=db_session, actor=actor_of(members[0]), now=NOW)
    waiting = calendar.my_calendar(session=db_session, actor=actor_of(members[1]), now=NOW)
    assert [(i.kind, i.status, i.title_params["title"]) for i in going.items] == [
        ("meeting", "confirmed", "Evening check-in")]
    assert [i.status for i in waiting.items] == ["waitlisted"]
    assert calendar.my_calendar(session=db_session, actor=actor_of(members[2]),
                                now=NOW).items == ()


def test_meetings_list_all_my_groups_and_what_i_may_schedule(db_session, circle):
    group, lead, members = circle
    schedule(db_session, lead, group)
    page = calendar.list_meetings(session=db_session, actor=actor_of(lead), now=NOW)
    assert [g.id for g in page.schedulable] == [group.id]
    assert len(page.meetings) == 1 and page.group is None
    member_page = calendar.list_meetings(session=db_session, actor=actor_of(members[0]),
                                         now=NOW)
    assert member_page.schedulable == () and not member_page.meetings[0].can_manage
    later = NOW + timedelta(days=3)
    assert calendar.list_meetings(session=db_session, actor=actor_of(members[0]),
                                  now=later).meetings == ()


def test_deleting_an_account_gives_its_seat_to_the_next_in_line(db_session, circle):
    group, lead, members = circle
    meeting = schedule(db_session, lead, group, seats="1")[0]
    rsvp(db_session, members[0], meeting.id)
    rsvp(db_session, members[1], meeting.id)
    data = my_data.export_my_data(session=db_session, actor=actor_of(members[0]))
    assert data["calendar_meeting_places"][0]["status"] == "confirmed"
    assert my_data.export_my_data(session=db_session, actor=actor_of(lead))[
        "calendar_meetings_scheduled"][0]["title"] == "Evening check-in"
    meeting_row = db_session.get(GroupMeeting, meeting.id)
    meeting_row.starts_at = datetime.now(UTC) + timedelta(days=2)
    meeting_row.ends_at = meeting_row.starts_at + timedelta(hours=1)
    db_session.commit()
    my_data.delete_my_account(session=db_session, actor=actor_of(members[0]),
                              passphrase=PASSPHRASE)
    statuses = dict(db_session.execute(select(MeetingRsvp.user_id, MeetingRsvp.status)).all())
    assert statuses == {members[1].id: "confirmed"}


def test_leaving_the_group_gives_her_seat_to_the_next_in_line(db_session, circle):
    """"If a seat frees up, it's yours": a member who leaves the group frees her seats at
    its upcoming meetings, her reminders stop, and the first waiting member is told."""
    from portal.services.groups import membership as groups

    group, lead, members = circle
    meeting = schedule(db_session, lead, group)[0]
    for member in members[:3]:
        rsvp(db_session, member, meeting.id)  # two seats: members 0 and 1, member 2 waits
    groups.leave_group(session=db_session, actor=actor_of(members[0]), group_id=group.id)
    statuses = dict(db_session.execute(select(MeetingRsvp.user_id, MeetingRsvp.status)).all())
    assert statuses == {members[0].id: "cancelled", members[1].id: "confirmed",
                        members[2].id: "confirmed"}
    told = db_session.execute(select(Notification)).scalar_one()
    assert (told.user_id, told.message_key) == (members[2].id, "notify.meeting_promoted")
    reminded = set(db_session.execute(select(Reminder.user_id)).scalars())
    assert members[2].id in reminded and members[0].id not in reminded
    # Leaving a group where she holds no seat changes nothing for anyone.
    groups.leave_group(session=db_session, actor=actor_of(members[3]), group_id=group.id)
    assert dict(db_session.execute(
        select(MeetingRsvp.user_id, MeetingRsvp.status)).all()) == statuses
