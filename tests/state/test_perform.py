"""The one handler shape (AppState._perform/_load): what a member sees after a change,
a refusal, a refused reload, and a signed-out call."""

from __future__ import annotations

import pytest

from portal.services.errors import PermissionDenied, ServiceError
from portal.state.account import AccountState
from portal.state.base import AppState
from portal.state.groups_thread import GroupThreadState
from portal.state.mentoring_desk import MentorDeskState
from portal.state.notifications import NotificationsState
from portal.state.staff import StaffState
from tests.factories.accounts import actor_of, make_user
from tests.state.browser import Browser, token_for

# The rules live in Python: one database is enough (the matrix covers PostgreSQL).
on_sqlite = pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)


def _member_tab(app_db) -> Browser:
    return Browser.with_token(token_for(app_db, make_user(app_db, name="Member Wren")))


def _changed(*, session, actor) -> str:
    return "changed"


def _refuse(*, session, actor) -> None:
    raise ServiceError("error.not_allowed")


def _refuse_reload(viewer) -> None:
    raise PermissionDenied("error.not_allowed")


@on_sqlite
def test_a_refused_reload_keeps_the_success_message(app_db):
    state = _member_tab(app_db).state(AccountState)
    state._perform(_changed, done="account.saved", refresh=_refuse_reload)
    assert state._message_shown() == state._t("account.saved")


@on_sqlite
def test_a_refused_change_shows_the_refusal_and_neither_then_nor_refresh_run(app_db):
    state = _member_tab(app_db).state(AccountState)
    ran: list[str] = []
    state._perform(_refuse, done="account.saved", then=ran.append,
                   refresh=lambda viewer: ran.append("refresh"))
    assert ran == []
    assert state._message_shown() == state._t("error.not_allowed")


@on_sqlite
def test_then_sees_the_result_and_what_it_returns_is_the_handlers_answer(app_db):
    state = _member_tab(app_db).state(AccountState)
    seen: list[str] = []

    def then(result: str) -> str:
        seen.append(result)
        return "an event"
    assert state._perform(_changed, then=then) == "an event"
    assert seen == ["changed"]


@on_sqlite
def test_a_second_message_area_takes_its_own_refusals(app_db):
    browser = _member_tab(app_db)
    browser.call(AccountState, "set_quick_exit_choice", "yes")  # not a boolean: refused
    state = browser.state(AccountState)
    assert state._message_shown(at="quick_exit") == state._t("error.bad_request")
    assert state._message_shown() == ""


@on_sqlite
def test_signed_out_a_change_goes_to_sign_in_and_runs_nothing(app_db):
    state = Browser.with_token("").state(AccountState)
    ran: list[str] = []
    answer = state._perform(lambda **_: ran.append("use case"))
    assert answer is not None and ran == []


@on_sqlite
def test_a_public_read_leaves_a_signed_out_visitor_where_they_are(app_db):
    browser = Browser.with_token("")
    assert browser.call(NotificationsState, "load_unread_count") is None
    assert browser.state(NotificationsState).unread_count == 0
    assert browser.call(NotificationsState, "load_notifications") is not None


@on_sqlite
def test_a_refused_read_empties_the_page_and_speaks_in_the_states_own_area(app_db):
    browser = _member_tab(app_db)  # a survivor, not a mentor: the desk is refused
    browser.call(MentorDeskState, "load_desk")
    state = browser.state(MentorDeskState)
    assert state._message_shown() == state._t("error.not_allowed")
    assert state.page_message_tone == "error"
    assert state.desk_ready is False and state.incoming == [] and state.page_message_at == "desk"


def test_where_a_state_speaks_is_neither_sent_to_the_browser_nor_stored():
    for state_class in (AppState, MentorDeskState, StaffState):
        assert "_message_place" not in state_class.get_fields()


@on_sqlite
def test_the_use_case_gets_the_session_and_the_viewer_from_the_cookie(app_db):
    user = make_user(app_db, name="Survivor Juniper")
    state = Browser.with_token(token_for(app_db, user)).state(GroupThreadState)
    seen = {}

    def use_case(*, session, actor, post_id):
        seen.update(actor=actor, post_id=post_id, has_session=session is not None)

    state._perform(use_case, post_id=7, done="groups.deleted")
    assert seen == {"actor": actor_of(user), "post_id": 7, "has_session": True}
    assert state.thread_tone == "ok"
    assert state.thread_messages == [state._t("groups.deleted")]


@on_sqlite
@pytest.mark.parametrize("refresh_first", [False, True])
def test_the_reload_order_is_a_parameter(app_db, refresh_first):
    state = _member_tab(app_db).state(GroupThreadState)
    order = []
    state._perform(_changed, then=lambda result: order.append(("then", result)),
                   refresh=lambda _viewer: order.append(("refresh", None)),
                   refresh_first=refresh_first)
    expected = [("then", "changed"), ("refresh", None)]
    assert order == (expected[::-1] if refresh_first else expected)
