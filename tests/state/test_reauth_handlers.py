"""A browser holding only a member's session cookie, calling the handlers directly with any
payload, cannot make recovery codes or move her reminder email (THREATS #15)."""

from __future__ import annotations

import pytest

from portal.models import User
from portal.services.accounts import members as accounts
from portal.state.account import RecoveryCodesState
from portal.state.notifications import ReminderPreferencesState
from tests.factories import snapshot
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.state.browser import Browser, token_for

NO_PASSPHRASE = [None, "x", {}, {"passphrase": ""}, {"passphrase": "lantern demo passphrase"},
                 {"passphrase": ["correct horse battery staple"]},
                 {"passphrase": {"value": PASSPHRASE}}]


def phone_of(session, **fields) -> tuple[User, Browser]:
    user = make_user(session, name="Survivor Maple", **fields)
    return user, Browser.with_token(token_for(session, user))


@pytest.mark.parametrize("payload", NO_PASSPHRASE)
def test_new_codes_need_the_passphrase_whatever_the_browser_sends(app_db, payload):
    user, phone = phone_of(app_db)
    accounts.issue_recovery_codes(session=app_db, actor=actor_of(user), passphrase=PASSPHRASE)
    before = snapshot(app_db)
    phone.call(RecoveryCodesState, "load_welcome")
    phone.call(RecoveryCodesState, "make_new_codes", payload)
    assert phone.state(RecoveryCodesState).codes == []
    assert snapshot(app_db) == before


def test_the_welcome_page_gives_an_existing_member_no_codes(app_db):
    user, phone = phone_of(app_db)
    before = snapshot(app_db)
    phone.call(RecoveryCodesState, "load_welcome")
    state = phone.state(RecoveryCodesState)
    assert state.codes == [] and state.has_codes is False
    assert snapshot(app_db) == before


def test_her_passphrase_typed_in_the_form_makes_the_codes(app_db):
    user, phone = phone_of(app_db)
    phone.call(RecoveryCodesState, "make_new_codes", {"passphrase": PASSPHRASE})
    assert len(phone.state(RecoveryCodesState).codes) == 8


@pytest.mark.parametrize("payload", NO_PASSPHRASE[2:])
def test_the_reminder_email_cannot_be_moved_without_the_passphrase(app_db, payload):
    user, phone = phone_of(app_db, email="maple@mail.example")
    before = snapshot(app_db)
    form = {"offset_60": "on", "email": "someone@elsewhere.example", "email_reminders": "on",
            **payload}
    phone.call(ReminderPreferencesState, "save_reminder_preferences", form)
    state = phone.state(ReminderPreferencesState)
    assert "passphrase" in state._message_shown()
    assert snapshot(app_db) == before
