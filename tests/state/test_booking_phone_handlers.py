"""Issue 13, item 9's handlers, called as a browser calls them: the booking page opened
from "Book a session" (?match=) shows her own mentor's days in rows and a tapped day's
times under its row (and asks for the focus); someone else's match id shows nothing; a
weekly series is joined and left in one tap; a mentor's profile reads "usually free"."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import routes
from portal.i18n import translate
from portal.models.calendar import MeetingRsvp
from portal.models.types import utcnow
from portal.services import calendar
from portal.state.calendar_booking import BookingState
from portal.state.calendar_meetings import MeetingsState
from portal.state.calendar_usual import UsuallyFreeState
from tests.factories.accounts import actor_of, make_user
from tests.factories.calendar import give_hours, make_pair
from tests.factories.groups import add_member, make_group
from tests.factories.mentoring import make_mentor, make_survivor
from tests.state.browser import Browser, token_for


def test_book_a_session_opens_her_mentors_days_and_a_tapped_day_opens_under_its_row(app_db):
    survivor, mentor, match = make_pair(app_db)
    phone = Browser.with_token(token_for(app_db, survivor))
    phone.open(routes.CALENDAR_BOOK, {"match": str(match.id)})
    phone.call(BookingState, "load_booking_flow")
    state = phone.state(BookingState)
    assert state.flow_ready and state.with_mentor_id == mentor.id
    assert state.day_picked is False  # nothing takes the focus on arrival
    assert [day["key"] for row in state.day_rows for day in row["days"]] == \
        [day["key"] for day in state.days]
    fourth = state.days[3]["key"]
    phone.call(BookingState, "pick_day", fourth)
    state = phone.state(BookingState)
    assert state.chosen_day == fourth and state.chosen_row == 1 and state.day_picked
    assert state.times


def test_someone_elses_match_id_shows_no_times_and_a_calm_line(app_db):
    survivor, _, _ = make_pair(app_db)
    _, _, other_match = make_pair(app_db)
    phone = Browser.with_token(token_for(app_db, survivor))
    phone.open(routes.CALENDAR_BOOK, {"match": str(other_match.id)})
    phone.call(BookingState, "load_booking_flow")
    state = phone.state(BookingState)
    assert not state.flow_ready and state.days == [] and state.with_name == ""
    assert state._message_shown(at="booking") == translate("en", "calendar.not_matched")


def test_a_member_joins_and_leaves_a_weekly_series_in_one_tap(app_db):
    group = make_group(app_db)
    lead, member = make_user(app_db, name="Lead Lark"), make_user(app_db, name="Ash")
    add_member(app_db, group, lead, role="moderator")
    add_member(app_db, group, member)
    day = (utcnow() + timedelta(days=2)).date().isoformat()
    meetings = calendar.schedule_meeting(session=app_db, actor=actor_of(lead),
                                         group_id=group.id, title="Check-in", day=day,
                                         start="18:00", length="60", seats="5",
                                         repeat="weekly", occurrences="3")
    phone = Browser.with_token(token_for(app_db, member))
    phone.open(routes.CALENDAR_MEETINGS, {"group": str(group.id)})
    phone.call(MeetingsState, "load_meetings")
    first = phone.state(MeetingsState).meetings[0]
    assert first["series_first"] and not first["series_going"]
    assert not first["series_all_going"]
    phone.call(MeetingsState, "join_series", meetings[0].id)
    state = phone.state(MeetingsState)
    assert state._message_shown() == translate("en", "calendar.series_joined_other", count=3)
    assert [item["status"] for item in state.meetings] == ["confirmed"] * 3
    assert state.meetings[0]["series_going"] and state.meetings[0]["series_all_going"]
    phone.call(MeetingsState, "leave_series", meetings[0].id)
    state = phone.state(MeetingsState)
    assert [item["status"] for item in state.meetings] == [""] * 3
    app_db.expire_all()
    assert {row.status for row in app_db.execute(select(MeetingRsvp)).scalars()} == \
        {"cancelled"}


def test_the_profile_line_says_when_she_is_usually_free(app_db):
    mentor = make_mentor(app_db, timezone="America/Chicago")
    give_hours(app_db, mentor, windows=((1, "18:00", "20:00"), (3, "18:00", "20:00")))
    viewer = make_survivor(app_db, timezone="America/Chicago")
    phone = Browser.with_token(token_for(app_db, viewer))
    phone.open(routes.MENTORING_MENTOR, {"id": str(mentor.id)})
    phone.call(UsuallyFreeState, "load_usually_free")
    assert phone.state(UsuallyFreeState).usually_free == "Tuesday and Thursday evenings"
