"""The tab's one message (state/base.py): shown at its own place, gone when the tab opens
another page, and never shown to the next person who uses the tab."""

from __future__ import annotations

import asyncio

import pytest

from portal import routes
from portal.auth.cookies import SESSION_COOKIE
from portal.state.account import AccountState
from portal.state.base import AppState
from portal.state.mentoring_thread import ThreadState
from portal.state.viewer_binding import ViewerBinding
from tests.factories.accounts import make_user
from tests.state.browser import Browser, token_for

on_sqlite = pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)


def _refused_quick_exit_choice(app_db) -> Browser:
    """Wren's account page after a choice that is not yes or no: a calm refusal."""
    tab = Browser.with_token(token_for(app_db, make_user(app_db, name="Member Wren")))
    asyncio.run(ViewerBinding().preprocess(None, tab.root, None))  # the tab is hers
    tab.call(AccountState, "set_quick_exit_choice", "yes")
    assert tab.state(AccountState)._message_shown(at="quick_exit") != ""
    return tab


@on_sqlite
def test_a_message_is_shown_only_at_its_own_place(app_db):
    tab = _refused_quick_exit_choice(app_db)
    app = tab.state(AppState)
    assert (app.page_message_at, app.page_message_tone) == ("quick_exit", "error")
    # The top of the page and the account form's own place stay empty.
    assert app._message_shown(at="") == ""
    assert tab.state(AccountState)._message_shown() == ""
    # Clearing another place leaves it; clearing its own takes it away.
    tab.state(AccountState)._clear_message()
    assert app.page_message != ""
    tab.state(AccountState)._clear_message(at="quick_exit")
    assert app.page_message == ""


@on_sqlite
def test_opening_another_page_takes_the_message_away(app_db):
    tab = _refused_quick_exit_choice(app_db)
    tab.open(routes.GROUPS, {})
    tab.call(AppState, "load_page")
    assert tab.state(AppState).page_message == ""


@on_sqlite
def test_the_next_person_on_the_tab_never_sees_the_message(app_db):
    tab = _refused_quick_exit_choice(app_db)
    someone_else = token_for(app_db, make_user(app_db, name="Member Rowan"))
    tab.root.router = type(tab.root.router).from_router_data(
        {"headers": {"cookie": f"{SESSION_COOKIE}={someone_else}"}})
    asyncio.run(ViewerBinding().preprocess(None, tab.root, None))
    app = tab.state(AppState)
    assert (app.page_message, app.page_message_at) == ("", "")


@on_sqlite
def test_signed_out_the_tab_forgets_the_message(app_db):
    tab = _refused_quick_exit_choice(app_db)
    tab.root.router = type(tab.root.router).from_router_data({"headers": {"cookie": ""}})
    asyncio.run(ViewerBinding().preprocess(None, tab.root, None))
    assert tab.state(AppState).page_message == ""


def test_a_state_with_two_places_answers_at_the_one_it_names():
    state = Browser.with_token("").state(ThreadState)
    state._show_message("Sent.", "ok", at="sent")
    assert state._message_shown(at="sent") == "Sent."
    assert state._message_shown() == ""  # not at the top of the mentorship's page
    state._show_message("Ended.", "ok")
    assert (state.page_message_at, state._message_shown(at="sent")) == ("thread", "")
