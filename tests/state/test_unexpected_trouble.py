"""Something fails that Lantern did not expect (portal/state/trouble.py).

The member is told, in her language, at the top of whatever she was doing, and the log
says what failed without a word of what she wrote. Played here on the handler's side
and on the log's; tests/e2e/test_unexpected_trouble.py plays it in a browser against a
real database failure.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from reflex_base.event import EventSpec

from portal.state import trouble
from portal.state.base import TROUBLE_PLACE, AppState, _off_the_event_loop
from portal.state.mentoring_thread import ThreadState
from tests.state.browser import Browser

HER_WORDS = "my new address is 12 Quiet Lane"


def _raised_from_her_words() -> Exception:
    """An error shaped like a database's: its message, and its cause's, quote her words."""
    try:
        try:
            raise ValueError(f"DETAIL: Key (body)=({HER_WORDS}) already exists")
        except ValueError as cause:
            raise RuntimeError(f"[parameters: {{'body': '{HER_WORDS}'}}]") from cause
    except RuntimeError as failure:
        return failure


@pytest.fixture(autouse=True)
def _fresh_quiet_period():
    trouble._last_notice.clear()
    yield
    trouble._last_notice.clear()


def test_the_log_names_what_failed_and_where_never_what_she_wrote(caplog):
    failure = _raised_from_her_words()
    with caplog.at_level(logging.ERROR, logger="portal.trouble"):
        trouble.on_unexpected_trouble(failure)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "builtins.RuntimeError" in logged and "builtins.ValueError" in logged
    assert "_raised_from_her_words" in logged  # the code line it passed through
    assert HER_WORDS not in logged and "Quiet Lane" not in logged
    assert "DETAIL" not in logged and "parameters" not in logged


def test_she_is_answered_with_the_notice_once_in_a_quiet_period(monkeypatch):
    monkeypatch.setattr(trouble, "_tab_token", lambda: "tab-1")
    first = trouble.on_unexpected_trouble(RuntimeError("x"))
    assert isinstance(first, EventSpec)
    assert first.handler.fn.__name__ == "show_unexpected_trouble"
    assert trouble.on_unexpected_trouble(RuntimeError("x")) is None  # no loop
    monkeypatch.setattr(trouble, "_tab_token", lambda: "tab-2")
    assert trouble.on_unexpected_trouble(RuntimeError("x")) is not None  # another tab
    monkeypatch.setattr(trouble, "time", type("Later", (), {
        "monotonic": staticmethod(lambda: 10**9)}))
    monkeypatch.setattr(trouble, "_tab_token", lambda: "tab-1")
    assert trouble.on_unexpected_trouble(RuntimeError("x")) is not None  # after a while


def test_the_app_uses_lanterns_handler():
    from portal.portal import app

    assert app.backend_exception_handler is trouble.on_unexpected_trouble


def test_only_the_notice_handlers_pass_the_viewer_check_without_the_database():
    class Named:
        def __init__(self, name: str) -> None:
            self.name = name

    app_state = AppState.get_full_name()
    assert trouble.is_message_only(Named(f"{app_state}.show_unexpected_trouble"))
    assert trouble.is_message_only(Named(f"{app_state}.dismiss_trouble"))
    assert not trouble.is_message_only(Named(f"{app_state}.load_page"))
    assert not trouble.is_message_only(
        Named(f"{ThreadState.get_full_name()}.show_unexpected_trouble"))
    assert not trouble.is_message_only(Named("show_unexpected_trouble"))
    assert not trouble.is_message_only(object())


def quiet_handler(state) -> None:
    """Stands in for any of our handlers that finishes."""


def failing_handler(state) -> None:
    raise RuntimeError("the database went away")


quiet_handler.__module__ = failing_handler.__module__ = "portal.state.example"


def test_the_notice_speaks_her_language_and_goes_at_her_next_success():
    app_state = Browser.with_token("").state(AppState)
    app_state.lang = "es"
    asyncio.run(AppState.show_unexpected_trouble.fn(app_state))
    assert app_state.page_message_at == TROUBLE_PLACE
    assert app_state.page_message_tone == "error"
    assert app_state.page_message.startswith("Algo falló de nuestro lado")
    with pytest.raises(RuntimeError):  # another failure leaves it where it is
        asyncio.run(_off_the_event_loop(failing_handler)(app_state))
    assert app_state.page_message.startswith("Algo falló")
    asyncio.run(_off_the_event_loop(quiet_handler)(app_state))  # a handler that finishes
    assert app_state.page_message == ""


def test_closing_the_notice_leaves_any_other_message_and_a_success_keeps_it():
    app_state = Browser.with_token("").state(AppState)
    asyncio.run(AppState.show_unexpected_trouble.fn(app_state))
    assert app_state.page_message.startswith("Something went wrong on our side")
    asyncio.run(AppState.dismiss_trouble.fn(app_state))
    assert app_state.page_message == ""
    app_state._show_message("Saved.", "ok", at="")
    asyncio.run(AppState.dismiss_trouble.fn(app_state))
    asyncio.run(_off_the_event_loop(quiet_handler)(app_state))
    assert app_state.page_message == "Saved."


def test_a_failed_live_refresh_is_logged_without_what_she_wrote(monkeypatch, caplog):
    """A push whose reload fails (one tab) logs the failure the same content-free way,
    and the other tabs carry on."""
    from portal.state import live as live_state

    async def failing_refresh(*_args, **_kwargs):
        raise _raised_from_her_words()

    monkeypatch.setattr(live_state, "refresh_tab", failing_refresh)

    async def one_push() -> int:
        deliveries = live_state.Deliveries()
        tab = live_state.LiveTab(viewer_id=1, topics=frozenset({"match:1"}))
        done = deliveries.add(object(), "tab-1", tab, [ThreadState], True, {})
        return await done

    with caplog.at_level(logging.ERROR, logger="portal.state.live"):
        assert asyncio.run(one_push()) == 0
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "A live refresh failed" in logged and "builtins.RuntimeError" in logged
    assert HER_WORDS not in logged and "DETAIL" not in logged
    assert all(record.exc_info is None for record in caplog.records)


def test_a_state_saved_too_late_is_logged_but_not_told(monkeypatch, caplog):
    """Under heavy load Reflex may give up saving a tab's state after its event ran and
    answered: telling her to try again would have her do it twice."""
    from reflex_base.utils.exceptions import LockExpiredError

    monkeypatch.setattr(trouble, "_tab_token", lambda: "tab-9")
    with caplog.at_level(logging.ERROR, logger="portal.trouble"):
        assert trouble.on_unexpected_trouble(LockExpiredError("Lock expired for token x")) is None
    assert "LockExpiredError" in caplog.text and "token x" not in caplog.text
    assert trouble.on_unexpected_trouble(RuntimeError("x")) is not None  # others still told
