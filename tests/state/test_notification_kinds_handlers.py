"""The switches for each kind of notification, called the way a browser (or an attacker)
would: her own choices only, garbage payloads refused calmly, signed out nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.models.notifications import MutedNotificationKind
from portal.state.notifications import NotificationKindsState
from tests.factories import snapshot
from tests.factories.accounts import make_user
from tests.state.browser import Browser, token_for

GARBAGE = [None, "x", -1, 10**18, {"kind": "message"}, ["message"], "message; DROP TABLE",
           2**31, True, "security", "SECURITY", " report "]


def muted(session) -> list[tuple[int, str]]:
    return sorted(session.execute(select(MutedNotificationKind.user_id,
                                         MutedNotificationKind.kind)).all())


def test_she_loads_her_switches_and_turns_one_off_and_on_again(app_db):
    luna = make_user(app_db, name="Survivor Luna")
    phone = Browser.with_token(token_for(app_db, luna))
    phone.call(NotificationKindsState, "load_notification_kinds")
    state = phone.state(NotificationKindsState)
    assert state.kinds_loaded and state.kinds_off == []
    phone.call(NotificationKindsState, "choose_notification_kind", "message", False)
    assert state.kinds_off == ["message"]
    assert state._message_shown() == "Saved. You can change this at any time."
    assert muted(app_db) == [(luna.id, "message")]
    phone.call(NotificationKindsState, "choose_notification_kind", "message", True)
    assert state.kinds_off == [] and muted(app_db) == []


def test_her_switch_changes_only_her_own_choices(app_db):
    luna, sol = make_user(app_db, name="Survivor Luna"), make_user(app_db, name="Mentor Sol")
    luna_phone = Browser.with_token(token_for(app_db, luna))
    sol_phone = Browser.with_token(token_for(app_db, sol))
    luna_phone.call(NotificationKindsState, "choose_notification_kind", "thread_reply", False)
    sol_phone.call(NotificationKindsState, "load_notification_kinds")
    assert sol_phone.state(NotificationKindsState).kinds_off == []
    assert muted(app_db) == [(luna.id, "thread_reply")]


@pytest.mark.parametrize("kind", GARBAGE)
def test_garbage_and_always_on_kinds_change_nothing_and_raise_nothing(app_db, kind):
    phone = Browser.with_token(token_for(app_db, make_user(app_db)))
    before = snapshot(app_db)
    phone.call(NotificationKindsState, "choose_notification_kind", kind, False)
    phone.call(NotificationKindsState, "choose_notification_kind", "message", kind)
    assert snapshot(app_db) == before  # ("message", True) only says again what is so
    state = phone.state(NotificationKindsState)
    assert state.kinds_off == []
    assert state._message_shown()  # a calm word, never a traceback


def test_signed_out_a_switch_goes_to_sign_in_and_saves_nothing(app_db):
    make_user(app_db)
    stranger = Browser.with_token("")
    before = snapshot(app_db)
    stranger.call(NotificationKindsState, "load_notification_kinds")
    outcome = stranger.call(NotificationKindsState, "choose_notification_kind", "message",
                            False)
    assert outcome is not None  # the redirect to sign in
    state = stranger.state(NotificationKindsState)
    assert state.kinds_off == [] and not state.kinds_loaded
    assert snapshot(app_db) == before


# --- issue 15: "seen" on her own messages --------------------------------------------

def seen_rows(session) -> list[int]:
    from portal.models.mentoring import SeenChoice

    return list(session.execute(select(SeenChoice.user_id)).scalars())


def test_seen_starts_off_and_her_switch_turns_only_hers_on_and_off(app_db):
    luna, sol = make_user(app_db, name="Survivor Luna"), make_user(app_db, name="Mentor Sol")
    luna_phone = Browser.with_token(token_for(app_db, luna))
    sol_phone = Browser.with_token(token_for(app_db, sol))
    luna_phone.call(NotificationKindsState, "load_notification_kinds")
    state = luna_phone.state(NotificationKindsState)
    assert state.kinds_loaded and state.seen_on is False
    luna_phone.call(NotificationKindsState, "choose_seen", True)
    assert state.seen_on is True
    assert state._message_shown(at="seen") == "Saved. You can change this at any time."
    assert seen_rows(app_db) == [luna.id]
    sol_phone.call(NotificationKindsState, "load_notification_kinds")
    assert sol_phone.state(NotificationKindsState).seen_on is False  # his stays off
    luna_phone.call(NotificationKindsState, "load_notification_kinds")
    assert state.seen_on is True  # kept across loads
    luna_phone.call(NotificationKindsState, "choose_seen", False)
    assert state.seen_on is False and seen_rows(app_db) == []


@pytest.mark.parametrize("said", [None, "x", "true", 1, {"on": True}, ["on"], 10**18])
def test_anything_but_true_for_seen_leaves_it_off(app_db, said):
    phone = Browser.with_token(token_for(app_db, make_user(app_db)))
    phone.call(NotificationKindsState, "choose_seen", said)
    assert seen_rows(app_db) == []
    assert phone.state(NotificationKindsState).seen_on is False


def test_signed_out_the_seen_switch_saves_nothing(app_db):
    make_user(app_db)
    stranger = Browser.with_token("")
    before = snapshot(app_db)
    assert stranger.call(NotificationKindsState, "choose_seen", True) is not None
    assert snapshot(app_db) == before
    assert stranger.state(NotificationKindsState).seen_on is False
