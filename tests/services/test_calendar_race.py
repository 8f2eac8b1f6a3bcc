"""Race tests: many people taking one slot (or one last seat) at the same moment.

Each attempt runs in its own thread with its own session and connection, all released
together by a barrier. The database settles it: exactly one wins, everyone else gets a
calm refusal, and what is stored is whole. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from portal.models.calendar import MeetingRsvp, SessionBooking
from portal.models.notifications import Reminder
from portal.services import calendar
from portal.services.errors import ServiceError
from tests.factories.accounts import actor_of, make_user
from tests.factories.calendar import NOW, at, give_hours
from tests.factories.groups import add_member, make_group
from tests.factories.mentoring import make_match, make_mentor

ATTEMPTS = 50
CALM_REFUSALS = {"availability.slot_taken", "calendar.busy_try_again", "availability.day_full"}


def race(engine, attempts):
    """Run each attempt in its own thread and session, all starting together."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[object] = [None] * len(attempts)

    def run(index, attempt):
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                outcomes[index] = attempt(session)
            except ServiceError as refusal:
                outcomes[index] = refusal
            except Exception as crash:  # noqa: BLE001 (a crash is what the test looks for)
                outcomes[index] = crash

    threads = [threading.Thread(target=run, args=(index, attempt))
               for index, attempt in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _survivors_matched_with(db_session, mentor, count):
    survivors = []
    for _ in range(count):
        survivor = make_user(db_session)
        make_match(db_session, survivor, mentor)
        survivors.append(survivor)
    return survivors


def _booking_attempt(survivor, mentor, start):
    def attempt(session):
        return calendar.book_session(session=session, actor=actor_of(survivor),
                                     mentor_id=mentor.id, start=start.isoformat(), length=60,
                                     mode="video", now=NOW)
    return attempt


def _standing(db_session):
    db_session.expire_all()
    return db_session.execute(select(SessionBooking).where(
        SessionBooking.status == "booked")).scalars().all()


def test_fifty_people_taking_one_slot_at_once_gives_exactly_one_booking(db_session, db_engine):
    mentor = make_mentor(db_session, capacity=60)
    give_hours(db_session, mentor)
    survivors = _survivors_matched_with(db_session, mentor, ATTEMPTS)
    start = at(1, 14)
    outcomes = race(db_engine, [_booking_attempt(s, mentor, start) for s in survivors])
    wins = [o for o in outcomes if not isinstance(o, Exception)]
    refusals = [o for o in outcomes if isinstance(o, ServiceError)]
    crashes = [o for o in outcomes if isinstance(o, Exception) and o not in refusals]
    assert crashes == []
    assert len(wins) == 1 and len(refusals) == ATTEMPTS - 1
    assert {refusal.code for refusal in refusals} <= CALM_REFUSALS
    standing = _standing(db_session)
    assert [(b.start_at, b.survivor_id) for b in standing] == [(start, standing[0].survivor_id)]
    # Reminders exist for the winner and the mentor only: nothing half-done for the others.
    owners = set(db_session.execute(select(Reminder.user_id)).scalars())
    assert owners == {standing[0].survivor_id, mentor.id}


def test_overlapping_starts_at_once_give_exactly_one_booking(db_session, db_engine):
    mentor = make_mentor(db_session, capacity=60)
    give_hours(db_session, mentor)
    survivors = _survivors_matched_with(db_session, mentor, ATTEMPTS)
    starts = [at(1, 14) + timedelta(minutes=30 * (index % 2)) for index in range(ATTEMPTS)]
    outcomes = race(db_engine, [_booking_attempt(s, mentor, start)
                                for s, start in zip(survivors, starts, strict=True)])
    assert not [o for o in outcomes if isinstance(o, Exception)
                and not isinstance(o, ServiceError)]
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    assert len(_standing(db_session)) == 1


def test_many_people_taking_the_last_seat_at_once_fill_it_once_and_wait_in_order(
        db_session, db_engine):
    group = make_group(db_session)
    moderator = make_user(db_session)
    add_member(db_session, group, moderator, role="moderator")
    meeting = calendar.schedule_meeting(
        session=db_session, actor=actor_of(moderator), group_id=group.id, title="Check-in",
        day="2027-03-03", start="18:00", length="60", seats="1", now=NOW)[0]
    members = []
    for _ in range(20):
        member = make_user(db_session)
        add_member(db_session, group, member)
        members.append(member)

    def attempt_for(member):
        def attempt(session):
            return calendar.rsvp_meeting(session=session, actor=actor_of(member),
                                         meeting_id=meeting.id, now=NOW)
        return attempt

    outcomes = race(db_engine, [attempt_for(member) for member in members])
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert sorted(o.status for o in outcomes).count("confirmed") == 1
    places = sorted(o.place for o in outcomes if o.status == "waitlisted")
    assert places == list(range(1, 20))
    db_session.expire_all()
    confirmed = db_session.execute(select(func.count(MeetingRsvp.id)).where(
        MeetingRsvp.status == "confirmed")).scalar_one()
    positions = db_session.execute(select(MeetingRsvp.position)).scalars().all()
    assert confirmed == 1 and sorted(positions) == list(range(1, 21))
