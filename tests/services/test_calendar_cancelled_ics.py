"""A cancelled session's calendar file (issue 13, item 9): the page offers no "Add" link
(tests/e2e/test_day_booking.py), and a file fetched anyway is the same event, cancelled,
so a phone calendar that holds it takes it off; nobody else gets anything."""

from __future__ import annotations

from icalendar import Calendar

from portal.services import calendar
from tests.factories.accounts import actor_of, make_user
from tests.factories.calendar import NOW, book, make_pair, slot_starts
from tests.refusals import refused


def only_event(body: bytes):
    return next(iter(Calendar.from_ical(body).walk("VEVENT")))


def test_a_cancelled_session_file_is_the_same_event_cancelled(db_session):
    survivor, mentor, _ = make_pair(db_session)
    booked = book(db_session, survivor, mentor, slot_starts(db_session, survivor, mentor)[0])
    before = only_event(calendar.session_ics(session=db_session, actor=actor_of(survivor),
                                             booking_id=booked.id, now=NOW))
    assert before.get("status") is None
    calendar.cancel_session(session=db_session, actor=actor_of(mentor), booking_id=booked.id,
                            now=NOW)
    view = calendar.get_session(session=db_session, actor=actor_of(survivor),
                                booking_id=booked.id, now=NOW)
    assert view.status == "cancelled"  # the page hides the "Add" link on this status
    after = only_event(calendar.session_ics(session=db_session, actor=actor_of(survivor),
                                            booking_id=booked.id, now=NOW))
    assert str(after["uid"]) == str(before["uid"])
    assert str(after["status"]) == "CANCELLED" and int(after["sequence"]) == 1
    with refused():
        calendar.session_ics(session=db_session, actor=actor_of(make_user(db_session)),
                             booking_id=booked.id, now=NOW)
