"""Mentoring sessions: slots on the survivor's clock, booking, moving, cancelling, the
calendar file, and every refusal (nothing is stored half-done)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from portal.domain.permissions import PermissionDenied
from portal.models.calendar import SessionBooking
from portal.models.mentoring import MentorMatch
from portal.models.notifications import Notification, Reminder
from portal.services import calendar
from portal.services.accounts import blocks, my_data
from portal.services.errors import NotFound
from tests.factories import table_rows
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.calendar import NOW, at, book, give_hours, make_pair, slot_starts
from tests.factories.mentoring import make_match, make_mentor
from tests.refusals import refused, refused_unchanged

TUESDAY_9_NY = at(1, 14)  # Tuesday 2 March 2027, 09:00 in New York (UTC-5)


def count(db_session, model, *where) -> int:
    return db_session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_slots_are_shown_on_the_survivors_own_clock(db_session):
    survivor, mentor, _ = make_pair(db_session, mentor_tz="Europe/London",
                                    survivor_tz="America/Denver",
                                    windows=((1, "09:00", "10:00"),))
    offer = calendar.available_slots(session=db_session, actor=actor_of(survivor), now=NOW)
    assert offer.mentor_id == mentor.id and offer.timezone == "America/Denver"
    first = offer.days[0]
    assert first.day.isoformat() == "2027-03-02"
    assert first.slots[0].start_utc == at(1, 9)  # 09:00 in London is 09:00 UTC in March
    assert first.slots[0].local_start.hour == 2  # 02:00 in Denver (UTC-7)
    assert offer.modes == ("video", "phone") and offer.lengths == (60,)


def test_slots_follow_each_zones_own_daylight_saving_change(db_session):
    # New York springs forward on 14 March 2027, London only on 28 March.
    survivor, mentor, _ = make_pair(db_session, mentor_tz="Europe/London",
                                    windows=((0, "09:00", "10:00"),))
    starts = slot_starts(db_session, survivor, mentor)
    local_hours = {start.date().isoformat(): start.astimezone(
        __import__("zoneinfo").ZoneInfo("America/New_York")).hour for start in starts}
    assert local_hours["2027-03-08"] == 4   # London UTC+0, New York UTC-5
    assert local_hours["2027-03-15"] == 5   # London UTC+0, New York UTC-4
    assert local_hours["2027-03-29"] == 4   # London UTC+1, New York UTC-4


def test_a_matched_survivor_books_and_both_get_reminders_and_the_mentor_is_told(db_session):
    survivor, mentor, match = make_pair(db_session, details="Room 4 video link")
    assert TUESDAY_9_NY in slot_starts(db_session, survivor, mentor)
    view = book(db_session, survivor, mentor, TUESDAY_9_NY, mode="phone")
    assert (view.starts_at, view.ends_at) == (TUESDAY_9_NY, TUESDAY_9_NY + timedelta(hours=1))
    assert view.partner_name == mentor.display_name and view.my_side == "mentee"
    assert view.mode == "phone" and view.details == "Room 4 video link"
    assert view.can_change and view.status == "booked"
    reminders = db_session.execute(select(Reminder.user_id, Reminder.offset_minutes)
                                   .where(Reminder.subject_type == "session")).all()
    assert sorted(reminders) == sorted([(survivor.id, 1440), (survivor.id, 60),
                                        (mentor.id, 1440), (mentor.id, 60)])
    told = db_session.execute(select(Notification).where(
        Notification.user_id == mentor.id)).scalar_one()
    assert told.message_key == "notify.session_booked"
    assert told.params["by_member"] == survivor.id
    assert TUESDAY_9_NY not in slot_starts(db_session, survivor, mentor)


def test_a_booked_time_and_its_overlaps_are_no_longer_offered_or_bookable(db_session):
    survivor, mentor, _ = make_pair(db_session)
    other = make_user(db_session)
    make_match(db_session, other, mentor)
    book(db_session, survivor, mentor, TUESDAY_9_NY)
    refused_unchanged(db_session, "availability.slot_taken",
                      lambda: book(db_session, other, mentor, TUESDAY_9_NY))
    refused_unchanged(db_session, "availability.slot_taken",
                      lambda: book(db_session, other, mentor, TUESDAY_9_NY + timedelta(minutes=30)))
    assert book(db_session, other, mentor, TUESDAY_9_NY + timedelta(hours=1)).status == "booked"


def test_buffers_keep_sessions_apart(db_session):
    survivor, mentor, _ = make_pair(db_session, buffer_after=30)
    book(db_session, survivor, mentor, TUESDAY_9_NY)
    starts = slot_starts(db_session, survivor, mentor)
    assert TUESDAY_9_NY + timedelta(hours=1) not in starts
    assert TUESDAY_9_NY + timedelta(minutes=90) in starts


def test_the_daily_limit_fills_a_day(db_session):
    survivor, mentor, _ = make_pair(db_session, per_day=1)
    book(db_session, survivor, mentor, TUESDAY_9_NY)
    assert not any(start.date() == TUESDAY_9_NY.date()
                   for start in slot_starts(db_session, survivor, mentor))
    refused_unchanged(db_session, "availability.day_full",
                      lambda: book(db_session, survivor, mentor, TUESDAY_9_NY + timedelta(hours=3)))


@pytest.mark.parametrize("start, code", [
    (at(1, 3), "availability.slot_not_offered"),          # 22:00 the night before
    (at(1, 14, 10), "availability.slot_not_offered"),     # off the half-hour grid
    (at(1, 21, 30), "availability.slot_not_offered"),     # would run past 17:00
    (at(0, 18), "availability.slot_too_soon"),            # within the 12 h notice
    (at(40, 14), "availability.slot_too_far_ahead"),      # beyond 30 days
])
def test_booking_outside_availability_is_refused(db_session, start, code):
    survivor, mentor, _ = make_pair(db_session)
    refused_unchanged(db_session, code, lambda: book(db_session, survivor, mentor, start))


@pytest.mark.parametrize("field, value, code", [
    ("start", "next tuesday", "calendar.slot_invalid"),
    ("start", "2027-03-02T14:00:00", "calendar.slot_invalid"),  # no zone: ambiguous
    ("start", None, "calendar.slot_invalid"),
    ("start", "0001-01-01T00:00:00+05:00", "calendar.slot_invalid"),
    ("start", "9999-12-31T23:59:00-05:00", "calendar.slot_invalid"),
    ("length", "45", "availability.session_length_not_offered"),
    ("length", "sixty", "calendar.number_invalid"),
    ("mode", "carrier_pigeon", "calendar.mode_unknown"),
    ("mode", "in_person", "calendar.mode_not_offered"),
    ("details", "x" * 400, "sanitize.too_long"),
    ("mentor_id", "abc", "error.not_found"),
    ("mentor_id", 2**40, "error.not_found"),
])
def test_bad_booking_payloads_are_refused(db_session, field, value, code):
    survivor, mentor, _ = make_pair(db_session)
    payload = dict(mentor_id=mentor.id, start=TUESDAY_9_NY.isoformat(), length=60,
                   mode="video", details="")
    payload[field] = value
    refused_unchanged(db_session, code, lambda: calendar.book_session(
        session=db_session, actor=actor_of(survivor), now=NOW, **payload))


def test_nobody_books_with_a_mentor_they_are_not_matched_with(db_session):
    _, mentor, _ = make_pair(db_session)
    stranger = make_user(db_session)
    refused_unchanged(db_session, "calendar.not_matched",
                      lambda: book(db_session, stranger, mentor, TUESDAY_9_NY))
    refused_unchanged(db_session, "calendar.not_matched", lambda: calendar.available_slots(
        session=db_session, actor=actor_of(stranger), mentor_id=mentor.id, now=NOW))
    refused_unchanged(db_session, "calendar.no_mentor_yet", lambda: calendar.available_slots(
        session=db_session, actor=actor_of(stranger), now=NOW))


def test_an_ended_match_books_nothing(db_session):
    survivor, mentor, match = make_pair(db_session)
    match.status, match.survivor_seat, match.mentor_seat, match.active_pair = (
        "ended", None, None, None)
    db_session.commit()
    refused_unchanged(db_session, "calendar.not_matched",
                      lambda: book(db_session, survivor, mentor, TUESDAY_9_NY))


def test_mentors_and_staff_cannot_book(db_session):
    survivor, mentor, _ = make_pair(db_session)
    for role in ("moderator", "coordinator", "admin", "partner"):
        with refused(PermissionDenied):
            book(db_session, make_user(db_session, roles=(role,)), mentor, TUESDAY_9_NY)
    pure_mentor = make_user(db_session, roles=("mentor",))
    with refused(PermissionDenied):
        book(db_session, pure_mentor, mentor, TUESDAY_9_NY)


def test_a_paused_mentor_or_one_without_hours_offers_nothing(db_session):
    survivor, mentor, _ = make_pair(db_session, paused=True)
    offer = calendar.available_slots(session=db_session, actor=actor_of(survivor), now=NOW)
    assert offer.paused and offer.days == ()
    refused_unchanged(db_session, "availability.mentor_paused",
                      lambda: book(db_session, survivor, mentor, TUESDAY_9_NY))
    quiet_survivor, quiet_mentor, _ = make_pair(db_session, hours=False)
    offer = calendar.available_slots(session=db_session, actor=actor_of(quiet_survivor),
                                     now=NOW)
    assert offer.hours_shared is False and offer.days == ()
    refused_unchanged(db_session, "calendar.no_hours_yet",
                      lambda: book(db_session, quiet_survivor, quiet_mentor, TUESDAY_9_NY))


def test_a_survivor_cannot_be_in_two_sessions_at_once(db_session):
    survivor, mentor, _ = make_pair(db_session)
    second_mentor = make_mentor(db_session)
    db_session.add(MentorMatch(survivor_id=survivor.id, mentor_id=second_mentor.id,
                               survivor_seat=1, mentor_seat=0, started_at=NOW))
    give_hours(db_session, second_mentor)
    book(db_session, survivor, mentor, TUESDAY_9_NY)
    refused_unchanged(db_session, "calendar.survivor_busy",
                      lambda: book(db_session, survivor, second_mentor, TUESDAY_9_NY))


def test_the_mentor_cancels_with_a_reason_and_the_survivor_is_told(db_session):
    survivor, mentor, _ = make_pair(db_session)
    booked = book(db_session, survivor, mentor, TUESDAY_9_NY)
    view = calendar.cancel_session(session=db_session, actor=actor_of(mentor),
                                   booking_id=booked.id, reason="I am unwell", now=NOW)
    assert view.status == "cancelled" and view.cancelled_by_me and not view.can_change
    assert view.cancel_reason == "I am unwell"
    assert count(db_session, Reminder) == 0
    told = db_session.execute(select(Notification).where(
        Notification.user_id == survivor.id)).scalar_one()
    assert told.message_key == "notify.session_cancelled"
    survivor_view = calendar.get_session(session=db_session, actor=actor_of(survivor),
                                         booking_id=booked.id, now=NOW)
    assert survivor_view.cancel_reason == "I am unwell" and not survivor_view.cancelled_by_me
    assert TUESDAY_9_NY in slot_starts(db_session, survivor, mentor)  # free again
    refused_unchanged(db_session, "calendar.session_not_booked", lambda: calendar.cancel_session(
        session=db_session, actor=actor_of(survivor), booking_id=booked.id, now=NOW))


def test_a_session_that_has_begun_cannot_be_cancelled_or_moved(db_session):
    survivor, mentor, _ = make_pair(db_session)
    booked = book(db_session, survivor, mentor, TUESDAY_9_NY)
    later = TUESDAY_9_NY + timedelta(minutes=5)
    refused_unchanged(db_session, "calendar.session_started", lambda: calendar.cancel_session(
        session=db_session, actor=actor_of(survivor), booking_id=booked.id, now=later))
    refused_unchanged(db_session, "calendar.session_started", lambda: calendar.reschedule_session(
        session=db_session, actor=actor_of(survivor), booking_id=booked.id,
        start=at(3, 14).isoformat(), now=later))


def test_either_side_moves_a_session_and_the_old_time_frees_up(db_session):
    survivor, mentor, _ = make_pair(db_session)
    booked = book(db_session, survivor, mentor, TUESDAY_9_NY)
    offer = calendar.reschedule_slots(session=db_session, actor=actor_of(mentor),
                                      booking_id=booked.id, now=NOW)
    assert offer.booking_id == booked.id and offer.timezone == mentor.timezone
    offered = [slot.start_utc for day in offer.days for slot in day.slots]
    assert TUESDAY_9_NY + timedelta(minutes=30) in offered  # its own time does not block it
    moved = calendar.reschedule_session(session=db_session, actor=actor_of(mentor),
                                        booking_id=booked.id, start=at(3, 15).isoformat(),
                                        now=NOW)
    assert moved.starts_at == at(3, 15) and moved.rescheduled_from_id == booked.id
    old = calendar.get_session(session=db_session, actor=actor_of(survivor),
                               booking_id=booked.id, now=NOW)
    assert old.status == "cancelled" and old.moved_to_id == moved.id
    assert {row.starts_at for row in db_session.execute(select(Reminder)).scalars()} == \
        {at(3, 15)}
    told = db_session.execute(select(Notification).where(
        Notification.user_id == survivor.id)).scalar_one()
    assert told.message_key == "notify.session_moved"
    assert TUESDAY_9_NY in slot_starts(db_session, survivor, mentor)
    refused_unchanged(
        db_session, "availability.slot_not_offered", lambda: calendar.reschedule_session(
            session=db_session, actor=actor_of(survivor), booking_id=moved.id,
            start=at(3, 3).isoformat(), now=NOW))
    refused_unchanged(db_session, "calendar.same_time", lambda: calendar.reschedule_session(
        session=db_session, actor=actor_of(survivor), booking_id=moved.id,
        start=at(3, 15).isoformat(), now=NOW))
    assert book(db_session, survivor, mentor, TUESDAY_9_NY).status == "booked"


def test_either_side_changes_where_to_meet(db_session):
    survivor, mentor, _ = make_pair(db_session)
    booked = book(db_session, survivor, mentor, TUESDAY_9_NY)
    view = calendar.update_session_details(session=db_session, actor=actor_of(mentor),
                                           booking_id=booked.id,
                                           details="https://video.example/room", now=NOW)
    assert view.details == "https://video.example/room"


@pytest.mark.parametrize("forged", ["abc", -3, 0, 10**12, None, True, {"id": 1}])
def test_other_peoples_sessions_and_forged_ids_are_not_found(db_session, forged):
    survivor, mentor, _ = make_pair(db_session)
    booked = book(db_session, survivor, mentor, TUESDAY_9_NY)
    stranger = make_user(db_session, roles=("survivor", "mentor"))
    before = table_rows(db_session)
    actor = actor_of(stranger)
    calls = (
        lambda target: calendar.get_session(session=db_session, actor=actor,
                                            booking_id=target, now=NOW),
        lambda target: calendar.cancel_session(session=db_session, actor=actor,
                                               booking_id=target, now=NOW),
        lambda target: calendar.reschedule_session(session=db_session, actor=actor,
                                                   booking_id=target,
                                                   start=at(3, 15).isoformat(), now=NOW),
        lambda target: calendar.reschedule_slots(session=db_session, actor=actor,
                                                 booking_id=target, now=NOW),
        lambda target: calendar.update_session_details(session=db_session, actor=actor,
                                                       booking_id=target, details="x",
                                                       now=NOW),
        lambda target: calendar.session_ics(session=db_session, actor=actor,
                                            booking_id=target),
    )
    for target in (booked.id, forged):
        for call in calls:
            with refused(NotFound):
                call(target)
    assert table_rows(db_session) == before


def test_the_calendar_file_has_a_neutral_title_and_nothing_personal(db_session):
    survivor, mentor, _ = make_pair(db_session, details="12 Quiet Street, flat 3")
    booked = book(db_session, survivor, mentor, TUESDAY_9_NY)
    raw = calendar.session_ics(session=db_session, actor=actor_of(survivor),
                               booking_id=booked.id)
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Lantern meeting"
    assert event.decoded("DTSTART") == TUESDAY_9_NY
    assert event.decoded("DTEND") == TUESDAY_9_NY + timedelta(hours=1)
    text = raw.decode()
    for private in (mentor.display_name, survivor.display_name, "Quiet Street", "LOCATION",
                    "DESCRIPTION", "ATTENDEE", "ORGANIZER"):
        assert private not in text


def test_both_people_see_the_session_in_their_calendars(db_session):
    survivor, mentor, _ = make_pair(db_session)
    booked = book(db_session, survivor, mentor, TUESDAY_9_NY)
    mine = calendar.my_calendar(session=db_session, actor=actor_of(survivor), now=NOW)
    assert [(i.kind, i.title_params["partner"], i.link) for i in mine.items] == [
        ("session", mentor.display_name, f"/calendar/session?id={booked.id}")]
    assert [m.id for m in mine.mentors] == [mentor.id] and mine.is_mentor is False
    theirs = calendar.my_calendar(session=db_session, actor=actor_of(mentor), now=NOW)
    assert [i.title_params["partner"] for i in theirs.items] == [survivor.display_name]
    assert theirs.is_mentor is True


def test_a_held_session_counts_as_the_first_session_of_the_match(db_session):
    survivor, mentor, match = make_pair(db_session)
    book(db_session, survivor, mentor, TUESDAY_9_NY)
    assert calendar.record_held_sessions(db_session, TUESDAY_9_NY + timedelta(minutes=30)) == 0
    assert calendar.record_held_sessions(db_session, TUESDAY_9_NY + timedelta(hours=2)) == 1
    db_session.expire_all()
    assert db_session.get(MentorMatch, match.id).first_session_at == TUESDAY_9_NY
    assert calendar.record_held_sessions(db_session, TUESDAY_9_NY + timedelta(hours=3)) == 0


def test_blocking_cancels_their_upcoming_sessions_and_tells_both_calmly(db_session):
    # Issue #10 item 4: both are now told (calmly, nobody named), no longer left unaware.
    survivor, mentor, _ = make_pair(db_session)
    booked = book(db_session, survivor, mentor, at(20, 14), now=NOW)
    db_session.execute(Notification.__table__.delete())
    db_session.commit()
    blocks.block_member(session=db_session, actor=actor_of(survivor), member_id=mentor.id)
    row = db_session.get(SessionBooking, booked.id)
    db_session.refresh(row)
    assert row.status == "cancelled" and row.active_slot is None
    assert count(db_session, Reminder) == 0
    told = db_session.execute(select(Notification)).scalars().all()
    assert sorted(n.user_id for n in told) == sorted((survivor.id, mentor.id))
    assert {n.message_key for n in told} == {"notify.session_closed"}
    assert all(set(n.params) == {"starts_at"} for n in told)  # nobody named


def test_deleting_an_account_calls_off_the_other_persons_sessions(db_session):
    survivor, mentor, _ = make_pair(db_session)
    book(db_session, survivor, mentor, at(20, 14), now=NOW)
    data = my_data.export_my_data(session=db_session, actor=actor_of(survivor))
    assert data["calendar_sessions"][0]["with"] == mentor.display_name
    assert data["calendar_availability"] is None
    assert my_data.export_my_data(session=db_session, actor=actor_of(mentor))[
        "calendar_availability"]["weekly_hours"][0] == {"weekday": 0, "from": "09:00",
                                                        "to": "17:00"}
    my_data.delete_my_account(session=db_session, actor=actor_of(survivor),
                              passphrase=PASSPHRASE)
    assert count(db_session, SessionBooking) == 0
    assert count(db_session, Reminder, Reminder.user_id == mentor.id) == 0
    told = db_session.execute(select(Notification).where(
        Notification.user_id == mentor.id, Notification.message_key != "notify.session_booked")
    ).scalar_one()
    assert told.message_key == "notify.session_called_off" and "by_member" not in told.params


def test_the_database_refuses_a_second_standing_booking_at_the_same_start(db_session):
    survivor, mentor, match = make_pair(db_session)
    book(db_session, survivor, mentor, TUESDAY_9_NY)
    db_session.add(SessionBooking(match_id=match.id, survivor_id=survivor.id,
                                  mentor_id=mentor.id, start_at=TUESDAY_9_NY,
                                  end_at=TUESDAY_9_NY + timedelta(hours=1), mode="video"))
    with pytest.raises(Exception, match="(?i)unique"):
        db_session.commit()
    db_session.rollback()
    # Once cancelled, the start is free again: the cancelled row no longer holds it.
    first = db_session.execute(select(SessionBooking.id)).scalar_one()
    calendar.cancel_session(session=db_session, actor=actor_of(mentor), booking_id=first,
                            now=NOW)
    book(db_session, survivor, mentor, TUESDAY_9_NY)
    assert count(db_session, SessionBooking, SessionBooking.start_at == TUESDAY_9_NY) == 2


def test_too_many_upcoming_sessions_with_one_mentor_are_refused(db_session):
    survivor, mentor, _ = make_pair(db_session)
    for day in range(1, 9):
        book(db_session, survivor, mentor, at(day, 14))
    refused_unchanged(db_session, "calendar.too_many_upcoming",
                      lambda: book(db_session, survivor, mentor, at(9, 14)))


def test_slot_starts_in_the_offer_are_aware_utc(db_session):
    survivor, mentor, _ = make_pair(db_session)
    starts = slot_starts(db_session, survivor, mentor)
    assert starts and all(start.tzinfo is not None and start.utcoffset() == timedelta(0)
                          for start in starts)
    assert all(start > NOW + timedelta(hours=12) for start in starts)
    assert max(starts) <= NOW + timedelta(days=30)
    assert datetime(2027, 3, 2, 14, tzinfo=UTC) == starts[0]
