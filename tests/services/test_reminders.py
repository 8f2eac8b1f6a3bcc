"""Reminders: planned per the member's times, idempotent, cancellable, sent exactly once."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlmodel import Session

from portal.models.notifications import Notification, Reminder
from portal.services.notifications import inbox as notifications
from portal.services.notifications import reminders as notifications_reminders
from tests.factories import count_rows, run_together, second_engine
from tests.factories.accounts import actor_of, make_user
from tests.factories.notifications import add_due_reminders, reminder_notifications, unsent

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
STARTS = NOW + timedelta(days=3)


def schedule(session, user, *, subject_id=1, starts_at=STARTS, subject_type="session",
             now=NOW) -> int:
    added = notifications.schedule_reminders(session, user_id=user.id,
                                             subject_type=subject_type, subject_id=subject_id,
                                             starts_at=starts_at, link="/calendar", now=now)
    session.commit()
    return added


def planned(session, **where) -> list[Reminder]:
    session.expire_all()
    query = select(Reminder).order_by(Reminder.due_at)
    for column, value in where.items():
        query = query.where(getattr(Reminder, column) == value)
    return list(session.execute(query).scalars())


def test_one_reminder_per_offset_a_day_and_an_hour_before_by_default(db_session):
    user = make_user(db_session)
    assert schedule(db_session, user) == 2
    rows = planned(db_session)
    assert [row.due_at for row in rows] == [STARTS - timedelta(days=1),
                                           STARTS - timedelta(hours=1)]
    assert {row.channel for row in rows} == {"in_app"}
    assert all(str(user.id) in row.key and "Member" not in row.key for row in rows)


def test_reminders_follow_each_members_own_times(db_session):
    user = make_user(db_session)
    notifications.save_reminder_preferences(session=db_session, actor=actor_of(user),
                                            offsets=[2880, 180, 15])
    assert schedule(db_session, user) == 3
    assert [row.offset_minutes for row in planned(db_session)] == [2880, 180, 15]


def test_scheduling_the_same_reminders_twice_keeps_one_row_each(db_session):
    user = make_user(db_session)
    assert schedule(db_session, user) == 2
    assert schedule(db_session, user) == 0
    assert count_rows(db_session, Reminder) == 2


def test_reminder_times_already_past_are_left_out(db_session):
    user = make_user(db_session)
    assert schedule(db_session, user, starts_at=NOW + timedelta(hours=3)) == 1
    assert planned(db_session)[0].offset_minutes == 60
    assert schedule(db_session, user, subject_id=2, starts_at=NOW + timedelta(minutes=30)) == 0


def test_naive_start_times_and_odd_subjects_are_bugs_in_the_caller(db_session):
    user = make_user(db_session)
    with pytest.raises(ValueError):
        schedule(db_session, user, starts_at=datetime(2026, 3, 5, 12, 0))  # noqa: DTZ001
    with pytest.raises(ValueError):
        schedule(db_session, user, subject_type="Session; drop")
    db_session.rollback()
    assert count_rows(db_session, Reminder) == 0


def test_cancel_drops_unsent_reminders_and_keeps_the_record_of_sent_ones(db_session):
    one, two = make_user(db_session), make_user(db_session)
    schedule(db_session, one)
    schedule(db_session, two)
    schedule(db_session, one, subject_id=2)
    sent = planned(db_session, user_id=one.id, subject_id=1)[0]
    sent.sent_at = NOW
    db_session.commit()
    removed = notifications.cancel_reminders(db_session, subject_type="session", subject_id=1)
    db_session.commit()
    assert removed == 3
    assert [row.id for row in planned(db_session, subject_id=1)] == [sent.id]
    assert len(planned(db_session, subject_id=2)) == 2


def test_cancel_for_one_member_leaves_the_others(db_session):
    one, two = make_user(db_session), make_user(db_session)
    schedule(db_session, one, subject_type="meeting")
    schedule(db_session, two, subject_type="meeting")
    notifications.cancel_reminders(db_session, subject_type="meeting", subject_id=1,
                                   user_id=one.id)
    db_session.commit()
    assert {row.user_id for row in planned(db_session)} == {two.id}


def test_a_rescheduled_session_gets_fresh_reminders_for_its_new_time(db_session):
    user = make_user(db_session)
    schedule(db_session, user)
    notifications.cancel_reminders(db_session, subject_type="session", subject_id=1)
    later = STARTS + timedelta(days=1)
    assert schedule(db_session, user, starts_at=later) == 2
    assert {row.starts_at for row in planned(db_session)} == {later}


def test_a_due_reminder_is_sent_once_and_never_again(db_session):
    user = make_user(db_session)
    schedule(db_session, user)
    at = STARTS - timedelta(minutes=59)
    assert notifications.send_due_reminders(db_session, now=at) == 2
    assert notifications.send_due_reminders(db_session, now=at + timedelta(minutes=1)) == 0
    assert reminder_notifications(db_session) == 2
    assert unsent(db_session) == 0


def test_a_reminder_not_yet_due_waits(db_session):
    user = make_user(db_session)
    schedule(db_session, user)
    assert notifications.send_due_reminders(db_session, now=NOW) == 0
    assert notifications.send_due_reminders(
        db_session, now=STARTS - timedelta(days=1)) == 1
    assert unsent(db_session) == 1


def test_a_reminder_found_after_its_meeting_began_is_skipped_not_sent(db_session):
    user = make_user(db_session)
    schedule(db_session, user)
    assert notifications.send_due_reminders(db_session, now=STARTS + timedelta(minutes=5)) == 0
    assert reminder_notifications(db_session) == 0
    assert all(row.skipped and row.sent_at for row in planned(db_session))


def test_reminder_text_is_neutral_and_in_the_members_zone_and_language(db_session):
    luna = make_user(db_session, name="Survivor Luna", language="es",
                     timezone="America/Denver")
    schedule(db_session, luna, starts_at=datetime(2026, 3, 9, 1, 30, tzinfo=UTC))
    notifications.send_due_reminders(db_session, now=datetime(2026, 3, 9, 0, 45, tzinfo=UTC))
    page = notifications.list_notifications(session=db_session, actor=actor_of(luna))
    text = page.items[0].text
    # 01:30 UTC is 19:30 the evening before in Denver: daylight time began that morning.
    assert text == "Recordatorio: tienes una reunión el dom 8 mar, 19:30."
    assert not re.search(r"traffick|trata|victim|víctima|Luna", text, re.IGNORECASE)


def test_the_batch_limit_bounds_one_call(db_session):
    users = [make_user(db_session) for _ in range(3)]
    add_due_reminders(db_session, users, 25)
    assert notifications.send_due_reminders(db_session, limit=10) == 10
    assert notifications.send_due_reminders(db_session, limit=10) == 10
    assert notifications.send_due_reminders(db_session, limit=10) == 5
    assert reminder_notifications(db_session) == 25


def test_a_crash_before_commit_sends_nothing_and_the_next_run_sends_once(db_session,
                                                                        monkeypatch):
    user = make_user(db_session)
    add_due_reminders(db_session, [user], 3)
    real_insert = notifications_reminders.insert_ignoring_conflicts

    def crash(*_args, **_kwargs):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(notifications_reminders, "insert_ignoring_conflicts", crash)
    with pytest.raises(RuntimeError):
        notifications.send_due_reminders(db_session)
    db_session.rollback()
    assert unsent(db_session) == 3 and reminder_notifications(db_session) == 0
    monkeypatch.setattr(notifications_reminders, "insert_ignoring_conflicts", real_insert)
    assert notifications.send_due_reminders(db_session) == 3
    assert notifications.send_due_reminders(db_session) == 0
    assert reminder_notifications(db_session) == 3


def test_two_senders_on_separate_engines_send_every_reminder_exactly_once(db_engine,
                                                                         db_session):
    users = [make_user(db_session) for _ in range(5)]
    add_due_reminders(db_session, users, 600)
    engines = [db_engine, second_engine(db_engine)]

    def worker(engine):
        def drain() -> int:
            total = 0
            with Session(engine, expire_on_commit=False) as session:
                while sent := notifications.send_due_reminders(session, limit=37):
                    total += sent
            return total
        return drain

    try:
        sent = run_together(*(worker(engine) for engine in engines))
    finally:
        engines[1].dispose()
    assert sum(sent) == 600
    assert reminder_notifications(db_session) == 600
    assert unsent(db_session) == 0
    keys = db_session.execute(select(Notification.dedupe_key)).scalars().all()
    assert len(set(keys)) == 600


def test_cancelling_while_a_sender_runs_never_sends_a_cancelled_reminder(db_session):
    user = make_user(db_session)
    schedule(db_session, user, starts_at=NOW + timedelta(minutes=90))
    notifications.cancel_reminders(db_session, subject_type="session", subject_id=1)
    db_session.commit()
    assert notifications.send_due_reminders(db_session, now=NOW + timedelta(minutes=31)) == 0
    assert reminder_notifications(db_session) == 0


def test_old_notifications_and_handled_reminders_are_purged(db_session):
    user = make_user(db_session)
    schedule(db_session, user)
    notifications.send_due_reminders(db_session, now=STARTS - timedelta(minutes=30))
    db_session.execute(update(Notification).values(created_at=NOW - timedelta(days=100)))
    db_session.commit()
    removed = notifications.purge_old_notifications(db_session, STARTS + timedelta(days=31))
    assert removed == 4
    assert count_rows(db_session, Notification) == 0 and count_rows(db_session, Reminder) == 0
