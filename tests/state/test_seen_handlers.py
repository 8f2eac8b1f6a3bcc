""""Seen" through the handlers a browser calls (issue 15, item 4): Luna's open messages
tab shows "seen" on her message once Sol's tab opened the thread, only while both chose
it, and drops it when his switch goes off; his tab never shows it on hers."""

from __future__ import annotations

from portal.services import mentoring
from portal.state.mentoring_thread import ThreadState
from portal.state.notifications import NotificationKindsState
from tests.factories.accounts import actor_of
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.state.browser import Browser, token_for
from tests.state.test_live_handlers import phone_on_messages


def seen_marks(phone: Browser) -> dict[str, bool]:
    return {m["body"]: m["seen"] for m in phone.state(ThreadState).messages}


def test_her_tab_shows_seen_once_he_opened_it_and_drops_it_when_he_turns_it_off(app_db):
    luna, sol = make_survivor(app_db), make_mentor(app_db)
    match = make_match(app_db, luna, sol)
    luna_settings = Browser.with_token(token_for(app_db, luna))
    sol_settings = Browser.with_token(token_for(app_db, sol))
    for settings in (luna_settings, sol_settings):
        settings.call(NotificationKindsState, "choose_seen", True)
    luna_phone, _ = phone_on_messages(app_db, luna, match.id)
    luna_phone.call(ThreadState, "send_message",
                    {"match_id": str(match.id), "body": "See you Thursday?"})
    assert seen_marks(luna_phone) == {"See you Thursday?": False}

    sol_phone, _ = phone_on_messages(app_db, sol, match.id)  # he opens the thread
    assert seen_marks(sol_phone) == {"See you Thursday?": False}  # never on hers for him
    assert luna_phone.state(ThreadState)._live_refresh(luna.id) is True
    assert seen_marks(luna_phone) == {"See you Thursday?": True}

    sol_settings.call(NotificationKindsState, "choose_seen", False)
    assert luna_phone.state(ThreadState)._live_refresh(luna.id) is True
    assert seen_marks(luna_phone) == {"See you Thursday?": False}


def test_with_only_her_switch_on_his_reading_shows_her_nothing(app_db):
    luna, sol = make_survivor(app_db), make_mentor(app_db)
    match = make_match(app_db, luna, sol)
    Browser.with_token(token_for(app_db, luna)).call(NotificationKindsState, "choose_seen",
                                                     True)
    mentoring.send_message(session=app_db, actor=actor_of(luna), match_id=match.id,
                           body="Hello")
    phone_on_messages(app_db, sol, match.id)
    luna_phone, _ = phone_on_messages(app_db, luna, match.id)
    assert seen_marks(luna_phone) == {"Hello": False}
