"""The notification centre: notify, read in one's own language, own notifications only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.domain.permissions import Actor, PermissionDenied
from portal.models import User
from portal.models.notifications import Notification, NotificationPreference, Reminder
from portal.services.accounts import my_data
from portal.services.errors import NotFound, ServiceError
from portal.services.notifications import inbox as notifications
from tests.factories import count_rows
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.refusals import refused

MEETING = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)


def notify_welcome(session, user, **extra):
    notifications.notify(session, user_id=user.id, kind="welcome", key="notify.welcome",
                         link="/help", **extra)
    session.commit()


def test_notification_is_stored_as_a_key_and_rendered_in_the_readers_language_and_zone(
        db_session):
    luna = make_user(db_session, language="es", timezone="Europe/Madrid")
    notifications.notify(db_session, user_id=luna.id, kind="reminder", key="notify.reminder",
                         params={"starts_at": MEETING}, link="/calendar")
    db_session.commit()
    stored = db_session.execute(select(Notification)).scalar_one()
    assert stored.message_key == "notify.reminder"
    assert stored.params == {"starts_at": "2026-11-26T23:30:00+00:00"}
    page = notifications.list_notifications(session=db_session, actor=actor_of(luna))
    assert page.items[0].text.startswith("Recordatorio: tienes una reunión el vie 27 nov")
    english = notifications.list_notifications(session=db_session, actor=actor_of(luna),
                                               language="en")
    assert english.items[0].text == "Reminder: you have a meeting on Fri, Nov 27, 12:30 AM."
    assert english.items[0].link == "/calendar"


@pytest.mark.parametrize("change", [
    {"key": "notify.not_a_key"}, {"key": "account.title"}, {"link": "https://evil.example/"},
    {"link": "//evil.example"}, {"kind": "Not A Kind"},
    {"params": {"starts_at": datetime(2026, 1, 1)}},  # noqa: DTZ001 (the point of the test)
    {"params": {"mentor_member": "Sol"}}, {"params": {"Bad-Name": 1}},
])
def test_notify_refuses_what_calling_code_got_wrong(db_session, change):
    user = make_user(db_session)
    call = {"user_id": user.id, "kind": "welcome", "key": "notify.welcome", "link": "/help"}
    call.update(change)
    with pytest.raises(ValueError):
        notifications.notify(db_session, **call)
    db_session.rollback()
    assert count_rows(db_session, Notification) == 0


def test_member_parameters_show_the_current_pseudonym_and_never_copy_it(db_session,
                                                                        monkeypatch):
    reader = make_user(db_session)
    mentor = make_user(db_session, name="Mentor Sol")
    notifications.notify(db_session, user_id=reader.id, kind="request", key="notify.welcome",
                         params={"from_member": mentor.id})
    db_session.commit()
    assert db_session.execute(select(Notification.params)).scalar_one() == {
        "from_member": mentor.id}
    # A stand-in catalog text that shows the parameter it was given.
    monkeypatch.setattr(notifications, "translate",
                        lambda language, key, **params: f"{key}|{params.get('from_member')}")
    page = notifications.list_notifications(session=db_session, actor=actor_of(reader))
    assert page.items[0].text == "notify.welcome|Mentor Sol"
    mentor.status = "deleted"
    db_session.commit()
    page = notifications.list_notifications(session=db_session, actor=actor_of(reader))
    assert page.items[0].text == "notify.welcome|notify.former_member|None"


def test_a_key_retired_from_the_catalog_reads_as_a_gentle_fallback(db_session):
    user = make_user(db_session)
    db_session.add(Notification(user_id=user.id, kind="old", message_key="notify.retired_key",
                                params={}))
    db_session.commit()
    page = notifications.list_notifications(session=db_session, actor=actor_of(user))
    assert page.items[0].text == "You have a new notification."


def test_the_same_event_with_a_dedupe_key_notifies_once(db_session):
    user = make_user(db_session)
    notify_welcome(db_session, user, dedupe_key="welcome:1")
    notify_welcome(db_session, user, dedupe_key="welcome:1")
    notify_welcome(db_session, user)
    assert count_rows(db_session, Notification) == 2


def test_centre_lists_only_the_callers_own_newest_first_a_page_at_a_time(db_session):
    me, other = make_user(db_session), make_user(db_session)
    now = datetime.now(UTC)
    for number in range(notifications.PAGE_SIZE + 3):
        db_session.add(Notification(user_id=me.id, kind="welcome", message_key="notify.welcome",
                                    params={}, created_at=now - timedelta(minutes=number)))
    db_session.add(Notification(user_id=other.id, kind="welcome", message_key="notify.welcome",
                                params={}, created_at=now + timedelta(minutes=5)))
    db_session.commit()
    first = notifications.list_notifications(session=db_session, actor=actor_of(me))
    assert len(first.items) == notifications.PAGE_SIZE and first.has_more
    assert [item.created_at for item in first.items] == sorted(
        (item.created_at for item in first.items), reverse=True)
    second = notifications.list_notifications(session=db_session, actor=actor_of(me), page=1)
    assert len(second.items) == 3 and not second.has_more
    mine = {row.id for row in db_session.execute(
        select(Notification).where(Notification.user_id == me.id)).scalars()}
    assert {item.id for item in first.items + second.items} == mine
    garbage = notifications.list_notifications(session=db_session, actor=actor_of(me),
                                               page="x; drop")
    assert garbage.page == 0


def test_unread_count_counts_only_the_callers_unread(db_session):
    me, other = make_user(db_session), make_user(db_session)
    for _ in range(3):
        notify_welcome(db_session, me)
    notify_welcome(db_session, other)
    assert notifications.unread_count(session=db_session, actor=actor_of(me)) == 3
    first = db_session.execute(select(Notification.id).where(
        Notification.user_id == me.id)).scalars().first()
    notifications.mark_read(session=db_session, actor=actor_of(me), notification_id=first)
    assert notifications.unread_count(session=db_session, actor=actor_of(me)) == 2
    assert notifications.unread_count(session=db_session, actor=actor_of(other)) == 1


def test_marking_read_works_on_ones_own_and_refuses_anyone_elses(db_session):
    me, other = make_user(db_session), make_user(db_session)
    notify_welcome(db_session, other)
    theirs = db_session.execute(select(Notification)).scalar_one()
    for forged in (theirs.id, str(theirs.id), -1, 10**30, "1 OR 1=1", None, {"id": 1}):
        with refused(NotFound):
            notifications.mark_read(session=db_session, actor=actor_of(me),
                                    notification_id=forged)
    db_session.expire_all()
    assert db_session.get(Notification, theirs.id).read_at is None
    assert notifications.mark_read(session=db_session, actor=actor_of(other),
                                   notification_id=theirs.id) == "/help"
    db_session.expire_all()
    assert db_session.get(Notification, theirs.id).read_at is not None


def test_mark_all_read_touches_only_the_callers_notifications(db_session):
    me, other = make_user(db_session), make_user(db_session)
    notify_welcome(db_session, me)
    notify_welcome(db_session, me)
    notify_welcome(db_session, other)
    assert notifications.mark_all_read(session=db_session, actor=actor_of(me)) == 2
    assert notifications.unread_count(session=db_session, actor=actor_of(me)) == 0
    assert notifications.unread_count(session=db_session, actor=actor_of(other)) == 1


def test_signed_out_and_suspended_callers_are_refused(db_session):
    suspended = make_user(db_session, status="suspended")
    for actor in (None, actor_of(suspended)):
        with refused(PermissionDenied):
            notifications.list_notifications(session=db_session, actor=actor)
        with refused(PermissionDenied):
            notifications.mark_all_read(session=db_session, actor=actor)
        with refused(PermissionDenied):
            notifications.save_reminder_preferences(session=db_session, actor=actor,
                                                    offsets=[60])


# --- reminder preferences -------------------------------------------------------------

def test_reminder_times_default_to_a_day_and_an_hour_before(db_session):
    user = make_user(db_session)
    prefs = notifications.reminder_preferences(session=db_session, actor=actor_of(user))
    assert prefs.offsets == (1440, 60)
    assert prefs.email_reminders is False and prefs.email_on_file == ""


@pytest.mark.parametrize("offsets, code", [
    ([0], "notify.offsets_invalid"), ([-60], "notify.offsets_invalid"),
    (["soon"], "notify.offsets_invalid"), ([10**9], "notify.offsets_invalid"),
    ({"a": 1}, "notify.offsets_invalid"), (None, "notify.offsets_invalid"),
    (list(range(10, 90, 10)), "notify.offsets_too_many"),
])
def test_bad_reminder_times_are_refused_and_nothing_changes(db_session, offsets, code):
    user = make_user(db_session)
    with refused(ServiceError, code=code):
        notifications.save_reminder_preferences(session=db_session, actor=actor_of(user),
                                                offsets=offsets)
    db_session.rollback()
    assert count_rows(db_session, NotificationPreference) == 0


def test_member_chooses_their_own_reminder_times_or_none(db_session):
    user = make_user(db_session)
    saved = notifications.save_reminder_preferences(session=db_session, actor=actor_of(user),
                                                    offsets=["15", 10080, 60, 60])
    assert saved.offsets == (10080, 60, 15)
    none = notifications.save_reminder_preferences(session=db_session, actor=actor_of(user),
                                                   offsets=[])
    assert none.offsets == ()


def test_email_reminders_are_opt_in_need_an_address_and_show_the_owner_her_full_address(
        db_session):
    # Item 3 of issue #10 changes this test: the owner now sees her whole address (a masked
    # hint hid a swapped one), and a new address or email on needs her passphrase.
    user = make_user(db_session)
    actor = actor_of(user)
    with refused(ServiceError, code="notify.email_needed"):
        notifications.save_reminder_preferences(session=db_session, actor=actor, offsets=[60],
                                                email_reminders=True, passphrase=PASSPHRASE)
    db_session.rollback()
    for bad in ("not an email", "a@b", "x@y.z\r\nBcc: all@evil.example", "a" * 300 + "@x.org"):
        with refused(ServiceError, code="notify.email_invalid"):
            notifications.save_reminder_preferences(session=db_session, actor=actor,
                                                    offsets=[60], email=bad,
                                                    passphrase=PASSPHRASE)
        db_session.rollback()
    saved = notifications.save_reminder_preferences(session=db_session, actor=actor,
                                                    offsets=[60], email_reminders="on",
                                                    email="Quiet.Fox@Example.ORG",
                                                    passphrase=PASSPHRASE)
    assert saved.email_reminders and saved.email_on_file == "Quiet.Fox@example.org"
    db_session.expire_all()
    assert db_session.get(User, user.id).email == "Quiet.Fox@example.org"
    kept = notifications.save_reminder_preferences(session=db_session, actor=actor,
                                                   offsets=[60], email_reminders="on")
    assert kept.email_on_file == "Quiet.Fox@example.org"
    removed = notifications.save_reminder_preferences(session=db_session, actor=actor,
                                                      offsets=[60], remove_email="on")
    assert removed.email_on_file == "" and removed.email_reminders is False
    db_session.expire_all()
    stored = db_session.get(User, user.id)
    assert stored.email is None and stored.email_reminders is False


def test_a_member_cannot_take_a_staff_email_and_staff_keep_theirs(db_session):
    make_user(db_session, roles=("admin",), email="owl@partners.example")
    member = make_user(db_session)
    with refused(ServiceError, code="notify.email_unusable"):
        notifications.save_reminder_preferences(session=db_session, actor=actor_of(member),
                                                offsets=[60], email="OWL@partners.example",
                                                passphrase=PASSPHRASE)
    db_session.rollback()
    moderator = make_user(db_session, roles=("moderator",), email="heron@partners.example")
    with refused(ServiceError, code="notify.staff_email_fixed"):
        notifications.save_reminder_preferences(session=db_session, actor=actor_of(moderator),
                                                offsets=[60], email="heron@home.example")
    db_session.rollback()
    prefs = notifications.save_reminder_preferences(session=db_session,
                                                    actor=actor_of(moderator), offsets=[60],
                                                    email_reminders=True, passphrase=PASSPHRASE)
    assert prefs.email_reminders and not prefs.email_editable


def test_new_reminder_times_apply_to_reminders_already_planned(db_session):
    user = make_user(db_session)
    starts_at = datetime.now(UTC) + timedelta(days=3)
    notifications.schedule_reminders(db_session, user_id=user.id, subject_type="session",
                                     subject_id=7, starts_at=starts_at, link="/calendar")
    db_session.commit()
    notifications.save_reminder_preferences(session=db_session, actor=actor_of(user),
                                            offsets=[2880, 15])
    planned = db_session.execute(select(Reminder.offset_minutes, Reminder.starts_at)
                                 .where(Reminder.user_id == user.id)).all()
    assert sorted(row.offset_minutes for row in planned) == [15, 2880]
    assert {row.starts_at for row in planned} == {starts_at}


# --- my data --------------------------------------------------------------------------

def test_my_data_exports_notifications_and_deletion_leaves_no_rows(db_session):
    user = make_user(db_session)
    notify_welcome(db_session, user)
    notifications.save_reminder_preferences(session=db_session, actor=actor_of(user),
                                            offsets=[60])
    notifications.schedule_reminders(db_session, user_id=user.id, subject_type="meeting",
                                     subject_id=3,
                                     starts_at=datetime.now(UTC) + timedelta(days=1))
    db_session.commit()
    exported = my_data.export_my_data(session=db_session, actor=actor_of(user))
    assert exported["notifications"][0]["text"].startswith("Welcome to Lantern")
    assert exported["reminders"]["minutes_before"] == [60]
    assert len(exported["reminders"]["planned"]) == 1
    my_data.delete_my_account(session=db_session, actor=actor_of(user), passphrase=PASSPHRASE)
    for model in (Notification, NotificationPreference, Reminder):
        assert count_rows(db_session, model) == 0


def test_an_actor_is_only_ever_the_session_member(db_session):
    """A forged actor id for a member who does not exist finds nothing to read."""
    ghost = Actor(id=987654, roles=frozenset({"survivor"}))
    with refused(NotFound):
        notifications.list_notifications(session=db_session, actor=ghost)
