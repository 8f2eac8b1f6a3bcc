"""Optional reminder email against a real local SMTP server (aiosmtpd): neutral, sent once."""

from __future__ import annotations

import dataclasses
import re
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlmodel import Session

from portal.models.notifications import Reminder
from portal.services import email as email_service
from portal.services.notifications import inbox as notifications
from portal.services.notifications.reminders import send_pending_emails
from portal.settings import get_settings
from tests.factories import run_together, second_engine
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.notifications import reminder_notifications

NOW = datetime.now(UTC).replace(microsecond=0)
STARTS = NOW + timedelta(days=3)
DUE_BOTH = STARTS - timedelta(minutes=59)
FORBIDDEN = re.compile(r"traffick|trata|victim|víctima", re.IGNORECASE)


class Inbox:
    """An SMTP handler that keeps what it receives, or refuses while ``refuse`` is set."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd)
        if self.refuse:
            return "451 Try again later"
        self.messages.append(envelope)
        return "250 Message accepted"

    def parsed(self) -> list:
        return [message_from_bytes(envelope.content, policy=policy.default)
                for envelope in self.messages]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox(monkeypatch) -> Iterator[Inbox]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings = dataclasses.replace(get_settings(), smtp_host="127.0.0.1",
                                   smtp_port=controller.port, smtp_starttls=False,
                                   smtp_from="Lantern <reminders@lantern.example>")
    monkeypatch.setattr(email_service, "get_settings", lambda: settings)
    yield handler
    controller.stop()


def opted_in(session, **user_fields):
    user = make_user(session, **user_fields)
    notifications.save_reminder_preferences(session=session, actor=actor_of(user),
                                            offsets=[1440, 60], email_reminders=True,
                                            email="quiet.fox@mail.example",
                                            passphrase=PASSPHRASE)
    return user


def plan(session, user) -> None:
    notifications.schedule_reminders(session, user_id=user.id, subject_type="session",
                                     subject_id=4, starts_at=STARTS, link="/calendar", now=NOW)
    session.commit()


def test_an_opted_in_member_gets_one_neutral_email_per_reminder(db_session, inbox):
    user = opted_in(db_session, name="Survivor Willow")
    plan(db_session, user)
    assert notifications.send_due_reminders(db_session, now=DUE_BOTH) == 2
    assert notifications.send_due_reminders(db_session, now=DUE_BOTH + timedelta(minutes=1)) == 0
    assert len(inbox.messages) == 2
    assert reminder_notifications(db_session) == 2
    for envelope, message in zip(inbox.messages, inbox.parsed(), strict=True):
        assert envelope.rcpt_tos == ["quiet.fox@mail.example"]
        assert message["Subject"] == "Reminder from Lantern"
        body = message.get_content()
        assert body.startswith("You have a Lantern meeting coming up.")
        everything = envelope.content.decode()
        assert not FORBIDDEN.search(everything)
        for private in ("Willow", "Survivor", "/calendar", "session", str(STARTS.year)):
            assert private not in body
        assert "Willow" not in everything


def test_two_email_runs_at_once_send_each_email_exactly_once(db_engine, db_session, inbox,
                                                           monkeypatch):
    members = [opted_in(db_session) for _ in range(4)]
    for user in members:
        plan(db_session, user)
    # In-app reminders go out while email is off; their emails are then pending.
    with_smtp = email_service.get_settings
    monkeypatch.setattr(email_service, "get_settings",
                        lambda: dataclasses.replace(with_smtp(), smtp_host=None))
    assert notifications.send_due_reminders(db_session, now=DUE_BOTH) == 8
    monkeypatch.setattr(email_service, "get_settings", with_smtp)
    engines = [db_engine, second_engine(db_engine)]

    def sender(engine):
        def run() -> int:
            with Session(engine, expire_on_commit=False) as session:
                return send_pending_emails(session, now=DUE_BOTH)
        return run

    try:
        sent = run_together(*(sender(engine) for engine in engines))
    finally:
        engines[1].dispose()
    assert sum(sent) == 8
    assert len(inbox.messages) == 8
    assert send_pending_emails(db_session, now=DUE_BOTH) == 0


def test_a_spanish_speaker_gets_the_email_in_spanish(db_session, inbox):
    user = opted_in(db_session, language="es")
    plan(db_session, user)
    notifications.send_due_reminders(db_session, now=DUE_BOTH)
    message = inbox.parsed()[0]
    assert message["Subject"] == "Recordatorio de Lantern"
    assert message.get_content().startswith("Tienes una reunión de Lantern pronto.")


def test_members_who_did_not_opt_in_get_no_email(db_session, inbox):
    user = make_user(db_session, email="has.an.address@mail.example")
    plan(db_session, user)
    assert notifications.send_due_reminders(db_session, now=DUE_BOTH) == 2
    assert inbox.messages == []


def test_opting_out_after_planning_stops_the_email(db_session, inbox):
    user = opted_in(db_session)
    plan(db_session, user)
    notifications.save_reminder_preferences(session=db_session, actor=actor_of(user),
                                            offsets=[1440, 60], email_reminders=False)
    notifications.send_due_reminders(db_session, now=DUE_BOTH)
    assert inbox.messages == []
    assert reminder_notifications(db_session) == 2


def test_without_smtp_settings_nothing_is_emailed_but_in_app_reminders_arrive(db_session,
                                                                             inbox,
                                                                             monkeypatch):
    monkeypatch.setattr(email_service, "get_settings",
                        lambda: dataclasses.replace(get_settings(), smtp_host=None))
    user = opted_in(db_session)
    plan(db_session, user)
    assert notifications.send_due_reminders(db_session, now=DUE_BOTH) == 2
    assert inbox.messages == []
    attempts = db_session.execute(select(Reminder.attempts)).scalars().all()
    assert attempts == [0, 0]


def test_a_refused_email_is_tried_again_at_most_three_times(db_session, inbox):
    user = opted_in(db_session)
    notifications.save_reminder_preferences(session=db_session, actor=actor_of(user),
                                            offsets=[60], email_reminders=True,
                                            passphrase=PASSPHRASE)
    plan(db_session, user)
    inbox.refuse = True
    for minute in range(5):
        notifications.send_due_reminders(db_session, now=DUE_BOTH + timedelta(minutes=minute))
    db_session.expire_all()
    reminder = db_session.execute(select(Reminder)).scalar_one()
    assert reminder.attempts == 3 and reminder.email_sent_at is None
    assert inbox.messages == []
    assert reminder_notifications(db_session) == 1


def test_a_refusal_then_success_delivers_exactly_one_email(db_session, inbox):
    user = opted_in(db_session)
    notifications.save_reminder_preferences(session=db_session, actor=actor_of(user),
                                            offsets=[60], email_reminders=True,
                                            passphrase=PASSPHRASE)
    plan(db_session, user)
    inbox.refuse = True
    notifications.send_due_reminders(db_session, now=DUE_BOTH)
    inbox.refuse = False
    notifications.send_due_reminders(db_session, now=DUE_BOTH + timedelta(minutes=1))
    notifications.send_due_reminders(db_session, now=DUE_BOTH + timedelta(minutes=2))
    assert len(inbox.messages) == 1


def test_header_injection_in_an_address_is_refused_before_sending(inbox):
    with pytest.raises(email_service.EmailNotSent):
        email_service.send_email(email_service.OutgoingEmail(
            to="a@b.example\r\nBcc: everyone@evil.example", subject="Reminder from Lantern",
            body="hello"))
    assert inbox.messages == []
