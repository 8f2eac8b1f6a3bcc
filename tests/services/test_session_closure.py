"""When a mentorship closes (either person ends it, a block, a staff suspension), its
sessions close with it, proven from both sides: the upcoming sessions are cancelled,
their reminders are gone, both people are told calmly (no name, no place), and the
ex-partner is refused reading or changing where to meet and the calendar file, with
the session's real id."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.models.calendar import SessionBooking
from portal.models.notifications import Notification, Reminder
from portal.services import calendar, mentoring
from portal.services.accounts import blocks, staff
from portal.services.errors import ServiceError
from portal.services.notifications import inbox as notifications
from tests.factories.accounts import actor_of, make_user
from tests.factories.calendar import NOW, at, book, make_pair
from tests.factories.mentoring import make_match
from tests.refusals import refused

PLACE = "12 High Street, flat 3, come alone"


def _reminders(db_session, booking_id: int) -> int:
    return db_session.execute(select(func.count()).select_from(Reminder).where(
        Reminder.subject_type == "session", Reminder.subject_id == booking_id,
        Reminder.sent_at.is_(None))).scalar_one()


def _booked_pair(db_session):
    survivor, mentor, match = make_pair(db_session)
    booked = book(db_session, survivor, mentor, at(20, 14), now=NOW, details=PLACE)
    later = book(db_session, survivor, mentor, at(22, 14), now=NOW)
    assert _reminders(db_session, booked.id) == 4  # a day and an hour before, for both
    db_session.execute(Notification.__table__.delete())
    db_session.commit()
    return survivor, mentor, match, (booked.id, later.id)


def _end(db_session, survivor, mentor, match) -> None:
    mentoring.end_match(session=db_session, actor=actor_of(survivor), match_id=match.id)


def _block(db_session, survivor, mentor, match) -> None:
    mentoring.block_partner(session=db_session, actor=actor_of(mentor), match_id=match.id)


def _suspend(db_session, survivor, mentor, match) -> None:
    admin = make_user(db_session, roles=("admin",))
    staff.set_suspended(session=db_session, actor=actor_of(admin), member_id=mentor.id,
                        suspended=True, reason="safety review")


CLOSURES = {"ended": _end, "blocked": _block, "suspended": _suspend}


def _refused(call) -> None:
    with refused(ServiceError, code="calendar.session_closed"):
        call()


def _refused_everything(db_session, actor, booking_id: int) -> None:
    """Reading the place, changing it, the calendar file, moving and cancelling."""
    _refused(lambda: calendar.get_session(session=db_session, actor=actor,
                                          booking_id=booking_id, now=NOW))
    _refused(lambda: calendar.update_session_details(
        session=db_session, actor=actor, booking_id=booking_id,
        details="Somewhere new, come alone", now=NOW))
    _refused(lambda: calendar.session_ics(session=db_session, actor=actor,
                                          booking_id=booking_id))
    _refused(lambda: calendar.reschedule_slots(session=db_session, actor=actor,
                                               booking_id=booking_id, now=NOW))
    _refused(lambda: calendar.cancel_session(session=db_session, actor=actor,
                                             booking_id=booking_id, now=NOW))
    db_session.rollback()


@pytest.mark.parametrize("closure", sorted(CLOSURES))
def test_closing_a_mentorship_cancels_its_sessions_and_reminders_and_tells_both(
        db_session, closure):
    survivor, mentor, match, booking_ids = _booked_pair(db_session)
    CLOSURES[closure](db_session, survivor, mentor, match)
    db_session.expire_all()
    for booking_id in booking_ids:
        row = db_session.get(SessionBooking, booking_id)
        assert (row.status, row.active_slot, row.closed_with_match) == ("cancelled", None, True)
        assert row.cancelled_by_id is None  # nobody is named as the one who closed it
        assert _reminders(db_session, booking_id) == 0
    for person in (survivor, mentor):
        told = db_session.execute(select(Notification).where(
            Notification.user_id == person.id)).scalars().all()
        assert [n.message_key for n in told] == ["notify.session_closed"] * 2
        assert {n.link for n in told} == {"/calendar"}
        for note in told:
            assert set(note.params) == {"starts_at"}  # no member, no place
            text = notifications.render(note.message_key, note.params, language="en",
                                        timezone="UTC", names={})
            assert "cancelled" in text and PLACE not in text
            assert mentor.display_name not in text and survivor.display_name not in text
    # The scheduler finds nothing to send for them.
    assert notifications.send_due_reminders(db_session, now=at(20, 13, 30)) == 0


@pytest.mark.parametrize("closure", sorted(CLOSURES))
def test_after_a_closure_the_ex_partner_cannot_read_or_change_the_place_or_get_the_file(
        db_session, closure):
    survivor, mentor, match, (booking_id, _later) = _booked_pair(db_session)
    # Before: both read the place and get the file.
    assert calendar.get_session(session=db_session, actor=actor_of(mentor),
                                booking_id=booking_id, now=NOW).details == PLACE
    assert b"BEGIN:VCALENDAR" in calendar.session_ics(session=db_session,
                                                       actor=actor_of(mentor),
                                                       booking_id=booking_id)
    CLOSURES[closure](db_session, survivor, mentor, match)
    # The survivor's side stays able to read her calendar (see below); the session itself
    # is closed for both. The mentor (suspended or not) is refused everything.
    people = (survivor,) if closure == "suspended" else (survivor, mentor)
    for person in people:
        _refused_everything(db_session, actor_of(person), booking_id)
    db_session.expire_all()
    assert db_session.get(SessionBooking, booking_id).details == PLACE  # nothing was written


def test_the_survivor_sees_the_closed_session_as_cancelled_with_nothing_to_open(db_session):
    survivor, mentor, match, (booking_id, later_id) = _booked_pair(db_session)
    _end(db_session, survivor, mentor, match)
    for person, partner in ((survivor, mentor), (mentor, survivor)):
        items = calendar.my_calendar(session=db_session, actor=actor_of(person),
                                     now=NOW).items
        assert [(i.status, i.link, i.title_params["partner"]) for i in items] == [
            ("cancelled", "", partner.display_name)] * 2
        assert calendar.my_calendar(session=db_session, actor=actor_of(person),
                                    now=NOW).mentors == ()


def test_a_session_cancelled_by_one_person_still_leaves_the_calendar(db_session):
    survivor, mentor, _match, (booking_id, later_id) = _booked_pair(db_session)
    calendar.cancel_session(session=db_session, actor=actor_of(survivor), booking_id=booking_id,
                            now=NOW)
    items = calendar.my_calendar(session=db_session, actor=actor_of(mentor), now=NOW).items
    assert [i.link for i in items] == [f"/calendar/session?id={later_id}"]


def test_the_same_mentors_sessions_with_someone_else_are_left_alone(db_session):
    survivor, mentor, match, (booking_id, later_id) = _booked_pair(db_session)
    other_survivor = make_user(db_session)
    make_match(db_session, other_survivor, mentor)
    theirs = book(db_session, other_survivor, mentor, at(21, 14), now=NOW)
    db_session.execute(Notification.__table__.delete())
    db_session.commit()
    _end(db_session, survivor, mentor, match)
    db_session.expire_all()
    kept = db_session.get(SessionBooking, theirs.id)
    assert kept.status == "booked" and _reminders(db_session, theirs.id) == 4
    assert db_session.execute(select(func.count()).select_from(Notification).where(
        Notification.user_id == other_survivor.id)).scalar_one() == 0


def test_closing_twice_tells_nobody_twice(db_session):
    survivor, mentor, match, booking_ids = _booked_pair(db_session)
    _end(db_session, survivor, mentor, match)
    blocks.block_member(session=db_session, actor=actor_of(survivor), member_id=mentor.id)
    count = db_session.execute(select(func.count()).select_from(Notification).where(
        Notification.message_key == "notify.session_closed")).scalar_one()
    assert count == 4  # two sessions, two people, once each


def test_a_suspension_closes_the_members_sessions_with_everyone(db_session):
    survivor, mentor, match, booking_ids = _booked_pair(db_session)
    second = make_user(db_session)
    make_match(db_session, second, mentor)
    theirs = book(db_session, second, mentor, at(21, 15), now=NOW)
    _suspend(db_session, survivor, mentor, match)
    db_session.expire_all()
    assert {db_session.get(SessionBooking, i).status
            for i in (*booking_ids, theirs.id)} == {"cancelled"}
    assert db_session.execute(select(func.count()).select_from(Notification).where(
        Notification.user_id == second.id,
        Notification.message_key == "notify.session_closed")).scalar_one() == 1


def test_nobody_books_a_new_session_with_a_suspended_mentor(db_session):
    survivor, mentor, match, _ids = _booked_pair(db_session)
    _suspend(db_session, survivor, mentor, match)
    assert calendar.my_calendar(session=db_session, actor=actor_of(survivor),
                                now=NOW).mentors == ()
    for call in (lambda: calendar.available_slots(session=db_session,
                                                  actor=actor_of(survivor),
                                                  mentor_id=mentor.id, now=NOW),
                 lambda: book(db_session, survivor, mentor, at(23, 14), now=NOW)):
        with refused(ServiceError, code="calendar.not_matched"):
            call()
        db_session.rollback()
