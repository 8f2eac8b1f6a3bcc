"""The one handler shape (``AppState._perform``): who acts, what a refusal shows, and that
a reload which fails after a change never hides the news that the change happened."""

from __future__ import annotations

import pytest

from portal import routes
from portal.services.errors import NotFound, ServiceError
from portal.state.groups_thread import GroupThreadState
from tests.factories import actor_of, make_user
from tests.security.conftest import Browser, token_for


def _phone(app_db) -> tuple[object, Browser]:
    user = make_user(app_db, name="Survivor Juniper")
    return user, Browser.with_token(token_for(app_db, user))


def test_signed_out_goes_to_sign_in_and_the_use_case_never_runs(app_db):
    calls = []
    state = Browser.with_token("").state(GroupThreadState)
    answer = state._perform(lambda **kw: calls.append(kw), done="groups.deleted")
    assert calls == []
    assert routes.SIGN_IN in str(answer)
    assert state.thread_messages == []


def test_the_use_case_gets_the_session_and_the_viewer_from_the_cookie(app_db):
    user, phone = _phone(app_db)
    seen = {}

    def use_case(*, session, actor, post_id):
        seen.update(actor=actor, post_id=post_id, has_session=session is not None)

    phone.state(GroupThreadState)._perform(use_case, post_id=7, done="groups.deleted")
    assert seen == {"actor": actor_of(user), "post_id": 7, "has_session": True}
    state = phone.state(GroupThreadState)
    assert state.thread_tone == "ok"
    assert state.thread_messages == [state._t("groups.deleted")]


def test_a_refusal_is_shown_calmly_and_nothing_is_refreshed(app_db):
    _user, phone = _phone(app_db)
    state = phone.state(GroupThreadState)
    refreshed = []

    def refuse(**_kw):
        raise NotFound()

    state._perform(refuse, done="groups.deleted", refresh=refreshed.append)
    assert refreshed == []
    assert state.thread_tone == "error"
    assert state.thread_messages == [state._t("error.not_found")]


def test_a_failed_reload_keeps_the_success_message(app_db):
    _user, phone = _phone(app_db)
    state = phone.state(GroupThreadState)
    state.posts = []

    def reload_out_of_sight(_viewer):
        raise ServiceError("error.not_found")

    state._perform(lambda **_kw: None, done="groups.deleted", refresh=reload_out_of_sight)
    assert state.thread_tone == "ok"
    assert state.thread_messages == [state._t("groups.deleted")]
    assert state.thread_ready is False and state.can_reply is False


@pytest.mark.parametrize("refresh_first", [False, True])
def test_the_reload_order_is_a_parameter(app_db, refresh_first):
    _user, phone = _phone(app_db)
    state = phone.state(GroupThreadState)
    order = []
    state._perform(lambda **_kw: "result", then=lambda result: order.append(("then", result)),
                   refresh=lambda _viewer: order.append(("refresh", None)),
                   refresh_first=refresh_first)
    expected = [("then", "result"), ("refresh", None)]
    assert order == (expected[::-1] if refresh_first else expected)
